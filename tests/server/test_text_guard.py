"""No NUL character (nor lone surrogate) in any text of a request reaches a route: a 422 names
each field holding one, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

API = "/api/v1"
NUL = "a\x00b"
MESSAGE = "NUL characters are not allowed"
OPERATION = {"name": "echo", "kind": "bash_jinja2", "outputs": [{"name": "out"}],
             "code": "echo hi > {{ output.out }}"}


def problems(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 422, response.text
    found: list[dict[str, str]] = response.json()["error"]["problems"]
    return found


def test_nul_in_titles_descriptions_searches_and_ids_is_refused_naming_the_field(
        api: TestClient) -> None:
    op = api.post(f"{API}/operations", json=OPERATION).json()
    wf = api.post(f"{API}/workflows", json={"title": "t"}).json()
    bodies = [
        ("POST", "/workflows", {"title": NUL}, "body.title"),
        ("POST", "/workflows", {"description": NUL}, "body.description"),
        ("PUT", f"/workflows/{wf['id']}", {"title": NUL}, "body.title"),
        ("PUT", f"/workflows/{wf['id']}", {"description": NUL}, "body.description"),
        ("POST", "/workflows/validate", {"title": NUL}, "body.title"),
        ("POST", "/operations", {**OPERATION, "title": NUL}, "body.title"),
        ("PUT", f"/operations/{op['id']}", {**OPERATION, "description": NUL},
         "body.description"),
        ("POST", f"/operations/{op['id']}/clone", {"name": NUL}, "body.name"),
        ("POST", f"/workflows/{wf['id']}/runs", {"params": {"p": NUL}}, "body.params.p"),
        ("POST", "/workflows", {"graph": {"nodes": [{"id": "n", "operation": op["id"],
                                                     "title": NUL}]}},
         "body.graph.nodes.0.title"),
    ]
    for method, path, body, where in bodies:
        found = problems(api.request(method, f"{API}{path}", json=body))
        assert found == [{"where": where, "message": MESSAGE}], (method, path)
    searches = ["/operations", "/workflows", "/runs", "/users", "/hubs/database/search"]
    for path in searches:
        found = problems(api.get(f"{API}{path}", params={"q": NUL}))
        assert found == [{"where": "query.q", "message": MESSAGE}], path
    ids = [("GET", "/operations/{}", "op_id"), ("GET", "/workflows/{}", "workflow_id"),
           ("PUT", "/workflows/{}", "workflow_id"), ("DELETE", "/workflows/{}", "workflow_id"),
           ("GET", "/runs/{}", "run_id"), ("GET", "/runs/{}/logs", "run_id"),
           ("POST", "/workflows/{}/runs", "workflow_id"), ("GET", "/users/{}", "user_id"),
           ("GET", "/hubs/database/operations/{}", "name")]
    for method, path, name in ids:
        response = api.request(method, f"{API}{path.format('a%00b')}",
                               json={} if method in ("PUT", "POST") else None)
        assert {"where": f"path.{name}", "message": MESSAGE} in problems(response), path
    found = problems(api.get(f"{API}/runs/x/node", params={"node": NUL}))
    assert found == [{"where": "query.node", "message": MESSAGE}]


def test_every_text_holding_nul_is_named_at_once_keys_included(api: TestClient) -> None:
    response = api.post(f"{API}/workflows?x=1", json={
        "title": NUL, "description": "fine",
        "parameters": [{"name": "p", "default": ["ok", NUL]}],
        "graph": {"nodes": [{"id": "n", "operation": "o", "params": {NUL: 1}}]}})
    assert problems(response) == [
        {"where": "body.title", "message": MESSAGE},
        {"where": "body.parameters.0.default.1", "message": MESSAGE},
        {"where": "body.graph.nodes.0.params", "message": f"the key 'a\\x00b': {MESSAGE}"},
    ]
    assert "body.title: NUL characters are not allowed" in response.json()["error"]["message"]


def test_lone_surrogates_are_refused_too(api: TestClient) -> None:
    body = '{"name": "x", "kind": "bash_jinja2", "title": "\\ud800"}'
    response = api.post(f"{API}/operations", content=body,
                        headers={"content-type": "application/json"})
    assert problems(response) == [{"where": "body.title", "message":
                                   "lone surrogates are not allowed (not valid Unicode)"}]


def test_uploaded_bytes_and_plain_text_pass(api: TestClient) -> None:
    response = api.post(f"{API}/artifacts", files={"file": ("data.bin", b"a\x00b")})
    assert response.status_code == 201, response.text
    created = api.post(f"{API}/workflows", json={"title": "Résumé ✓", "description": "a\tb"})
    assert created.status_code == 201, created.text
    assert api.get(f"{API}/workflows", params={"q": "Résumé"}).json()["total"] == 1
