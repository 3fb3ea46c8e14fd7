"""Counting queries: runs by status, nodes at work, the queue, cache decisions, recent runs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from plynx.model import NodeState, Run, Status, Workflow
from plynx.store import MetadataStore
from plynx.store.columns import utcnow
from plynx.store.statistics import Statistics
from tests.factories import bash, workflow

KEY = "k" * 64
NOW = utcnow()


def add_run(store: MetadataStore, author: str, status: Status, nodes: list[NodeState],
            created_hours_ago: float = 0, title: str = "r") -> Run:
    run = Run(workflow=Workflow(), title=title, author=author, status=status,
              created_at=NOW - timedelta(hours=created_hours_ago))
    store.create_run(run, nodes)
    return run


def task(node_id: str, status: Status, started: bool = True, **fields: object) -> NodeState:
    """A node that executes a process: its cache key is set."""
    return NodeState.model_validate({
        "node_id": node_id, "operation": "op", "status": status, "cache_key": KEY,
        "started_at": NOW - timedelta(seconds=30) if started else None, **fields})


@pytest.fixture
def statistics(store: MetadataStore) -> Statistics:
    return Statistics(store.engine)


def test_runs_by_status_counts_every_status_and_can_keep_to_one_author(
        store: MetadataStore, statistics: Statistics) -> None:
    add_run(store, "alice", Status.SUCCEEDED, [])
    add_run(store, "alice", Status.FAILED, [])
    add_run(store, "bob", Status.SUCCEEDED, [])

    everyone = statistics.runs_by_status()
    assert everyone[Status.SUCCEEDED] == 2 and everyone[Status.FAILED] == 1
    assert set(everyone) == set(Status) and everyone[Status.RUNNING] == 0
    assert statistics.runs_by_status("bob")[Status.SUCCEEDED] == 1
    assert statistics.runs_by_status("bob")[Status.FAILED] == 0


def test_nodes_queue_and_running_tasks_look_at_unfinished_runs_only(
        store: MetadataStore, statistics: Statistics) -> None:
    active = add_run(store, "alice", Status.RUNNING, [
        task("a", Status.RUNNING),
        task("b", Status.QUEUED, started=False),
        task("c", Status.QUEUED, started=False),
        NodeState(node_id="d", operation="op"),  # created: no cache key yet
        # a composite node and its inner node: only the inner one is a task
        NodeState(node_id="g", operation="op", status=Status.QUEUED),
        task("g/x", Status.QUEUED, started=False, parent="g"),
    ], title="busy")
    add_run(store, "bob", Status.SUCCEEDED, [task("a", Status.SUCCEEDED)])
    add_run(store, "bob", Status.QUEUED, [task("z", Status.RUNNING)])

    nodes = statistics.nodes_by_status()
    assert nodes[Status.QUEUED] == 4 and nodes[Status.RUNNING] == 2
    assert nodes[Status.CREATED] == 1 and nodes[Status.SUCCEEDED] == 0
    assert statistics.queue_length() == 3
    assert statistics.queue_length("bob") == 0

    at_work = statistics.tasks_at_work("alice")
    assert [(t.run_id, t.node_id, t.run_title, t.author) for t in at_work] == [
        (active.id, "a", "busy", "alice")]
    assert at_work[0].started_at is not None
    assert {t.node_id for t in statistics.tasks_at_work()} == {"a", "z"}
    assert len(statistics.tasks_at_work(limit=1)) == 1


def test_cache_counts_take_tasks_that_ended_well_in_runs_of_the_window(
        store: MetadataStore, statistics: Statistics) -> None:
    add_run(store, "alice", Status.SUCCEEDED, [
        task("a", Status.CACHED), task("b", Status.CACHED), task("c", Status.SUCCEEDED),
        task("d", Status.FAILED),
        NodeState(node_id="f", operation="file", status=Status.SUCCEEDED),  # a file node
        NodeState(node_id="g", operation="op", status=Status.CACHED),  # a composite
    ])
    add_run(store, "bob", Status.SUCCEEDED, [task("a", Status.SUCCEEDED)])
    add_run(store, "bob", Status.SUCCEEDED, [task("a", Status.CACHED)], created_hours_ago=30)

    counts = statistics.cache_counts(NOW - timedelta(hours=24))
    assert (counts.hits, counts.misses) == (2, 2)
    assert counts.ratio == 0.5
    alice = statistics.cache_counts(NOW - timedelta(hours=24), "alice")
    assert (alice.hits, alice.misses) == (2, 1)
    assert statistics.cache_counts(NOW + timedelta(hours=1)).ratio is None


def test_recent_runs_are_the_newest_first(store: MetadataStore,
                                         statistics: Statistics) -> None:
    runs = [add_run(store, "alice" if i % 2 else "bob", Status.SUCCEEDED, [],
                    created_hours_ago=10 - i, title=f"run {i}") for i in range(6)]

    recent = statistics.recent_runs(limit=3)
    assert [r.id for r in recent] == [runs[5].id, runs[4].id, runs[3].id]
    assert recent[0].title == "run 5" and recent[0].status is Status.SUCCEEDED
    assert [r.author for r in statistics.recent_runs("bob")] == ["bob"] * 3


def test_cache_entries_and_the_emptiness_of_the_catalogue(store: MetadataStore,
                                                         statistics: Statistics) -> None:
    assert statistics.cache_entries() == 0
    assert statistics.catalogue_empty()

    store.save_workflow(workflow({"a": bash("echo", "echo hi")}))

    assert not statistics.catalogue_empty()
