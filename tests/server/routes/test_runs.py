"""The runs endpoints: search, detail, one node, cancel, re-run, clone; and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.model import NodeState, Run, Status, Workflow
from plynx.server import Services
from plynx.server.routes import runs as runs_routes
from plynx.store import run_index
from tests.factories import bash, composite, workflow
from tests.server.conftest import wait_for
from tests.server.multi_user import multi_fixture, user_headers  # noqa: F401
from tests.server.routes.test_workflows import (
    API,
    ECHO,
    FAIL,
    UPPER,
    create,
    finished,
    launch,
    pipeline,
)

SLOW = bash("slow", "sleep 60; echo done > {{ output.out }}", outputs={"out": "text"})


def store_run(services: Services, title: str = "stored", author: str = "default",
              status: Status = Status.SUCCEEDED, created_at: datetime | None = None,
              workflow_id: str | None = "wf") -> Run:
    """A finished run written straight into the store (no scheduler takes it)."""
    run = Run(title=title, author=author, status=status, workflow_id=workflow_id,
              workflow=Workflow(title=title), created_at=created_at or datetime.now(UTC))
    services.store.create_run(run, [])
    return run


# detail and nodes


def test_a_run_shows_every_node_with_outputs_and_cache_decisions(api: TestClient) -> None:
    created = create(api, pipeline())

    detail = finished(api, launch(api, created["id"], options={"fail_fast": True})["id"])

    assert detail["status"] == "succeeded" and detail["options"]["fail_fast"] is True
    assert detail["workflow"]["graph"] == created["graph"]
    assert detail["started_at"] <= detail["finished_at"]
    echo = next(n for n in detail["nodes"] if n["node_id"] == "echo")
    assert echo["status"] == "succeeded" and echo["attempts"] == 1 and echo["exit_code"] == 0
    assert echo["cache"] == {"outcome": "ran", "reason": "no entry", "source_run": None,
                             "source_node": None, "explanation": "ran: no entry"}
    assert set(echo["outputs"]["out"]) == {"digest", "size", "directory"}
    assert echo["outputs"]["out"]["size"] == len("hello\n")
    assert "pid" not in echo


def test_one_node_is_read_by_its_path(api: TestClient) -> None:
    inner = composite("twice", {"first": ECHO, "second": UPPER}, ["first.out -> second.text"],
                      {"out": ("text", "second.out")})
    created = create(api, workflow({"c": inner}))
    run = finished(api, launch(api, created["id"])["id"])
    url = f"{API}/runs/{run['id']}/node"

    node = api.get(url, params={"node": "c/second"}).json()

    assert node["node_id"] == "c/second" and node["parent"] == "c"
    assert node["status"] == "succeeded" and node["operation"] == UPPER.id
    assert api.get(url, params={"node": "c"}).json()["status"] == "succeeded"
    missing = api.get(url, params={"node": "c/nope"})
    assert missing.status_code == 404 and "c/nope" in missing.json()["error"]["message"]
    assert api.get(url).status_code == 422
    assert api.get(f"{API}/runs/nope/node", params={"node": "c"}).status_code == 404
    assert api.get(f"{API}/runs/nope").status_code == 404


# cancel, re-run, clone


def test_cancel_stops_a_long_run(api: TestClient) -> None:
    created = create(api, workflow({"slow": SLOW}))
    run = launch(api, created["id"])
    node_url = f"{API}/runs/{run['id']}/node"
    wait_for(lambda: api.get(node_url, params={"node": "slow"}).json()["status"] == "running")

    response = api.post(f"{API}/runs/{run['id']}/cancel")

    assert response.status_code == 200 and response.json()["id"] == run["id"]
    detail = finished(api, run["id"])
    assert detail["status"] == "canceled"
    assert detail["nodes"][0]["status"] == "canceled"
    again = api.post(f"{API}/runs/{run['id']}/cancel")
    assert again.status_code == 200 and again.json()["status"] == "canceled"


def test_rerun_restores_what_succeeded_and_runs_the_failed_again(api: TestClient) -> None:
    created = create(api, workflow({"echo": ECHO, "fail": FAIL}))
    first = finished(api, launch(api, created["id"], mode="scratch")["id"])
    assert first["status"] == "failed"

    response = api.post(f"{API}/runs/{first['id']}/rerun")

    assert response.status_code == 201
    again = finished(api, response.json()["id"])
    assert again["id"] != first["id"] and again["workflow_id"] == created["id"]
    assert again["options"]["refresh"] is False
    nodes = {n["node_id"]: n for n in again["nodes"]}
    assert nodes["echo"]["cache"]["outcome"] == "hit"
    assert nodes["echo"]["cache"]["source_run"] == first["id"]
    assert nodes["fail"]["status"] == "failed" and nodes["fail"]["cache"]["outcome"] == "ran"


def test_a_rerun_from_scratch_runs_every_node_of_the_snapshot_again(api: TestClient) -> None:
    created = create(api, workflow({"echo": ECHO, "fail": FAIL}))
    first = finished(api, launch(api, created["id"])["id"])
    api.put(f"{API}/workflows/{created['id']}", json={**created, "title": "Changed since"})

    response = api.post(f"{API}/runs/{first['id']}/rerun", json={"mode": "scratch"})

    assert response.status_code == 201
    again = finished(api, response.json()["id"])
    assert again["options"]["refresh"] is True and again["title"] == first["title"]
    nodes = {n["node_id"]: n for n in again["nodes"]}
    assert nodes["echo"]["status"] == "succeeded" and nodes["echo"]["cache"]["outcome"] == "ran"
    assert api.post(f"{API}/runs/{first['id']}/rerun",
                    json={"mode": "later"}).status_code == 422


def test_only_finished_runs_are_rerun(api: TestClient) -> None:
    created = create(api, workflow({"slow": SLOW}))
    run = launch(api, created["id"])

    response = api.post(f"{API}/runs/{run['id']}/rerun")

    assert response.status_code == 409
    assert "cancel it first" in response.json()["error"]["message"]
    api.post(f"{API}/runs/{run['id']}/cancel")


def test_a_cloned_run_becomes_a_workflow_with_its_values_as_defaults(api: TestClient) -> None:
    created = create(api, pipeline())
    run = finished(api, launch(api, created["id"], params={"word": "again"},
                               node_params={"upper": {}})["id"])

    response = api.post(f"{API}/runs/{run['id']}/clone")

    assert response.status_code == 201
    clone = response.json()
    assert clone["id"] not in (created["id"], run["id"])
    assert clone["title"] == "Copy of Shout" and clone["author"] == "default"
    assert clone["parameters"][0]["name"] == "word"
    assert clone["parameters"][0]["default"] == "again"
    assert clone["graph"] == created["graph"]
    assert api.get(f"{API}/workflows/{clone['id']}").status_code == 200


# search


def test_search_filters_newest_first(api: TestClient, services: Services) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    runs = [store_run(services, title=f"train {i}" if i % 2 else f"clean {i}",
                      author="grace" if i < 3 else "default",
                      status=Status.FAILED if i == 4 else Status.SUCCEEDED,
                      workflow_id="w1" if i < 5 else "w2",
                      created_at=start + timedelta(hours=i))
            for i in range(6)]

    def ids(**params: Any) -> list[str]:
        page = api.get(f"{API}/runs", params=params).json()
        return [r["id"] for r in page["items"]]

    newest_first = [r.id for r in reversed(runs)]
    assert ids() == newest_first
    assert ids(status="failed") == [runs[4].id]
    assert ids(status=["failed", "canceled"]) == [runs[4].id]
    assert ids(workflow_id="w2") == [runs[5].id]
    assert ids(author="grace") == [runs[2].id, runs[1].id, runs[0].id]
    assert ids(q="TRAIN") == [runs[5].id, runs[3].id, runs[1].id]
    assert ids(q="train 3") == [runs[3].id]
    since, until = (start + timedelta(hours=2)).isoformat(), (start + timedelta(hours=4))
    assert ids(since=since, until=until.isoformat()) == [runs[3].id, runs[2].id]
    assert ids(until="2024-01-01T01:00:00") == [runs[0].id]  # naive times are UTC
    assert ids(author="grace", status="failed") == []


def test_search_pages_count_every_match(api: TestClient, services: Services) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    runs = [store_run(services, created_at=start + timedelta(minutes=i)) for i in range(7)]

    page = api.get(f"{API}/runs", params={"offset": 2, "limit": 3}).json()

    assert page["total"] == 7 and (page["offset"], page["limit"]) == (2, 3)
    assert page["total_exact"] is True
    assert [r["id"] for r in page["items"]] == [runs[4].id, runs[3].id, runs[2].id]
    summary = page["items"][0]
    assert set(summary) == {"id", "workflow_id", "title", "status", "author", "created_at",
                            "started_at", "finished_at", "error", "cancel_requested"}


def test_past_the_count_limit_the_total_is_a_lower_bound(
        api: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_index, "COUNT_LIMIT", 3)
    monkeypatch.setattr(runs_routes, "COUNT_LIMIT", 3)
    for _ in range(5):
        store_run(services)

    page = api.get(f"{API}/runs", params={"offset": 4}).json()

    assert (page["total"], page["total_exact"]) == (3, False)
    assert len(page["items"]) == 1


def test_bad_search_values_are_clear_errors(api: TestClient) -> None:
    response = api.get(f"{API}/runs", params={"status": "sleeping"})
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "query.status.0"
    assert api.get(f"{API}/runs", params={"since": "yesterday"}).status_code == 422
    assert api.get(f"{API}/runs", params={"limit": 0}).status_code == 422


def test_a_run_of_nodes_stored_directly_reads_back(api: TestClient, services: Services) -> None:
    run = store_run(services)
    services.store.save_node_states(run.id, [NodeState(node_id="a/b", parent="a",
                                                       operation="op", status=Status.SKIPPED)])

    detail = api.get(f"{API}/runs/{run.id}").json()

    assert [(n["node_id"], n["status"], n["cache"]) for n in detail["nodes"]] == [
        ("a/b", "skipped", None)]


# permissions


@pytest.fixture
def runs_of_two(multi: TestClient) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    """alice (who may not see others' work), bob, and a finished run of bob's."""
    alice = user_headers(multi, "alice", DEFAULT_POLICIES - {Policy.VIEW_OTHERS_WORKFLOWS})
    bob = user_headers(multi, "bob", DEFAULT_POLICIES)
    created = create(multi, pipeline(), headers=bob)
    response = multi.post(f"{API}/workflows/{created['id']}/runs", headers=bob)
    assert response.status_code == 201, response.text
    run_id = response.json()["id"]
    run = wait_for(lambda: (r := multi.get(f"{API}/runs/{run_id}", headers=bob).json())
                   ["status"] == "succeeded" and r)
    return alice, bob, run


def test_runs_of_others_are_hidden_without_view_others(
        multi: TestClient, runs_of_two: tuple[dict[str, str], dict[str, str], dict[str, Any]],
) -> None:
    alice, bob, run = runs_of_two
    url = f"{API}/runs/{run['id']}"

    assert multi.get(f"{API}/runs", headers=alice).json()["total"] == 0
    assert multi.get(f"{API}/runs", headers=bob).json()["total"] == 1
    for response in (multi.get(url, headers=alice),
                     multi.get(f"{url}/node", params={"node": "echo"}, headers=alice),
                     multi.post(f"{url}/cancel", headers=alice),
                     multi.post(f"{url}/rerun", headers=alice),
                     multi.post(f"{url}/clone", headers=alice)):
        assert response.status_code == 404, response.text
    assert multi.get(f"{API}/runs", headers={}).status_code == 401


def test_seeing_a_run_does_not_allow_controlling_it(
        multi: TestClient, runs_of_two: tuple[dict[str, str], dict[str, str], dict[str, Any]],
) -> None:
    _, bob, run = runs_of_two
    carol = user_headers(multi, "carol", DEFAULT_POLICIES)
    url = f"{API}/runs/{run['id']}"

    assert multi.get(url, headers=carol).status_code == 200
    assert multi.get(f"{API}/runs", params={"author": "bob"}, headers=carol).json()["total"] == 1
    for response in (multi.post(f"{url}/cancel", headers=carol),
                     multi.post(f"{url}/rerun", headers=carol)):
        assert response.status_code == 403
        assert "modify_others_workflows" in response.json()["error"]["message"]
    clone = multi.post(f"{url}/clone", headers=carol)
    assert clone.status_code == 201 and clone.json()["author"] == "carol"
    rerun = multi.post(f"{url}/rerun", headers=bob)
    assert rerun.status_code == 201 and rerun.json()["author"] == "bob"


def test_cache_hits_name_only_the_source_runs_the_reader_may_see(
        multi: TestClient, runs_of_two: tuple[dict[str, str], dict[str, str], dict[str, Any]],
) -> None:
    alice, bob, source = runs_of_two
    created = create(multi, pipeline(), headers=alice)
    response = multi.post(f"{API}/workflows/{created['id']}/runs", headers=alice)
    url = f"{API}/runs/{response.json()['id']}"
    mine = wait_for(lambda: (r := multi.get(url, headers=alice).json())
                    ["status"] == "succeeded" and r)

    hidden = {"outcome": "hit", "reason": "", "source_run": None, "source_node": None,
              "explanation": "hit (a result computed earlier)"}
    assert [n["cache"] for n in mine["nodes"]] == [hidden, hidden]  # bob's run computed them
    node = multi.get(f"{url}/node", params={"node": "echo"}, headers=alice).json()
    assert node["cache"] == hidden
    # bob may see every run: he is told where the results came from
    for seen in (multi.get(url, headers=bob).json()["nodes"][0],
                 multi.get(f"{url}/node", params={"node": "echo"}, headers=bob).json()):
        assert seen["cache"]["source_run"] == source["id"]
        assert seen["cache"]["explanation"] == f"hit (run {source['id']}, node echo)"
