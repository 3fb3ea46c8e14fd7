"""The hubs endpoints: the database hub, hubs of plugins, grouped searches."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.artifacts import ArtifactStore
from plynx.auth import Policy
from plynx.hubs import Hub, StaticHub
from plynx.model import Operation
from plynx.server import Services
from tests.factories import bash, python
from tests.server.multi_user import multi_fixture, user_headers  # noqa: F401

URL = "/api/v1/hubs"


class ToolsHub(StaticHub):
    """Operations given in code, grouped by the first word of their title."""

    name = "tools"
    title = "Text tools"
    description = "operations shipped with a plugin"

    def __init__(self, artifacts: ArtifactStore | None = None) -> None:
        assert artifacts is not None  # the server gives what the constructor asks for
        super().__init__(operations=[
            bash("grep", "grep x", title="Filter lines", inputs={"lines": "text"},
                 outputs={"matches": "text"}),
            bash("sort", "sort", title="Order lines", inputs={"lines": "text"},
                 outputs={"sorted": "text"}),
            python("count", "pass", title="Count lines", inputs={"lines": "text"},
                   outputs={"n": "int"}),
        ])

    def group_of(self, operation: Operation) -> str:
        return operation.title.split()[-1]


class NeedsPathHub(Hub):
    name = "needs_path"

    def __init__(self, path: Path) -> None:
        self.path = path


class BrokenHub(Hub):
    name = "broken"

    def __init__(self) -> None:
        raise RuntimeError("boom")


@pytest.fixture
def plugins(services: Services, monkeypatch: pytest.MonkeyPatch) -> Services:
    """The services with hubs registered by plugins."""
    hubs = {**services.registry.hubs, "tools": ToolsHub, "needs_path": NeedsPathHub,
            "broken": BrokenHub}
    monkeypatch.setattr(services, "registry", dataclasses.replace(services.registry, hubs=hubs))
    return services


def publish(api: TestClient, headers: dict[str, str] | None = None,
            **fields: Any) -> dict[str, Any]:
    body = {"kind": "bash_jinja2", "code": "true", **fields}
    created = api.post("/api/v1/operations", json=body, headers=headers)
    assert created.status_code == 201, created.text
    published = api.post(f"/api/v1/operations/{created.json()['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    result: dict[str, Any] = published.json()
    return result


def groups(response: Any) -> list[tuple[str, list[str]]]:
    assert response.status_code == 200, response.text
    return [(g["title"], [f"{i['name']}:{i['version']}" for i in g["items"]])
            for g in response.json()["groups"]]


def test_only_the_database_hub_without_configured_hubs(api: TestClient) -> None:
    assert api.get(URL).json() == [{"name": "database", "title": "Database",
                                    "description": "published operations stored in PLynx, and "
                                                   "your drafts"}]
    assert api.get(f"{URL}/static/search").status_code == 404


def test_hubs_of_plugins_are_listed_when_they_can_be_built(plugins: Services,
                                                            api: TestClient) -> None:
    hubs = api.get(URL).json()
    assert [h["name"] for h in hubs] == ["database", "tools"]
    assert hubs[1] == {"name": "tools", "title": "Text tools",
                       "description": "operations shipped with a plugin"}
    missing = api.get(f"{URL}/broken/search")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "hub 'broken' not found (hubs: database, tools)"


def test_the_database_hub_has_the_newest_published_version(api: TestClient) -> None:
    publish(api, name="sort", description="order lines",
            inputs=[{"name": "lines", "type": "text"}])
    newest = publish(api, name="sort", description="order lines, newer",
                     inputs=[{"name": "lines", "type": "text"}])
    publish(api, name="split", kind="python", code="pass",
            outputs=[{"name": "parts", "type": "directory"}])
    hidden = publish(api, name="hidden")
    api.post(f"/api/v1/operations/{hidden['id']}/archive")
    api.post(f"/api/v1/operations/{newest['id']}/star")
    search = f"{URL}/database/search"
    assert groups(api.get(search)) == [("bash_jinja2", ["sort:2"]), ("python", ["split:1"])]
    item = api.get(search).json()["groups"][0]["items"][0]
    assert item["starred"] is True and "code" not in item
    assert groups(api.get(search, params={"q": "order"})) == [("bash_jinja2", ["sort:2"])]
    assert groups(api.get(search, params={"input_type": "text"})) == [
        ("bash_jinja2", ["sort:2"])]
    assert groups(api.get(search, params={"output_type": "directory"})) == [
        ("python", ["split:1"])]
    page = api.get(search, params={"offset": 1, "limit": 1}).json()
    assert (page["total"], page["offset"], page["limit"]) == (2, 1, 1)
    full = api.get(f"{URL}/database/operations/sort").json()
    assert (full["id"], full["code"]) == (newest["id"], "true")
    assert api.get(f"{URL}/database/operations/draft").status_code == 404


def test_searching_a_hub_of_a_plugin(plugins: Services, api: TestClient) -> None:
    search = f"{URL}/tools/search"
    assert groups(api.get(search)) == [("lines", ["count:1", "grep:1", "sort:1"])]
    assert groups(api.get(search, params={"q": "ORDER"})) == [("lines", ["sort:1"])]
    assert groups(api.get(search, params={"output_type": "int"})) == [("lines", ["count:1"])]
    assert groups(api.get(search, params={"input_type": "csv"})) == []
    page = api.get(search, params={"offset": 1, "limit": 1}).json()
    assert page["total"] == 3 and groups(api.get(search, params={"offset": 1, "limit": 1})) \
        == [("lines", ["grep:1"])]
    publish(api, name="grep")
    starred = api.get("/api/v1/operations", params={"name": "grep"}).json()["items"][0]
    api.post(f"/api/v1/operations/{starred['id']}/star")
    items = api.get(search).json()["groups"][0]["items"]
    assert [i["starred"] for i in items] == [False, True, False]
    full = api.get(f"{URL}/tools/operations/sort").json()
    assert (full["kind"], full["code"]) == ("bash_jinja2", "sort")
    assert api.get(f"{URL}/tools/operations/nope").status_code == 404


class GroupedByKind(StaticHub):
    name = "plain"

    def __init__(self) -> None:
        super().__init__(operations=[python("b", "pass"), bash("a", "true")])


def test_a_hub_without_groups_is_grouped_by_kind(services: Services, api: TestClient,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    hubs = {**services.registry.hubs, "plain": GroupedByKind}
    monkeypatch.setattr(services, "registry", dataclasses.replace(services.registry, hubs=hubs))
    assert groups(api.get(f"{URL}/plain/search")) == [("bash_jinja2", ["a:1"]),
                                                      ("python", ["b:1"])]


def test_the_database_hub_shows_what_the_user_may_see(multi: TestClient) -> None:
    alice = user_headers(multi, "alice", {Policy.CREATE_OPERATIONS})
    bob = user_headers(multi, "bob", {Policy.CREATE_OPERATIONS})
    reader = user_headers(multi, "reader", {Policy.VIEW_OTHERS_OPERATIONS})
    publish(multi, alice, name="mine")
    search = f"{URL}/database/search"
    assert groups(multi.get(search, headers=alice)) == [("bash_jinja2", ["mine:1"])]
    assert groups(multi.get(search, headers=bob)) == []
    assert groups(multi.get(search, headers=reader)) == [("bash_jinja2", ["mine:1"])]
    assert multi.get(f"{URL}/database/operations/mine", headers=bob).status_code == 404
    assert multi.get(URL).status_code == 401


def test_the_database_hub_lists_the_drafts_of_their_author_only(multi: TestClient) -> None:
    alice = user_headers(multi, "alice", {Policy.CREATE_OPERATIONS})
    reader = user_headers(multi, "reader", {Policy.VIEW_OTHERS_OPERATIONS})
    published = publish(multi, alice, name="sort")
    newer = multi.post(f"/api/v1/operations/{published['id']}/clone", headers=alice)
    assert newer.status_code == 201, newer.text
    multi.post("/api/v1/operations", json={"name": "wip", "kind": "bash_jinja2"},
               headers=alice)
    multi.post("/api/v1/operations", json={"name": "wip", "kind": "bash_jinja2"},
               headers=alice)
    search = f"{URL}/database/search"
    assert groups(multi.get(search, headers=alice)) == [("bash_jinja2",
                                                         ["sort:2", "sort:1", "wip:2"])]
    items = multi.get(search, headers=alice).json()["groups"][0]["items"]
    assert [i["status"] for i in items] == ["draft", "published", "draft"]
    assert groups(multi.get(search, headers=reader)) == [("bash_jinja2", ["sort:1"])]
    assert groups(multi.get(search, headers=alice, params={"q": "wip"})) == [
        ("bash_jinja2", ["wip:2"])]
    assert multi.get(f"{URL}/database/operations/wip", headers=alice).status_code == 404
