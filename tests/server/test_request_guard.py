"""Requests another web page could make a browser send are refused: a foreign Host (DNS
rebinding), a state-changing request from a foreign page, or one a browser sends to any site
without asking first (not JSON, no X-PLynx-Client header)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import Headers

from plynx.server import Services, create_app, open_services
from plynx.server.request_guard import CLIENT_HEADER, RequestGuard
from tests.server.conftest import CLIENT_HEADERS, local_client
from tests.server.multi_user import SECRET, bearer, create_user, multi_user_services
from tests.server.routes.test_workflows import API, body_of, pipeline

FOREIGN = "http://evil.example"


@pytest.fixture
def bare(services: Services) -> Iterator[TestClient]:
    """A client sending nothing but what a request needs: no client header."""
    with local_client(create_app(services), headers=None) as client:
        yield client


def run_count(client: TestClient) -> int:
    """How many runs the application holds."""
    return int(client.get(f"{API}/runs").json()["total"])


def with_settings(services: Services, **update: Any) -> Services:
    """``services`` (same stores) with some settings changed."""
    return open_services(services.settings.model_copy(update=update), store=services.store,
                         wake=services.wake)


def a_workflow(api: TestClient) -> str:
    response = api.post(f"{API}/workflows", json=body_of(pipeline()))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


# -- Host: DNS rebinding ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5005", "127.0.0.1.evil.example",
                                  "localhost.evil.example", "[::1", "a b"])
def test_a_foreign_host_is_refused_naming_the_setting(bare: TestClient, host: str) -> None:
    for path in (f"{API}/meta", "/", f"{API}/health"):
        response = bare.get(path, headers={"Host": host})
        assert response.status_code == 400, (path, response.text)
        message = response.json()["error"]["message"]
        assert repr(host) in message and "allowed_hosts" in message


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:5005", "localhost:5005", "[::1]:5005",
                                  "127.0.0.2", "LocalHost", "ui.localhost:5005"])
def test_the_loopback_names_are_served(bare: TestClient, host: str) -> None:
    assert bare.get(f"{API}/meta", headers={"Host": host}).status_code == 200


def test_a_request_without_host_is_refused(services: Services) -> None:
    guard = RequestGuard(create_app(services), services.settings)
    refusal = guard.refusal("GET", Headers({}))
    assert refusal is not None and refusal.status == 400
    assert "allowed_hosts" in refusal.message


def test_a_configured_host_and_allowed_hosts_are_served(services: Services) -> None:
    app = create_app(with_settings(services, host="10.1.2.3",
                                   allowed_hosts=["plynx.example.com", "*.corp.example"]))
    with local_client(app) as client:
        for host in ("10.1.2.3:5005", "plynx.example.com", "ml.corp.example", "a.b.corp.example"):
            assert client.get(f"{API}/meta", headers={"Host": host}).status_code == 200, host
        for host in ("corp.example", "example.com", "plynx.example.com.evil.example"):
            assert client.get(f"{API}/meta", headers={"Host": host}).status_code == 400, host
        # a page of a listed name may change things, whatever the Host the proxy sends on
        created = client.post(f"{API}/workflows", json=body_of(pipeline()),
                              headers={"Host": "10.1.2.3:5005",
                                       "Origin": "https://plynx.example.com"})
        assert created.status_code == 201, created.text


# -- Origin: cross-site requests -------------------------------------------------------------


@pytest.mark.parametrize("origin", [FOREIGN, "http://127.0.0.1:8000", "http://localhost",
                                    "https://127.0.0.1.evil.example", "null", "file://"])
def test_a_foreign_page_cannot_change_anything(api: TestClient, origin: str) -> None:
    workflow_id = a_workflow(api)
    before = run_count(api)
    for method, path, kwargs in (
            ("POST", f"{API}/workflows/{workflow_id}/runs", {"json": {}}),
            ("POST", f"{API}/workflows", {"json": body_of(pipeline())}),
            ("PUT", f"{API}/workflows/{workflow_id}", {"json": body_of(pipeline())}),
            ("DELETE", f"{API}/workflows/{workflow_id}", {})):
        response = api.request(method, path, headers={"Origin": origin}, **kwargs)
        assert response.status_code == 403, (method, path, response.text)
        assert "may not change anything" in response.json()["error"]["message"]
    assert run_count(api) == before
    assert api.get(f"{API}/workflows/{workflow_id}").status_code == 200


def test_without_origin_the_referer_is_checked(api: TestClient) -> None:
    workflow_id = a_workflow(api)
    refused = api.post(f"{API}/workflows/{workflow_id}/runs", json={},
                       headers={"Referer": f"{FOREIGN}/attack.html"})
    assert refused.status_code == 403
    assert repr(FOREIGN) in refused.json()["error"]["message"]
    own = api.post(f"{API}/workflows/{workflow_id}/runs", json={},
                   headers={"Referer": "http://127.0.0.1/workflows/x"})
    assert own.status_code == 201, own.text


def test_the_servers_own_pages_change_things(bare: TestClient) -> None:
    for origin, host in (("http://127.0.0.1", "127.0.0.1"),
                         ("http://localhost:5005", "localhost:5005"),
                         ("http://[::1]:5005", "[::1]:5005")):
        headers = {"Origin": origin, "Host": host}
        created = bare.post(f"{API}/workflows", json=body_of(pipeline()), headers=headers)
        assert created.status_code == 201, created.text
        launched = bare.post(f"{API}/workflows/{created.json()['id']}/runs",
                             headers={**headers, CLIENT_HEADER: "web"})
        assert launched.status_code == 201, launched.text


# -- requests a browser sends anywhere without asking ----------------------------------------


@pytest.mark.parametrize("content", [
    {"content": '{"title": "forged"}', "headers": {"Content-Type": "text/plain"}},
    {"content": '{"title": "forged"}',
     "headers": {"Content-Type": "text/plain; application/json"}},
    {"data": {"title": "forged"}},
    {"files": {"file": ("forged.txt", b"data")}},
    {},
])
def test_a_simple_request_without_the_client_header_is_refused(
        bare: TestClient, content: dict[str, Any]) -> None:
    workflow_id = a_workflow(bare)  # JSON: allowed
    for path in (f"{API}/workflows", f"{API}/workflows/{workflow_id}/runs", f"{API}/artifacts"):
        response = bare.post(path, **content)
        assert response.status_code == 403, (path, response.text)
        assert CLIENT_HEADER in response.json()["error"]["message"]
    assert run_count(bare) == 0


def test_json_or_the_client_header_gets_in(bare: TestClient) -> None:
    created = bare.post(f"{API}/workflows", json=body_of(pipeline()))
    assert created.status_code == 201, created.text
    workflow_id = created.json()["id"]
    assert bare.post(f"{API}/workflows/{workflow_id}/runs",
                     headers=CLIENT_HEADERS).status_code == 201
    uploaded = bare.post(f"{API}/artifacts", files={"file": ("a.txt", b"data")},
                         headers=CLIENT_HEADERS)
    assert uploaded.status_code == 201, uploaded.text
    assert bare.delete(f"{API}/workflows/{workflow_id}", headers=CLIENT_HEADERS).status_code == 204


def test_gets_need_neither_header_nor_own_origin(bare: TestClient) -> None:
    for headers in ({}, {"Origin": FOREIGN}, {"Referer": FOREIGN}):
        assert bare.get(f"{API}/meta", headers=headers).status_code == 200
        assert bare.get("/workflows", headers=headers).status_code == 200


def test_no_cors_access_is_ever_granted(bare: TestClient) -> None:
    preflight = bare.options(f"{API}/workflows", headers={
        "Origin": FOREIGN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": f"content-type, {CLIENT_HEADER.lower()}"})
    read = bare.get(f"{API}/meta", headers={"Origin": FOREIGN})
    for response in (preflight, read):
        assert not [name for name in response.headers if name.startswith("access-control-")]


# -- multi-user mode ---------------------------------------------------------------------------


def test_multi_user_mode_checks_hosts_only_when_allowed_hosts_is_set(services: Services) -> None:
    user = create_user(services, "dora")
    token = services.accounts.create_api_token(user.id, "script").token
    multi = multi_user_services(services)
    assert multi.settings.secret == SECRET
    with local_client(create_app(multi), headers=None) as client:
        headers = {**bearer(token), "Host": "plynx.example.com", "Origin": FOREIGN}
        assert client.get(f"{API}/meta", headers=headers).status_code == 200
        # a token is a header no page sends unasked: no client header needed
        assert client.post(f"{API}/workflows/none/runs", headers=headers).status_code == 404
        anonymous = client.post(f"{API}/auth/login", data={"username": "dora"})
        assert anonymous.status_code == 403
    guarded = create_app(with_settings(multi, allowed_hosts=["plynx.example.com"]))
    with local_client(guarded, headers=None) as client:
        assert client.get(f"{API}/meta", headers={**bearer(token),
                                                   "Host": "other.example"}).status_code == 400
        refused = client.post(f"{API}/workflows/none/runs", headers={
            **bearer(token), "Host": "plynx.example.com", "Origin": FOREIGN})
        assert refused.status_code == 403
