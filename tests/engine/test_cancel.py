"""Cancelling a run stops its processes within a second and leaves none behind."""

from __future__ import annotations

import threading
import time

from plynx.model import Status
from tests.factories import bash, workflow
from tests.processes import group_members

SLOW = bash("slow", "sleep 60 & sleep 60; echo {{ param['n'] }} > {{ output.out }}",
            outputs={"out": "text"}, params={"n": 0})
AFTER = bash("after", "cat {{ input.x }} > {{ output.out }}", inputs={"x": "text"},
             outputs={"out": "text"})




def test_cancel_stops_running_processes_and_marks_the_rest(engine):
    run = engine.launch(workflow({"a": SLOW, "b": SLOW, "c": AFTER}, ["a.out -> c.x"],
                                 node_params={"b": {"n": 1}}))

    groups = []

    def cancel_when_running() -> None:
        for _ in range(200):
            states = engine.store.node_states(run.id)
            if all(states[n].status is Status.RUNNING for n in "ab"):
                groups.extend(states[n].pid for n in "ab")
                assert all(group_members(pgid) for pgid in groups)
                engine.cancel(run.id)
                return
            time.sleep(0.02)

    canceller = threading.Thread(target=cancel_when_running)
    canceller.start()
    finished = engine.wait(run.id)
    canceller.join()
    states = engine.node_states(run.id)
    assert finished.status is Status.CANCELED
    assert {states[n].status for n in "abc"} == {Status.CANCELED}
    assert len(groups) == 2
    assert [group_members(pgid) for pgid in groups] == [[], []]
