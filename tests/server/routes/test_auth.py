"""/auth: logging in, refreshing, one's own account, password and API tokens."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from plynx.auth import Policy
from plynx.server import Services
from plynx.store.columns import utcnow
from plynx.store.login_throttle import LoginLimits, LoginThrottle
from plynx.store.tables import LoginFailureRow
from tests.server.conftest import local_client
from tests.server.multi_user import (  # noqa: F401
    PASSWORD,
    bearer,
    create_user,
    login,
    multi_fixture,
    multi_services_fixture,
    user_headers,
)

ME = "/api/v1/auth/me"


def error(response: httpx.Response) -> str:
    """The message of an error response."""
    message: str = response.json()["error"]["message"]
    return message


def test_login_gives_tokens_that_work(multi: TestClient) -> None:
    user = create_user(multi, "alice", {Policy.RUN_WORKFLOWS})
    tokens = login(multi, "alice")
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    me = multi.get(ME, headers=bearer(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json() == {"id": user.id, "username": "alice", "policies": ["run_workflows"],
                         "is_admin": False, "multi_user": True}
    assert login(multi, "ALICE")["access_token"]


def test_wrong_credentials_get_the_same_401(multi: TestClient) -> None:
    create_user(multi, "bob")
    wrong = multi.post("/api/v1/auth/login", json={"username": "bob", "password": "nope nope"})
    unknown = multi.post("/api/v1/auth/login", json={"username": "who", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert error(wrong) == error(unknown) == "wrong username or password"
    assert wrong.headers["www-authenticate"] == "Bearer"
    missing = multi.post("/api/v1/auth/login", json={"username": "bob"})
    assert missing.status_code == 422 and "password" in error(missing)


def test_requests_without_a_valid_token_get_401(multi: TestClient) -> None:
    assert multi.get(ME).status_code == 401
    assert multi.get(ME, headers=bearer("nonsense")).status_code == 401
    assert multi.get(ME, headers={"Authorization": "Basic YTpi"}).status_code == 401


def test_refresh_and_access_tokens_are_not_interchangeable(multi: TestClient) -> None:
    create_user(multi, "carol")
    tokens = login(multi, "carol")

    refreshed = multi.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    assert multi.get(ME, headers=bearer(refreshed.json()["access_token"])).status_code == 200

    as_access = multi.get(ME, headers=bearer(tokens["refresh_token"]))
    assert as_access.status_code == 401 and error(as_access) == "not an access token"
    as_refresh = multi.post("/api/v1/auth/refresh", json={"refresh_token": tokens["access_token"]})
    assert as_refresh.status_code == 401 and error(as_refresh) == "not a refresh token"


def test_changing_the_password_ends_earlier_logins_and_api_tokens(
        multi: TestClient, multi_services: Services) -> None:
    user = create_user(multi, "dora")
    old = login(multi, "dora")
    headers = bearer(old["access_token"])

    wrong = multi.post("/api/v1/auth/password", headers=headers,
                       json={"current_password": "not it at all", "new_password": "n3w password"})
    assert wrong.status_code == 400 and "current_password" in error(wrong)
    weak = multi.post("/api/v1/auth/password", headers=headers,
                      json={"current_password": PASSWORD, "new_password": "short"})
    assert weak.status_code == 422 and "new_password" in error(weak)

    script = bearer(multi_services.accounts.create_api_token(user.id, "script").token)
    changed = multi.post("/api/v1/auth/password", headers=headers,
                         json={"current_password": PASSWORD, "new_password": "n3w password"})
    assert changed.status_code == 200
    assert multi.get(ME, headers=bearer(changed.json()["access_token"])).status_code == 200

    stale = multi.get(ME, headers=headers)
    assert stale.status_code == 401 and "log in again" in error(stale)
    revoked = multi.get(ME, headers=script)
    assert revoked.status_code == 401 and "revoked" in error(revoked)
    assert multi.post("/api/v1/auth/refresh",
                      json={"refresh_token": old["refresh_token"]}).status_code == 401
    assert multi.post("/api/v1/auth/login",
                      json={"username": "dora", "password": PASSWORD}).status_code == 401
    assert login(multi, "dora", "n3w password")["access_token"]


def test_deactivated_users_are_refused(multi: TestClient, multi_services: Services) -> None:
    user = create_user(multi, "erin")
    tokens = login(multi, "erin")
    api_token = multi_services.accounts.create_api_token(user.id, "job").token
    multi_services.accounts.set_active(user.id, False)
    assert multi.get(ME, headers=bearer(tokens["access_token"])).status_code == 401
    refused = multi.get(ME, headers=bearer(api_token))
    assert refused.status_code == 401 and "deactivated" in error(refused)
    assert multi.post("/api/v1/auth/login",
                      json={"username": "erin", "password": PASSWORD}).status_code == 401
    assert multi.post("/api/v1/auth/refresh",
                      json={"refresh_token": tokens["refresh_token"]}).status_code == 401


# -- too many failed logins


@pytest.fixture
def low_limits(multi_services: Services) -> LoginThrottle:
    """3 failures per account, 5 per address, in 15 minutes."""
    multi_services.logins.limits = LoginLimits(per_account=3, per_address=5,
                                               window=timedelta(minutes=15))
    return multi_services.logins


def attempt(client: TestClient, username: str, password: str = "wrong password"
            ) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_an_account_with_too_many_failed_logins_is_refused_for_a_while(
        multi: TestClient, multi_services: Services, low_limits: LoginThrottle) -> None:
    create_user(multi, "jo")
    create_user(multi, "kim")
    assert [attempt(multi, "jo").status_code for _ in range(3)] == [401, 401, 401]

    refused = attempt(multi, "JO", PASSWORD)  # even the right password, in any case
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_attempts"
    assert error(refused) == "too many failed logins for this account: try again in 15 minutes"
    assert 890 <= int(refused.headers["retry-after"]) <= 900
    assert attempt(multi, "nobody").status_code == 401  # unknown users count separately
    assert login(multi, "kim")["access_token"]  # others log in, from the same address

    # the lock-out lasts one window, from the first failure
    with multi_services.store.engine.begin() as connection:
        connection.execute(update(LoginFailureRow).values(
            window_start=utcnow() - timedelta(minutes=15)))
    assert login(multi, "jo")["access_token"]


def test_a_successful_login_clears_the_count_of_the_account(
        multi: TestClient, low_limits: LoginThrottle) -> None:
    create_user(multi, "lee")
    for _ in range(3):
        assert attempt(multi, "lee").status_code == 401
        assert login(multi, "lee")["access_token"]
    assert attempt(multi, "lee").status_code == 401


def test_an_address_with_too_many_failed_logins_is_refused(
        multi: TestClient, low_limits: LoginThrottle) -> None:
    create_user(multi, "max")
    for name in ("a", "b", "c", "d", "e"):
        assert attempt(multi, name).status_code == 401
    refused = attempt(multi, "max", PASSWORD)
    assert refused.status_code == 429
    assert error(refused).startswith("too many failed logins from your address: try again in")
    elsewhere = local_client(multi.app, client=("10.1.2.3", 4000))  # type: ignore[arg-type]
    with elsewhere:
        assert attempt(elsewhere, "max", PASSWORD).status_code == 200


def test_wrong_current_passwords_count_as_failed_logins(
        multi: TestClient, low_limits: LoginThrottle) -> None:
    create_user(multi, "ned")
    headers = bearer(login(multi, "ned")["access_token"])
    change = {"current_password": "not the password", "new_password": "a new password"}
    for _ in range(3):
        assert multi.post("/api/v1/auth/password", headers=headers,
                          json=change).status_code == 400
    right = {**change, "current_password": PASSWORD}
    refused = multi.post("/api/v1/auth/password", headers=headers, json=right)
    assert refused.status_code == 429 and "retry-after" in refused.headers
    assert attempt(multi, "ned", PASSWORD).status_code == 429


def test_api_tokens_are_created_listed_and_revoked(multi: TestClient) -> None:
    headers = user_headers(multi, "fred")
    created = multi.post("/api/v1/auth/tokens", headers=headers,
                         json={"name": "nightly", "expires_in_days": 30})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("plx_") and created.json()["expires_at"]

    me = multi.get(ME, headers=bearer(token))
    assert me.status_code == 200 and me.json()["username"] == "fred"

    listed = multi.get("/api/v1/auth/tokens", headers=headers).json()
    assert [t["name"] for t in listed] == ["nightly"]
    assert "token" not in listed[0] and token not in str(listed)
    assert listed[0]["last_used_at"] is not None

    bad = multi.post("/api/v1/auth/tokens", headers=headers, json={"name": ""})
    assert bad.status_code == 422
    never = multi.post("/api/v1/auth/tokens", headers=headers, json={"name": "forever"})
    assert never.status_code == 201 and never.json()["expires_at"] is None

    revoked = multi.delete(f"/api/v1/auth/tokens/{created.json()['id']}", headers=headers)
    assert revoked.status_code == 204
    assert multi.get(ME, headers=bearer(token)).status_code == 401
    assert multi.delete(f"/api/v1/auth/tokens/{created.json()['id']}",
                        headers=headers).status_code == 404
    assert [t["name"] for t in multi.get("/api/v1/auth/tokens", headers=headers).json()] == [
        "forever"]


def test_only_the_owner_or_an_admin_revokes_a_token(multi: TestClient) -> None:
    owner = user_headers(multi, "gina")
    other = user_headers(multi, "hank")
    admin = user_headers(multi, "root", {Policy.ADMIN})
    token_id = multi.post("/api/v1/auth/tokens", headers=owner, json={"name": "x"}).json()["id"]
    assert multi.delete(f"/api/v1/auth/tokens/{token_id}", headers=other).status_code == 404
    assert multi.delete(f"/api/v1/auth/tokens/{token_id}", headers=admin).status_code == 204
    assert multi.get("/api/v1/auth/tokens", headers=owner).json() == []


def test_policies_are_listed_with_what_they_allow(multi: TestClient) -> None:
    headers = user_headers(multi, "ivy", [])
    listed = multi.get("/api/v1/auth/policies", headers=headers).json()
    assert {p["name"] for p in listed} == {p.value for p in Policy}
    assert all(p["description"] for p in listed)
    me = multi.get(ME, headers=headers).json()
    assert me["policies"] == [] and not me["is_admin"]


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/api/v1/auth/login", {"username": "a", "password": "b"}),
    ("post", "/api/v1/auth/refresh", {"refresh_token": "x"}),
    ("post", "/api/v1/auth/password", {"current_password": "a", "new_password": "b" * 8}),
    ("get", "/api/v1/auth/tokens", None),
    ("post", "/api/v1/auth/tokens", {"name": "x"}),
    ("delete", "/api/v1/auth/tokens/x", None),
])
def test_single_user_mode_needs_no_login(api: TestClient, method: str, path: str,
                                         body: object) -> None:
    response = api.request(method, path, json=body)
    assert response.status_code == 400
    assert error(response).startswith("single-user mode: no login needed")


def test_single_user_mode_me_is_the_default_user(api: TestClient) -> None:
    me = api.get(ME).json()
    assert me["id"] == me["username"] == "default"
    assert me["is_admin"] and set(me["policies"]) == {p.value for p in Policy}
