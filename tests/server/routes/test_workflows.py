"""The workflows endpoints: create, save, validate, clone, upgrade, archive, delete, search,
launch; and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.model import Operation, OperationStatus, Parameter, ParameterType, Workflow
from plynx.server import Services
from tests.factories import bash, composite, workflow
from tests.server.conftest import wait_for
from tests.server.multi_user import multi_fixture, user_headers  # noqa: F401

API = "/api/v1"

ECHO = bash("echo", "echo {{ param['text'] }} > {{ output.out }}", outputs={"out": "text"},
            params={"text": "hi"})
UPPER = bash("upper", "tr a-z A-Z < {{ input.text }} > {{ output.out }}",
             inputs={"text": "text"}, outputs={"out": "text"})
FAIL = bash("fail", "echo broken >&2; exit 3", outputs={"out": "text"})


def published(op: Operation) -> Operation:
    return op.model_copy(update={"status": OperationStatus.PUBLISHED})


def store_operations(services: Services, *ops: Operation) -> None:
    for op in ops:
        services.store.save_operation(published(op))


def body_of(wf: Workflow, with_operations: bool = True) -> dict[str, Any]:
    """A request body for ``wf``; without its operations when they are stored."""
    exclude = {"id", "author", "created_at", "updated_at"}
    if not with_operations:
        exclude.add("operations")
    return wf.model_dump(mode="json", exclude=exclude)


def create(api: TestClient, wf: Workflow, with_operations: bool = True, **kwargs: Any
           ) -> dict[str, Any]:
    response = api.post(f"{API}/workflows", json=body_of(wf, with_operations), **kwargs)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def pipeline() -> Workflow:
    """echo -> upper, with a workflow parameter feeding echo's text."""
    wf = workflow({"echo": ECHO, "upper": UPPER}, ["echo.out -> upper.text"],
                  params={"word": "hello"}, refs={"echo": {"text": "word"}})
    return wf.model_copy(update={"title": "Shout"})


def launch(api: TestClient, wf_id: str, **body: Any) -> dict[str, Any]:
    response = api.post(f"{API}/workflows/{wf_id}/runs", json=body)
    assert response.status_code == 201, response.text
    run: dict[str, Any] = response.json()
    return run


def finished(api: TestClient, run_id: str) -> dict[str, Any]:
    """The run's detail once it has finished."""
    def check() -> dict[str, Any] | None:
        detail: dict[str, Any] = api.get(f"{API}/runs/{run_id}").json()
        return detail if detail["status"] in ("succeeded", "failed", "canceled") else None
    result: dict[str, Any] = wait_for(check)
    return result


# create, get, save


def test_created_workflows_get_their_stored_operations_composites_included(
        api: TestClient, services: Services) -> None:
    inner = published(ECHO.model_copy(update={"id": "inner-echo"}))
    wrapper = composite("wrapper", {"e": inner}, [], {"out": ("text", "e.out")})
    store_operations(services, inner, wrapper, UPPER)
    wf = workflow({"w": wrapper, "upper": UPPER}, ["w.out -> upper.text"])

    created = create(api, wf, with_operations=False)

    assert set(created["operations"]) == {wrapper.id, inner.id, UPPER.id}
    assert created["author"] == "default" and created["archived"] is False
    assert created["id"] != wf.id
    assert api.get(f"{API}/workflows/{created['id']}").json() == created


def test_an_unknown_operation_is_a_problem_pointing_at_its_node(api: TestClient) -> None:
    wf = workflow({"a": ECHO})

    response = api.post(f"{API}/workflows", json=body_of(wf, with_operations=False))

    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert problems == [{"where": "nodes.a", "message": f"unknown operation {ECHO.id!r}"}]


def test_embedded_draft_operations_are_kept_and_unused_ones_dropped(api: TestClient) -> None:
    wf = workflow({"a": ECHO}, extra_operations=[UPPER])

    created = create(api, wf)

    assert list(created["operations"]) == [ECHO.id]
    assert created["operations"][ECHO.id]["status"] == "draft"


def test_saving_replaces_the_content_and_keeps_author_and_creation(api: TestClient) -> None:
    created = create(api, pipeline())
    changed = {**created, "title": "Louder", "description": "shouts"}  # read-only fields too

    response = api.put(f"{API}/workflows/{created['id']}", json=changed)

    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["title"] == "Louder" and saved["description"] == "shouts"
    assert saved["created_at"] == created["created_at"]
    assert saved["updated_at"] >= created["updated_at"]
    assert saved["graph"] == created["graph"]


def test_unknown_fields_and_workflows_are_clear_errors(api: TestClient) -> None:
    response = api.post(f"{API}/workflows", json={"title": "x", "nodes": []})
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "body.nodes"

    wf = body_of(workflow({"a": ECHO}))
    wf["operations"] = {"other": wf["operations"][ECHO.id]}
    response = api.post(f"{API}/workflows", json=wf)
    assert response.status_code == 422 and "'other' is not the id" in response.text

    missing = api.get(f"{API}/workflows/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]["message"]
    assert api.put(f"{API}/workflows/nope", json={}).status_code == 404


# validate


def test_validation_locates_every_problem(api: TestClient) -> None:
    wf = pipeline()
    wf.graph.edges = []  # upper.text has no input now
    wf.graph.nodes[0].param_refs = {}
    wf.graph.nodes[0].params = {"colour": "red"}
    created = create(api, wf)

    report = api.post(f"{API}/workflows/{created['id']}/validate",
                      json={"params": {"nope": 1}}).json()

    assert report["valid"] is False
    located = {(p["node"], p["input"], p["parameter"]) for p in report["problems"]}
    assert located == {(None, None, "nope"), ("echo", None, "colour"), ("upper", "text", None)}
    where = {p["where"] for p in report["problems"]}
    assert "nodes.upper.inputs.text" in where and "nodes.echo.params.colour" in where


def test_a_valid_workflow_validates_with_and_without_values(api: TestClient) -> None:
    created = create(api, pipeline())
    url = f"{API}/workflows/{created['id']}/validate"

    assert api.post(url).json() == {"valid": True, "problems": [], "warnings": []}
    report = api.post(url, json={"node_params": {"upper": {"x": 1}}}).json()
    assert report["valid"] is False
    assert report["problems"][0]["node"] == "upper"
    assert report["problems"][0]["parameter"] == "x"


def test_warnings_do_not_make_a_workflow_invalid(api: TestClient) -> None:
    quoted = bash("say", 'echo "{{ param.text }}" > {{ output.out }}', outputs={"out": "text"},
                  params={"text": "hi"})

    report = api.post(f"{API}/workflows/validate", json=body_of(workflow({"s": quoted}))).json()

    assert (report["valid"], report["problems"]) == (True, [])
    (warning,) = report["warnings"]
    assert (warning["where"], warning["operation"]) == ("operations.say.code", "say")
    assert "{{ param.text }} is inside double quotes" in warning["message"]


def test_node_ids_and_inputs_with_dots_are_located(api: TestClient) -> None:
    split = bash("split", "cat {{ input['data.csv'] }}", inputs={"data.csv": "csv"})
    wf = workflow({"my.split": split})

    report = api.post(f"{API}/workflows/validate", json=body_of(wf)).json()

    assert report["problems"][0]["where"] == "nodes.my.split.inputs.data.csv"
    assert report["problems"][0]["node"] == "my.split"
    assert report["problems"][0]["input"] == "data.csv"


def test_problems_of_operations_name_the_operation(api: TestClient) -> None:
    broken = bash("count.v2", "wc", params={"n": Parameter(name="n", type=ParameterType.INT,
                                                            default="many")})

    report = api.post(f"{API}/workflows/validate", json=body_of(workflow({"c": broken}))).json()

    problem = next(p for p in report["problems"] if p["where"].startswith("operations."))
    assert problem["where"] == "operations.count.v2.parameters.n"
    assert (problem["operation"], problem["parameter"], problem["node"]) == ("count.v2", "n", None)


def test_an_unsaved_workflow_validates_with_stored_operations(api: TestClient,
                                                              services: Services) -> None:
    store_operations(services, ECHO)
    wf = workflow({"a": ECHO, "b": UPPER})

    body = {**body_of(wf, with_operations=False), "params": {}}
    report = api.post(f"{API}/workflows/validate", json=body).json()

    assert report["valid"] is False
    assert [(p["node"], p["message"]) for p in report["problems"]] == [
        ("b", f"unknown operation {UPPER.id!r}")]


def test_mandatory_deprecation_after_saving_is_seen_by_validation(
        api: TestClient, services: Services) -> None:
    store_operations(services, ECHO)
    created = create(api, workflow({"a": ECHO}), with_operations=False)
    services.store.save_operation(published(ECHO).model_copy(
        update={"status": OperationStatus.MANDATORY_DEPRECATED}))

    report = api.post(f"{API}/workflows/{created['id']}/validate").json()

    assert report["valid"] is False
    assert report["problems"][0]["node"] == "a"
    assert "mandatory_deprecated" in report["problems"][0]["message"]


# clone, archive, delete, search


def test_clone_makes_a_copy_of_the_callers(api: TestClient) -> None:
    created = create(api, pipeline())

    response = api.post(f"{API}/workflows/{created['id']}/clone")

    assert response.status_code == 201
    copy = response.json()
    assert copy["id"] != created["id"] and copy["title"] == "Copy of Shout"
    assert copy["graph"] == created["graph"] and copy["operations"] == created["operations"]
    assert copy["created_at"] > created["created_at"]


def test_archived_workflows_leave_the_listing_until_unarchived(api: TestClient) -> None:
    created = create(api, pipeline())
    url = f"{API}/workflows/{created['id']}"

    assert api.post(f"{url}/archive").json()["archived"] is True
    assert api.get(f"{API}/workflows").json()["total"] == 0
    listed = api.get(f"{API}/workflows", params={"include_archived": True}).json()
    assert [w["id"] for w in listed["items"]] == [created["id"]]
    assert listed["items"][0]["archived"] is True

    assert api.post(f"{url}/unarchive").json()["archived"] is False
    assert api.get(f"{API}/workflows").json()["total"] == 1


def test_deleting_a_workflow_keeps_its_runs(api: TestClient) -> None:
    created = create(api, pipeline())
    run = launch(api, created["id"])
    finished(api, run["id"])

    response = api.delete(f"{API}/workflows/{created['id']}")

    assert response.status_code == 204 and response.content == b""
    assert api.get(f"{API}/workflows/{created['id']}").status_code == 404
    assert api.delete(f"{API}/workflows/{created['id']}").status_code == 404
    kept = api.get(f"{API}/runs/{run['id']}").json()
    assert kept["status"] == "succeeded" and kept["workflow"]["title"] == "Shout"


def test_search_matches_words_newest_first_with_pages(api: TestClient) -> None:
    for title, description in [("Train model", "resnet"), ("Clean data", "drop rows"),
                               ("Train again", "bigger model")]:
        create(api, pipeline().model_copy(update={"title": title, "description": description}))

    def titles(**params: Any) -> list[str]:
        return [w["title"] for w in api.get(f"{API}/workflows", params=params).json()["items"]]

    assert titles() == ["Train again", "Clean data", "Train model"]
    assert titles(q="MODEL") == ["Train again", "Train model"]
    assert titles(q="train bigger") == ["Train again"]
    assert titles(q="100%") == []
    assert titles(author="someone") == []
    page = api.get(f"{API}/workflows", params={"offset": 1, "limit": 1}).json()
    assert page["total"] == 3 and [w["title"] for w in page["items"]] == ["Clean data"]
    summary = page["items"][0]
    assert summary["description"] == "drop rows" and summary["node_count"] == 2
    assert "graph" not in summary


# upgrade


def test_upgrade_follows_successors_and_keeps_what_still_exists(
        api: TestClient, services: Services) -> None:
    v1 = bash("count", "wc -l {{ input.rows }} > {{ output.n }}", inputs={"rows": "text"},
              outputs={"n": "text"}, params={"flags": "-l", "old": 1})
    v2 = v1.model_copy(update={"id": "count-v2", "version": 2, "parameters": [
        Parameter(name="flags", default="-l"), Parameter(name="new", type=ParameterType.INT,
                                                         default=2)]})
    store_operations(services, ECHO, v2)
    services.store.save_operation(published(v1).model_copy(
        update={"status": OperationStatus.DEPRECATED, "successor": v2.id}))
    wf = workflow({"echo": ECHO, "count": v1}, ["echo.out -> count.rows"],
                  node_params={"count": {"flags": "-w", "old": 5}})
    created = create(api, wf, with_operations=False)
    url = f"{API}/workflows/{created['id']}/upgrade"

    preview = api.post(url, params={"dry_run": True}).json()
    assert preview["upgraded"] == 1
    assert api.get(f"{API}/workflows/{created['id']}").json() == created

    report = api.post(url).json()
    assert report["nodes"] == [{"node": "count", "from": v1.id, "to": v2.id, "name": "count",
                                "from_version": 1, "to_version": 2, "dropped_params": ["old"],
                                "dropped_edges": []}]
    saved = api.get(f"{API}/workflows/{created['id']}").json()
    assert saved == report["workflow"]
    count = next(n for n in saved["graph"]["nodes"] if n["id"] == "count")
    assert count["operation"] == v2.id and count["params"] == {"flags": "-w"}
    assert len(saved["graph"]["edges"]) == 1
    assert set(saved["operations"]) == {ECHO.id, v2.id}
    assert api.post(url).json()["upgraded"] == 0


def test_upgrade_drops_edges_to_inputs_that_are_gone(api: TestClient,
                                                     services: Services) -> None:
    v2 = UPPER.model_copy(update={"id": "upper-v2", "version": 2, "inputs": []})
    store_operations(services, ECHO, UPPER, v2)
    created = create(api, pipeline(), with_operations=False)

    report = api.post(f"{API}/workflows/{created['id']}/upgrade").json()

    change = report["nodes"][0]
    assert (change["node"], change["to"]) == ("upper", v2.id)
    assert change["dropped_edges"] == [{"source": "echo", "output": "out", "target": "upper",
                                        "input": "text"}]
    assert report["workflow"]["graph"]["edges"] == []


# launch


def test_a_launched_workflow_runs_to_success(api: TestClient) -> None:
    created = create(api, pipeline())

    run = launch(api, created["id"], params={"word": "quiet"})

    assert run["status"] == "queued" and run["workflow_id"] == created["id"]
    assert run["author"] == "default" and run["title"] == "Shout"
    detail = finished(api, run["id"])
    assert detail["status"] == "succeeded" and detail["params"] == {"word": "quiet"}
    assert {n["node_id"]: n["status"] for n in detail["nodes"]} == {
        "echo": "succeeded", "upper": "succeeded"}


def test_an_invalid_launch_is_refused_with_every_problem(api: TestClient) -> None:
    created = create(api, pipeline())

    response = api.post(f"{API}/workflows/{created['id']}/runs",
                        json={"params": {"nope": 1}, "node_params": {"ghost": {"x": 1}}})

    assert response.status_code == 422
    where = {p["where"] for p in response.json()["error"]["problems"]}
    assert where == {"parameters.nope", "nodes.ghost"}
    assert api.get(f"{API}/runs").json()["total"] == 0


def test_incremental_launches_reuse_everything_and_scratch_recomputes(api: TestClient) -> None:
    created = create(api, pipeline())
    first = finished(api, launch(api, created["id"])["id"])
    assert {n["cache"]["outcome"] for n in first["nodes"]} == {"ran"}

    again = finished(api, launch(api, created["id"], mode="incremental")["id"])
    assert again["status"] == "succeeded"
    assert {n["cache"]["outcome"] for n in again["nodes"]} == {"hit"}
    hit = next(n for n in again["nodes"] if n["node_id"] == "echo")["cache"]
    assert hit["source_run"] == first["id"]
    assert hit["explanation"] == f"hit (run {first['id']}, node echo)"

    scratch = finished(api, launch(api, created["id"], mode="scratch")["id"])
    assert scratch["status"] == "succeeded" and scratch["options"]["refresh"] is True
    assert {n["cache"]["explanation"] for n in scratch["nodes"]} == {"ran: refresh"}


def test_launch_options_and_modes_are_checked(api: TestClient) -> None:
    created = create(api, pipeline())
    url = f"{API}/workflows/{created['id']}/runs"

    assert api.post(url, json={"mode": "fast"}).status_code == 422
    assert api.post(url, json={"options": {"retry": True}}).status_code == 422
    assert api.post(f"{API}/workflows/nope/runs").status_code == 404


# permissions (multi-user)


@pytest.fixture
def alice(multi: TestClient) -> dict[str, str]:
    return user_headers(multi, "alice", DEFAULT_POLICIES - {Policy.VIEW_OTHERS_WORKFLOWS})


def test_users_see_and_change_only_their_workflows(multi: TestClient,
                                                   alice: dict[str, str]) -> None:
    bob = user_headers(multi, "bob", DEFAULT_POLICIES)
    theirs = create(multi, pipeline(), headers=bob)
    mine = create(multi, pipeline(), headers=alice)
    assert mine["author"] == "alice"

    assert multi.get(f"{API}/workflows/{theirs['id']}", headers=alice).status_code == 404
    listed = multi.get(f"{API}/workflows", headers=alice).json()
    assert [w["id"] for w in listed["items"]] == [mine["id"]]
    assert multi.post(f"{API}/workflows/{theirs['id']}/runs", headers=alice).status_code == 404

    # bob sees alice's workflow but may not change it
    url = f"{API}/workflows/{mine['id']}"
    assert multi.get(url, headers=bob).status_code == 200
    for response in (multi.put(url, json=body_of(pipeline()), headers=bob),
                     multi.delete(url, headers=bob),
                     multi.post(f"{url}/archive", headers=bob),
                     multi.post(f"{url}/upgrade", headers=bob)):
        assert response.status_code == 403
        assert "modify_others_workflows" in response.json()["error"]["message"]
    assert multi.post(f"{url}/upgrade", params={"dry_run": True}, headers=bob).status_code == 200
    clone = multi.post(f"{url}/clone", headers=bob)
    assert clone.status_code == 201 and clone.json()["author"] == "bob"


def test_creating_and_launching_need_their_policies(multi: TestClient) -> None:
    reader = user_headers(multi, "reader", {Policy.VIEW_OTHERS_WORKFLOWS})
    owner = user_headers(multi, "owner", DEFAULT_POLICIES)
    created = create(multi, pipeline(), headers=owner)

    response = multi.post(f"{API}/workflows", json=body_of(pipeline()), headers=reader)
    assert response.status_code == 403 and "create_workflows" in response.text
    launched = multi.post(f"{API}/workflows/{created['id']}/runs", headers=reader)
    assert launched.status_code == 403 and "run_workflows" in launched.text
    assert multi.post(f"{API}/workflows/{created['id']}/clone", headers=reader).status_code == 403
    assert multi.get(f"{API}/workflows").status_code == 401


def test_others_operations_are_unknown_without_view_others_operations(
        multi: TestClient, services: Services) -> None:
    store_operations(services, ECHO.model_copy(update={"author": "bob"}))
    carol = user_headers(multi, "carol", DEFAULT_POLICIES - {Policy.VIEW_OTHERS_OPERATIONS})

    response = multi.post(f"{API}/workflows", headers=carol,
                          json=body_of(workflow({"a": ECHO}), with_operations=False))

    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "nodes.a"
