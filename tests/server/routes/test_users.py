"""/users: administrators manage accounts and policies; nobody else may."""

from __future__ import annotations

from fastapi.testclient import TestClient

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.server import Services
from tests.server.multi_user import (  # noqa: F401
    admin_headers_fixture,
    bearer,
    login,
    multi_fixture,
    multi_services_fixture,
    user_headers,
)

USERS = "/api/v1/users"


def test_non_admins_get_403(multi: TestClient) -> None:
    headers = user_headers(multi, "alice", DEFAULT_POLICIES | {Policy.MODIFY_OTHERS_WORKFLOWS})
    for method, path in [("get", USERS), ("post", USERS), ("get", f"{USERS}/x"),
                         ("patch", f"{USERS}/x"), ("post", f"{USERS}/x/password"),
                         ("get", f"{USERS}/x/tokens")]:
        body = {"username": "bob", "password": "12345678"} if method == "post" else {}
        response = multi.request(method, path, headers=headers, json=body)
        assert response.status_code == 403, (method, path)
        assert "admin" in response.json()["error"]["message"]
    assert multi.get(USERS).status_code == 401


def test_admins_create_list_and_get_users(multi: TestClient,
                                          admin_headers: dict[str, str]) -> None:
    created = multi.post(USERS, headers=admin_headers,
                         json={"username": "bob", "password": "bob's password"})
    assert created.status_code == 201
    bob = created.json()
    assert bob["username"] == "bob" and bob["active"]
    assert set(bob["policies"]) == DEFAULT_POLICIES
    assert "password" not in str(bob) and "hash" not in str(bob)
    assert multi.get(f"{USERS}/{bob['id']}", headers=admin_headers).json() == bob
    assert login(multi, "bob", "bob's password")["access_token"]

    carol = multi.post(USERS, headers=admin_headers, json={
        "username": "carol", "password": "carol's password", "policies": ["run_workflows"]})
    assert carol.json()["policies"] == ["run_workflows"]

    page = multi.get(USERS, headers=admin_headers, params={"limit": 2}).json()
    assert [u["username"] for u in page["items"]] == ["admin", "bob"]
    assert (page["total"], page["offset"], page["limit"]) == (3, 0, 2)
    found = multi.get(USERS, headers=admin_headers, params={"q": "CAR"}).json()
    assert [u["username"] for u in found["items"]] == ["carol"] and found["total"] == 1


def test_bad_new_users_are_refused_clearly(multi: TestClient,
                                           admin_headers: dict[str, str]) -> None:
    def create(**body: object) -> tuple[int, str]:
        response = multi.post(USERS, headers=admin_headers, json=body)
        return response.status_code, response.json()["error"]["message"]

    status, message = create(username="ADMIN", password="long enough")
    assert status == 409 and "already taken" in message
    status, message = create(username="with space", password="long enough")
    assert status == 422 and "username" in message
    status, message = create(username="dan", password="short")
    assert status == 422 and "password" in message
    status, message = create(username="dan", password="long enough", policies=["superuser"])
    assert status == 422 and "policies" in message
    assert multi.get(f"{USERS}/no-such-id", headers=admin_headers).status_code == 404


def test_policies_are_set_and_enforced(multi: TestClient, multi_services: Services,
                                       admin_headers: dict[str, str]) -> None:
    erin = user_headers(multi, "erin", [Policy.RUN_WORKFLOWS])
    erin_id = multi.get("/api/v1/auth/me", headers=erin).json()["id"]
    assert multi.get(USERS, headers=erin).status_code == 403

    changed = multi.patch(f"{USERS}/{erin_id}", headers=admin_headers,
                          json={"policies": ["admin", "run_workflows"]})
    assert changed.status_code == 200
    assert changed.json()["policies"] == ["admin", "run_workflows"]
    assert multi.get(USERS, headers=erin).status_code == 200

    multi.patch(f"{USERS}/{erin_id}", headers=admin_headers, json={"policies": []})
    assert multi.get(USERS, headers=erin).status_code == 403
    assert multi.patch(f"{USERS}/{erin_id}", headers=admin_headers,
                       json={"policies": ["nope"]}).status_code == 422
    assert multi_services.accounts.get_user(erin_id).policies == []


def test_deactivated_users_are_refused_until_activated(multi: TestClient,
                                                       admin_headers: dict[str, str]) -> None:
    fred = user_headers(multi, "fred")
    fred_id = multi.get("/api/v1/auth/me", headers=fred).json()["id"]
    off = multi.patch(f"{USERS}/{fred_id}", headers=admin_headers, json={"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    assert multi.get("/api/v1/auth/me", headers=fred).status_code == 401
    on = multi.patch(f"{USERS}/{fred_id}", headers=admin_headers, json={"active": True})
    assert on.json()["active"] is True
    # Deactivating ended the old login for good: a new one is needed.
    assert multi.get("/api/v1/auth/me", headers=fred).status_code == 401
    assert multi.get("/api/v1/auth/me",
                     headers=bearer(login(multi, "fred")["access_token"])).status_code == 200


def test_admins_cannot_lock_themselves_out(multi: TestClient,
                                           admin_headers: dict[str, str]) -> None:
    me = multi.get("/api/v1/auth/me", headers=admin_headers).json()["id"]
    off = multi.patch(f"{USERS}/{me}", headers=admin_headers, json={"active": False})
    assert off.status_code == 400 and "your own account" in off.json()["error"]["message"]
    demoted = multi.patch(f"{USERS}/{me}", headers=admin_headers,
                          json={"policies": ["run_workflows"]})
    assert demoted.status_code == 400 and "admin" in demoted.json()["error"]["message"]
    kept = multi.patch(f"{USERS}/{me}", headers=admin_headers,
                       json={"active": True, "policies": ["admin", "run_workflows"]})
    assert kept.status_code == 200


def test_admins_reset_passwords_and_see_tokens(multi: TestClient, multi_services: Services,
                                               admin_headers: dict[str, str]) -> None:
    gina = user_headers(multi, "gina")
    gina_id = multi.get("/api/v1/auth/me", headers=gina).json()["id"]
    multi_services.accounts.create_api_token(gina_id, "old job")
    tokens = multi.get(f"{USERS}/{gina_id}/tokens", headers=admin_headers).json()
    assert [t["name"] for t in tokens] == ["old job"] and "token" not in tokens[0]
    script = bearer(multi_services.accounts.create_api_token(gina_id, "script").token)
    assert multi.get("/api/v1/auth/me", headers=script).status_code == 200

    reset = multi.post(f"{USERS}/{gina_id}/password", headers=admin_headers,
                       json={"password": "reset by admin"})
    assert reset.status_code == 204
    assert multi.get("/api/v1/auth/me", headers=gina).status_code == 401
    # every API token of the user is revoked too
    assert multi.get("/api/v1/auth/me", headers=script).status_code == 401
    assert multi.get(f"{USERS}/{gina_id}/tokens", headers=admin_headers).json() == []
    assert login(multi, "gina", "reset by admin")["access_token"]
    assert multi.post(f"{USERS}/{gina_id}/password", headers=admin_headers,
                      json={"password": "short"}).status_code == 422
    assert multi.post(f"{USERS}/no-such-id/password", headers=admin_headers,
                      json={"password": "long enough"}).status_code == 404
    assert multi.get(f"{USERS}/no-such-id/tokens", headers=admin_headers).status_code == 404


def test_single_user_mode_manages_accounts_as_the_default_admin(api: TestClient) -> None:
    assert api.get(USERS).json() == {"items": [], "total": 0, "offset": 0, "limit": 50,
                                     "total_exact": True}
    created = api.post(USERS, json={"username": "later", "password": "for multi-user"})
    assert created.status_code == 201
    assert api.get(USERS).json()["total"] == 1
