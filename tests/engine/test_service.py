"""The scheduler service: claims runs submitted by others, and honours cancel requests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from plynx.engine import Engine
from plynx.engine.service import SchedulerService
from plynx.model import Run, Status
from plynx.store import MetadataStore
from tests.factories import bash, workflow

ECHO = bash("echo", "echo {{ param['text'] }} > {{ output.out }}", outputs={"out": "text"},
            params={"text": "hi"})
SLOW = bash("slow", "sleep 60; echo done > {{ output.out }}", outputs={"out": "text"})


@pytest.fixture
def service(engine: Engine) -> Iterator[SchedulerService]:
    service = SchedulerService(engine, poll_seconds=0.05)
    service.start()
    yield service
    service.stop()


def _until(store: MetadataStore, run_id: str, done: Callable[[Run], bool]) -> Run:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run = store.get_run(run_id)
        if done(run):
            return run
        time.sleep(0.02)
    raise AssertionError(f"run {run_id} stuck in {store.get_run(run_id).status}")


def test_a_submitted_run_is_claimed_and_driven(engine: Engine, service: SchedulerService):
    run = engine.submit(workflow({"a": ECHO}), author="alice")
    assert run.status is Status.QUEUED and run.owner is None

    finished = _until(engine.store, run.id, lambda r: r.status.is_terminal)

    assert finished.status is Status.SUCCEEDED
    assert finished.owner == engine.owner and finished.author == "alice"
    assert engine.node_states(run.id)["a"].status is Status.SUCCEEDED


def test_a_cancel_request_from_another_process_stops_the_run(engine: Engine,
                                                            service: SchedulerService):
    other = MetadataStore(engine.settings.database_url)  # what an API server holds
    try:
        run = engine.submit(workflow({"a": SLOW}))
        _until(other, run.id, lambda r: engine.node_states(r.id)["a"].status is Status.RUNNING)

        other.request_cancel(run.id)

        finished = _until(other, run.id, lambda r: r.status.is_terminal)
        assert finished.status is Status.CANCELED
        assert engine.node_states(run.id)["a"].status is Status.CANCELED
    finally:
        other.close()


def test_cancelling_a_run_nobody_claimed_cancels_it_at_once(engine: Engine):
    run = engine.submit(workflow({"a": ECHO, "b": ECHO}))

    canceled = engine.store.request_cancel(run.id)

    assert canceled.status is Status.CANCELED
    assert {s.status for s in engine.node_states(run.id).values()} == {Status.CANCELED}
    assert engine.store.submitted_runs() == []


def test_changes_are_numbered_in_the_order_they_happen(engine: Engine):
    start = engine.store.last_change()
    run = engine.launch(workflow({"a": ECHO}))
    engine.wait(run.id)

    events = engine.store.changes_since(start)

    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert events[-1].kind == "run" and events[-1].status == "succeeded"
    node_events = [e for e in events if e.kind == "node"]
    assert node_events[-1].node_id == "a" and node_events[-1].status == "succeeded"
    assert engine.store.changes_since(engine.store.last_change()) == []
