"""The application: health, meta, and errors that are always JSON naming the problem."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

import plynx.server.app as app_module
from plynx.server import Services, create_app
from tests.server.conftest import local_client


def test_health_reports_the_database_and_the_mode(api: TestClient) -> None:
    response = api.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["multi_user"] is False


def test_meta_lists_kinds_types_and_executors(api: TestClient) -> None:
    meta = api.get("/api/v1/meta").json()
    assert {"file", "bash_jinja2", "python", "composite"} <= {k["name"] for k in meta["kinds"]}
    csv = next(t for t in meta["resource_types"] if t["name"] == "csv")
    assert "file" in csv["is_a"]
    assert "enum" in meta["parameter_types"]
    assert [e["name"] for e in meta["executors"] if e["active"]] == ["local"]


def test_unknown_paths_give_a_json_error(api: TestClient) -> None:
    response = api.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_openapi_document_is_served(api: TestClient) -> None:
    document = api.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "PLynx"
    assert "/api/v1/health" in document["paths"]


def test_single_user_mode_refuses_other_machines(services: Services) -> None:
    with local_client(create_app(services), client=("192.0.2.7", 40000)) as remote:
        response = remote.get("/api/v1/meta")
    assert response.status_code == 403
    assert "single-user mode" in response.json()["error"]["message"]


def test_without_a_built_ui_the_front_page_is_the_api_documentation(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "ui_built", lambda _directory: False)
    with local_client(create_app(services)) as client:
        response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/api/v1/docs"


def test_the_installed_package_serves_the_built_ui(api: TestClient) -> None:
    """The wheel's build hook built ``ui/`` into the package: no npm step by hand."""
    response = api.get("/workflows")
    assert response.status_code == 200
    assert '<div id="root">' in response.text
    script = re.search(r'src="(/assets/[^"]+\.js)"', response.text)
    assert script and api.get(script.group(1)).status_code == 200



def test_the_api_documentation_loads_nothing_from_elsewhere(api: TestClient) -> None:
    page = api.get("/api/v1/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(url.startswith("/api/v1/") for url in sources), sources
    for url in sources:
        assert api.get(url).status_code == 200, url
