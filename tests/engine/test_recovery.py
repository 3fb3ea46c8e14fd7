"""Killing the scheduler process at any moment loses no finished output."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plynx.config import Settings
from plynx.engine import Engine
from plynx.model import Status
from plynx.store import MetadataStore
from tests.factories import bash, workflow
from tests.processes import group_members

DRIVER = """
import sys
from plynx.config import Settings
from plynx.engine import Engine
from plynx.model import Workflow
workflow = Workflow.model_validate_json(open(sys.argv[2]).read())
Engine(Settings(home=sys.argv[1])).run(workflow)
"""


def interrupted_run(settings: Settings, tmp_path: Path) -> tuple[str, int]:
    """Start a run in a child process and kill -9 it while node b runs.

    Returns the run id and the process group of node b's task.
    """
    flag = tmp_path / "b-ran-once"
    first = bash("first", "echo data > {{ output.out }}", outputs={"out": "text"})
    second = bash("second", f"if [ -f {flag} ]; then cat {{{{ input.x }}}} > {{{{ output.out }}}}; "
                            f"else touch {flag}; sleep 60; fi",
                  inputs={"x": "text"}, outputs={"out": "text"})
    wf = workflow({"a": first, "b": second, "c": second}, ["a.out -> b.x", "b.out -> c.x"])
    spec = tmp_path / "workflow.json"
    spec.write_text(wf.model_dump_json())
    store = MetadataStore(settings.database_url)
    store.upgrade()
    child = subprocess.Popen([sys.executable, "-c", DRIVER, str(settings.home), str(spec)])
    try:
        for _ in range(400):
            runs = store.list_runs()
            state = store.node_states(runs[0].id)["b"] if runs else None
            if state is not None and state.status is Status.RUNNING:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the run never reached node b")
        child.send_signal(signal.SIGKILL)
        child.wait()
        return runs[0].id, state.pid
    finally:
        store.close()




def test_restart_resumes_the_run_and_keeps_finished_nodes(settings, tmp_path):
    run_id, pgid = interrupted_run(settings, tmp_path)
    deadline = time.monotonic() + 10  # the task launcher outlives none of its tasks
    while group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert group_members(pgid) == [], "the killed scheduler left its task running"
    with Engine(settings, recover="resume") as engine:
        assert group_members(pgid) == []
        run = engine.wait(run_id)
        states = engine.node_states(run_id)
        assert run.status is Status.SUCCEEDED
        assert states["a"].attempts == 1
        assert states["b"].attempts == 2
        artifact = states["c"].outputs["out"]
        with engine.artifacts.open(artifact.digest) as handle:
            assert handle.read() == b"data\n"
        assert "resumed by" in engine.log_path(run_id, "b", "system").read_text()


def test_restart_can_fail_the_run_with_the_reason(settings, tmp_path):
    run_id, pgid = interrupted_run(settings, tmp_path)
    with Engine(settings, recover="fail") as engine:
        assert group_members(pgid) == []
        run = engine.store.get_run(run_id)
        states = engine.node_states(run_id)
        assert run.status is Status.FAILED
        assert run.error.startswith("interrupted: the scheduler process")
        assert states["a"].status is Status.SUCCEEDED
        assert states["b"].status is Status.CANCELED
        # the finished output survived and is re-used
        again = engine.run(run.workflow)
        assert engine.node_states(again.id)["a"].status is Status.CACHED


def test_a_live_owner_is_left_alone(settings):
    with Engine(settings) as first:
        run = first.launch(workflow({"s": bash("s", "sleep 0.5; echo > {{ output.out }}",
                                                outputs={"out": "text"})}))
        with Engine(settings, recover="fail") as second:
            assert second.store.get_run(run.id).status is Status.RUNNING
        assert first.wait(run.id).status is Status.SUCCEEDED


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.6, 0.9, 1.2])
def test_killed_at_any_moment_loses_no_finished_output(settings, tmp_path, delay):
    step = bash("step", "sleep 0.1; echo {{ param['n'] }} > {{ output.out }}",
                outputs={"out": "text"}, params={"n": 0})
    gather = bash("gather", "cat {{ input.parts }} > {{ output.out }}",
                  inputs={"parts": ("text", 1, -1)}, outputs={"out": "text"})
    nodes = {f"s{i}": step for i in range(8)}
    wf = workflow({**nodes, "all": gather}, [f"s{i}.out -> all.parts" for i in range(8)],
                  node_params={f"s{i}": {"n": i} for i in range(8)})
    spec = tmp_path / "workflow.json"
    spec.write_text(wf.model_dump_json())
    store = MetadataStore(settings.database_url)
    store.upgrade()
    child = subprocess.Popen([sys.executable, "-c", DRIVER, str(settings.home), str(spec)])
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    runs = store.list_runs()
    finished_before = {n: s.outputs for run in runs
                       for n, s in store.node_states(run.id).items() if s.status.is_success}
    pids = [s.pid for run in runs for s in store.node_states(run.id).values() if s.pid]
    store.close()
    with Engine(settings, recover="fail") as engine:
        assert all(engine.store.get_run(run.id).status.is_terminal for run in runs)
        assert all(group_members(pid) == [] for pid in pids)
        again = engine.run(wf)
        states = engine.node_states(again.id)
        assert again.status is Status.SUCCEEDED
        for node_id, outputs in finished_before.items():  # re-used, not recomputed
            assert states[node_id].status is Status.CACHED
            assert states[node_id].outputs == outputs
        with engine.artifacts.open(states["all"].outputs["out"].digest) as handle:
            assert handle.read() == b"".join(f"{i}\n".encode() for i in range(8))
