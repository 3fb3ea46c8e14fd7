"""Searching runs on their summary columns, and reading one run or node directly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from plynx.errors import InvalidInput, NotFound
from plynx.model import Artifact, CacheDecision, NodeState, Run, Status, Workflow
from plynx.store import MetadataStore, run_index
from plynx.store.run_index import RunFilter, RunIndex

START = datetime(2024, 5, 1, tzinfo=UTC)


def add_run(store: MetadataStore, hour: int, title: str = "run", author: str = "ada",
            status: Status = Status.SUCCEEDED, workflow_id: str = "w") -> Run:
    run = Run(title=title, author=author, status=status, workflow_id=workflow_id,
              workflow=Workflow(title=title), created_at=START + timedelta(hours=hour))
    store.create_run(run, [NodeState(node_id="a", operation="op")])
    return run


@pytest.fixture(params=["sorted", "walked"])
def index(request: pytest.FixtureRequest, store: MetadataStore,
          monkeypatch: pytest.MonkeyPatch) -> RunIndex:
    """The index, collecting few matches and sorting them, or walking the time index."""
    if request.param == "walked":
        monkeypatch.setattr(run_index, "_FEW", 0)
    return RunIndex(store.engine)


def test_filters_combine_and_results_are_newest_first(store: MetadataStore,
                                                      index: RunIndex) -> None:
    r0 = add_run(store, 0, "nightly train", author="ada", status=Status.FAILED)
    r1 = add_run(store, 1, "Nightly clean", author="bob", workflow_id="v")
    r2 = add_run(store, 2, "50% train_b", author="bob", status=Status.RUNNING)

    def ids(**conditions: object) -> list[str]:
        return [r.id for r in index.search(RunFilter(**conditions))[0]]  # type: ignore[arg-type]

    assert ids() == [r2.id, r1.id, r0.id]
    assert ids(statuses=[Status.FAILED, Status.RUNNING]) == [r2.id, r0.id]
    assert ids(statuses=["succeeded"]) == [r1.id]
    assert ids(author="bob") == [r2.id, r1.id]
    assert ids(visible_to="ada") == [r0.id]
    assert ids(visible_to="ada", author="bob") == []
    assert ids(workflow_id="v") == [r1.id]
    assert ids(since=START + timedelta(hours=1)) == [r2.id, r1.id]
    assert ids(until=START + timedelta(hours=1)) == [r0.id]
    assert ids(q="NIGHTLY") == [r1.id, r0.id]
    assert ids(q="nightly train") == [r0.id]
    assert ids(q="50%") == [r2.id] and ids(q="%") == [r2.id] and ids(q="trai_") == []


def test_pages_count_every_match(store: MetadataStore, index: RunIndex) -> None:
    runs = [add_run(store, hour) for hour in range(5)]

    records, total = index.search(RunFilter(author="ada"), offset=3, limit=10)

    assert total == 5 and [r.id for r in records] == [runs[1].id, runs[0].id]
    assert index.search(RunFilter(author="ada"), offset=5) == ([], 5)
    record = records[0]
    assert record.status is Status.SUCCEEDED and record.created_at == START + timedelta(hours=1)
    assert record.cancel_requested is False and record.keep is False


def test_an_unknown_status_names_the_allowed_ones(store: MetadataStore) -> None:
    with pytest.raises(InvalidInput, match="allowed: created"):
        RunIndex(store.engine).search(RunFilter(statuses=["asleep"]))  # type: ignore[list-item]


def test_summary_detail_and_node_state(store: MetadataStore) -> None:
    index = RunIndex(store.engine)
    run = add_run(store, 0, "one")

    assert index.summary(run.id).title == "one"
    record, full = index.detail(run.id)
    assert record == index.summary(run.id) and full.workflow.title == "one"
    assert index.node_state(run.id, "a") == NodeState(node_id="a", operation="op")
    assert json.loads(index.node_document(run.id)) == [{
        "node_id": "a", "parent": None, "operation": "op", "status": "created", "attempts": 0,
        "started_at": None, "finished_at": None, "exit_code": None, "cache_key": None,
        "cache": None, "outputs": {}, "error": None}]
    with pytest.raises(NotFound, match="has no node 'b'"):
        index.node_state(run.id, "b")
    for call in (lambda: index.summary("nope"), lambda: index.detail("nope"),
                 lambda: index.node_state("nope", "a"), lambda: index.node_document("nope")):
        with pytest.raises(NotFound, match="run 'nope' not found"):
            call()


def test_authors_of_many_runs_are_read_at_once(store: MetadataStore,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_index, "_IDS_PER_QUERY", 2)
    runs = [add_run(store, hour, author=f"user{hour}") for hour in range(5)]
    index = RunIndex(store.engine)
    assert index.authors([r.id for r in runs] + ["nope"]) == {
        r.id: f"user{hour}" for hour, r in enumerate(runs)}
    assert index.authors([]) == {}


def test_the_node_document_holds_every_state_as_stored(store: MetadataStore) -> None:
    index = RunIndex(store.engine)
    run = add_run(store, 0)
    now = datetime(2024, 5, 1, 12, 30, 1, 250, tzinfo=UTC)
    digest = "ab" * 32
    states = [
        NodeState(node_id="c/x", parent="c", operation="op", status=Status.CACHED, attempts=0,
                  started_at=now, finished_at=now + timedelta(seconds=2), cache_key="k" * 64,
                  cache=CacheDecision(outcome="hit", source_run="r", source_node="n"),
                  outputs={"out": Artifact(digest=digest, size=3)}),
        NodeState(node_id="b", operation="op", status=Status.FAILED, attempts=2, exit_code=7,
                  error="bad \"quote\"\n\u00e9", started_at=now, pid=123,
                  cache=CacheDecision(outcome="ran", reason="no entry")),
    ]
    store.save_node_states(run.id, states)

    document = {node["node_id"]: node for node in json.loads(index.node_document(run.id))}

    expected = store.node_states(run.id)
    assert set(document) == set(expected) == {"a", "b", "c/x"}
    for node_id, state in expected.items():
        assert NodeState.model_validate(document[node_id]) == state.model_copy(
            update={"pid": None})
    assert document["c/x"]["started_at"] == "2024-05-01T12:30:01.000250Z"


def test_an_empty_run_has_an_empty_node_document(store: MetadataStore) -> None:
    run = Run(workflow=Workflow())
    store.create_run(run, [])

    assert RunIndex(store.engine).node_document(run.id) == "[]"


def test_counts_stop_past_the_limit_but_pages_go_on(store: MetadataStore,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_index, "COUNT_LIMIT", 3)
    for number in range(6):
        store.create_run(Run(workflow=Workflow(), title=f"run {number}",
                             created_at=datetime(2026, 1, 1, number, tzinfo=UTC)), [])
    index = RunIndex(store.engine)

    records, total = index.search(RunFilter(), offset=4, limit=10)

    assert total == 4  # "more than 3"
    assert [r.title for r in records] == ["run 1", "run 0"]
