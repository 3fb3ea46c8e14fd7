"""Runs and node states: creation, listing, updates and the batch upsert of states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from plynx.errors import Conflict, InvalidInput, NotFound
from plynx.model import (
    Artifact,
    CacheDecision,
    Node,
    NodeState,
    Operation,
    Run,
    RunOptions,
    Status,
    Workflow,
)
from plynx.store import MetadataStore

T0 = datetime(2024, 5, 17, 12, 30, 45, 123456, tzinfo=UTC)


def make_run(created_minute: int = 0, **changes: object) -> Run:
    op = Operation(name="echo", kind="bash_jinja2", code="echo {{ param['x'] }}")
    wf = Workflow(
        title="wf", graph={"nodes": [Node(id="a", operation=op.id)]}, operations={op.id: op}
    )
    values: dict[str, object] = {
        "workflow_id": wf.id,
        "title": "nightly",
        "workflow": wf,
        "params": {"x": 1, "names": ["a", "b"]},
        "options": RunOptions(refresh=True),
        "created_at": T0 + timedelta(minutes=created_minute),
    }
    values.update(changes)
    return Run.model_validate(values)


def full_state(node_id: str = "c/inner") -> NodeState:
    """A node state with every field set."""
    return NodeState(
        node_id=node_id,
        parent="c",
        operation="op-1",
        status=Status.SUCCEEDED,
        attempts=2,
        started_at=T0,
        finished_at=T0 + timedelta(seconds=1.5),
        exit_code=0,
        cache_key="k" * 64,
        cache=CacheDecision(outcome="ran", reason="no entry"),
        outputs={
            "out": Artifact(digest="a" * 64, size=10),
            "dir": Artifact(digest="b" * 64, size=0, directory=True),
        },
        error="warning\x00 with a NUL byte",
        pid=4242,
    )


def test_run_round_trip(store: MetadataStore) -> None:
    run = make_run(keep=True, author="ada", error="boom", started_at=T0, finished_at=T0)
    store.create_run(run, [])
    assert store.get_run(run.id) == run


def test_run_without_created_at_gets_the_current_time(store: MetadataStore) -> None:
    run = make_run(created_at=None)
    before = datetime.now(UTC)
    store.create_run(run, [])
    created = store.get_run(run.id).created_at
    assert created is not None and created.tzinfo is not None and created >= before


def test_creating_a_run_twice_conflicts_and_keeps_the_first(store: MetadataStore) -> None:
    run = make_run()
    store.create_run(run, [NodeState(node_id="a", operation="op")])
    with pytest.raises(Conflict, match=run.id):
        store.create_run(run.model_copy(update={"title": "other"}), [])
    assert store.get_run(run.id).title == "nightly"
    assert list(store.node_states(run.id)) == ["a"]


def test_missing_run_is_not_found(store: MetadataStore) -> None:
    for call in (
        lambda: store.get_run("nope"),
        lambda: store.node_states("nope"),
        lambda: store.update_run("nope", status=Status.RUNNING),
        lambda: store.update_run("nope"),
        lambda: store.save_node_states("nope", [NodeState(node_id="a", operation="op")]),
    ):
        with pytest.raises(NotFound, match="nope"):
            call()


def test_list_runs_newest_first_with_filters(store: MetadataStore) -> None:
    other_workflow = "w-other"
    runs = [
        make_run(0, status=Status.SUCCEEDED),
        make_run(3, status=Status.RUNNING),
        make_run(1, status=Status.FAILED, workflow_id=other_workflow),
        make_run(2, status=Status.QUEUED),
    ]
    for run in runs:
        store.create_run(run, [])
    first, running, failed, queued = (run.id for run in runs)

    assert [r.id for r in store.list_runs()] == [running, queued, failed, first]
    assert [r.id for r in store.list_runs(limit=2)] == [running, queued]
    assert [r.id for r in store.list_runs(limit=0)] == []
    active = [Status.RUNNING, Status.QUEUED, Status.CREATED]
    assert [r.id for r in store.list_runs(statuses=active)] == [running, queued]
    assert [r.id for r in store.list_runs(statuses=[])] == []
    assert [r.id for r in store.list_runs(workflow_id=other_workflow)] == [failed]
    assert store.list_runs(statuses=[Status.SUCCEEDED], workflow_id=other_workflow) == []
    with pytest.raises(InvalidInput, match="limit"):
        store.list_runs(limit=-1)
    with pytest.raises(InvalidInput, match="unknown status"):
        store.list_runs(statuses=["bogus"])  # type: ignore[list-item]


def test_update_run_changes_only_the_given_fields(store: MetadataStore) -> None:
    run = make_run()
    store.create_run(run, [])
    started = datetime(2024, 5, 17, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    store.update_run(run.id, status=Status.RUNNING, started_at=started)
    store.update_run(run.id, keep=True, error="stopped")
    loaded = store.get_run(run.id)
    assert loaded.status is Status.RUNNING
    assert loaded.started_at == started and loaded.started_at.utcoffset() == timedelta(0)
    assert loaded.keep is True and loaded.error == "stopped"
    assert loaded.finished_at is None
    assert loaded.workflow == run.workflow and loaded.params == run.params
    store.update_run(run.id, error=None, status="succeeded")
    assert store.get_run(run.id).error is None
    assert store.get_run(run.id).status is Status.SUCCEEDED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "x"}, "cannot update run field"),
        ({"status": "bogus"}, "unknown status"),
        ({"keep": "yes"}, "keep"),
        ({"started_at": "today"}, "started_at"),
    ],
)
def test_update_run_refuses_bad_fields(
    store: MetadataStore, fields: dict[str, object], message: str
) -> None:
    run = make_run()
    store.create_run(run, [])
    with pytest.raises(InvalidInput, match=message):
        store.update_run(run.id, **fields)


def test_node_state_round_trip(store: MetadataStore) -> None:
    run = make_run()
    state = full_state()
    store.create_run(run, [state, NodeState(node_id="c", operation="comp")])
    states = store.node_states(run.id)
    assert set(states) == {"c", "c/inner"}
    assert states["c"] == NodeState(node_id="c", operation="comp")
    loaded = states["c/inner"]
    assert loaded.error == "warning\ufffd with a NUL byte"
    assert loaded.started_at is not None and loaded.started_at.tzinfo is not None
    assert loaded.model_copy(update={"error": state.error}) == state


def test_save_node_states_inserts_then_updates_in_one_batch(store: MetadataStore) -> None:
    run = make_run()
    store.create_run(run, [])
    states = [NodeState(node_id=f"n{i}", operation="op") for i in range(1000)]
    store.save_node_states(run.id, states)
    assert len(store.node_states(run.id)) == 1000

    finished = [
        s.model_copy(
            update={
                "status": Status.SUCCEEDED,
                "attempts": 1,
                "outputs": {"out": Artifact(digest=f"{i:064x}", size=i)},
            }
        )
        for i, s in enumerate(states[:600])
    ]
    extra = [NodeState(node_id=f"x{i}", operation="op") for i in range(400)]
    store.save_node_states(run.id, finished + extra)

    loaded = store.node_states(run.id)
    assert len(loaded) == 1400
    assert loaded["n5"].status is Status.SUCCEEDED
    assert loaded["n5"].outputs["out"].digest == f"{5:064x}"
    assert loaded["n700"].status is Status.CREATED and loaded["n700"].attempts == 0
    assert loaded["x3"].status is Status.CREATED


def test_save_node_states_single_updates_and_repeats(store: MetadataStore) -> None:
    run = make_run()
    store.create_run(run, [NodeState(node_id="a", operation="op")])
    state = NodeState(node_id="a", operation="op")
    for status in (Status.QUEUED, Status.RUNNING, Status.FAILED):
        state = state.model_copy(update={"status": status, "attempts": state.attempts + 1})
        store.save_node_states(run.id, [state])
    assert store.node_states(run.id)["a"].status is Status.FAILED
    # the same node twice in one call: the last state wins
    store.save_node_states(
        run.id,
        [state.model_copy(update={"error": "first"}), state.model_copy(update={"error": "last"})],
    )
    assert store.node_states(run.id)["a"].error == "last"
    store.save_node_states(run.id, [])
    assert store.node_states(run.id)["a"].attempts == 3


def test_node_states_of_runs_are_separate(store: MetadataStore) -> None:
    one, two = make_run(), make_run(1)
    store.create_run(one, [NodeState(node_id="a", operation="op")])
    store.create_run(two, [NodeState(node_id="a", operation="op", status=Status.CACHED)])
    assert store.node_states(one.id)["a"].status is Status.CREATED
    assert store.node_states(two.id)["a"].status is Status.CACHED
    store.create_run(three := make_run(2), [])
    assert store.node_states(three.id) == {}
