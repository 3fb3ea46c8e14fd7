"""The built web UI is served at ``/`` with its deep links answered by its page."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from plynx.server.webui import IMMUTABLE, SinglePageApp, ui_built
from tests.server.conftest import LOCAL_URL


@pytest.fixture
def built(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<html>the page</html>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('ui')")
    return tmp_path


@pytest.fixture
def client(built: Path) -> TestClient:
    app = FastAPI()

    @app.get("/api/v1/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.mount("/", SinglePageApp(built), name="ui")
    return TestClient(app, base_url=LOCAL_URL)


def test_front_page_and_deep_links_get_the_page(client: TestClient) -> None:
    for address in ("/", "/runs", "/workflows/abc/", "/runs/compare"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.text == "<html>the page</html>"
        assert response.headers["cache-control"] == "no-cache"


def test_assets_are_served_immutable(client: TestClient) -> None:
    response = client.get("/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == IMMUTABLE


def test_missing_files_and_api_routes_keep_their_404(client: TestClient) -> None:
    assert client.get("/assets/missing.js").status_code == 404
    assert client.get("/favicon.ico").status_code == 404
    assert client.get("/api/v1/nothing").status_code == 404
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_ui_built_looks_for_the_index(built: Path,
                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    assert ui_built(built)
    assert not ui_built(tmp_path_factory.mktemp("empty"))
