"""Runs execute nodes in dependency order with real processes and record their states."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from plynx.errors import ValidationFailed
from plynx.model import RunOptions, Status
from plynx.system_log import SystemLog
from tests.factories import bash, composite, operation, python, workflow

WRITE = bash("write", "printf '%s\\n' {{ param['text'] }} > {{ output.out }}",
             outputs={"out": "text"}, params={"text": "hello"})
UPPER = bash("upper", "tr a-z A-Z < {{ input.x }} > {{ output.out }}",
             inputs={"x": "text"}, outputs={"out": "text"})
FAIL = bash("fail", "echo 'something broke' >&2; exit 3", outputs={"out": "text"})


def read_output(engine, run_id: str, node_id: str, name: str = "out") -> str:
    artifact = engine.node_states(run_id)[node_id].outputs[name]
    with engine.artifacts.open(artifact.digest) as handle:
        return handle.read().decode()


def test_chain_runs_in_order_and_stores_outputs(engine):
    run = engine.run(workflow({"a": WRITE, "b": UPPER, "c": UPPER},
                              ["a.out -> b.x", "b.out -> c.x"]))
    assert run.status is Status.SUCCEEDED
    states = engine.node_states(run.id)
    assert [states[n].status for n in "abc"] == [Status.SUCCEEDED] * 3
    assert read_output(engine, run.id, "c") == "HELLO\n"
    assert states["a"].finished_at <= states["b"].started_at
    assert states["c"].exit_code == 0 and states["c"].attempts == 1
    assert str(states["c"].cache) == "ran: no entry"


def test_system_log_tells_what_plynx_did(engine):
    run = engine.run(workflow({"a": WRITE}, node_params={"a": {"text": "two words"}}))
    log = engine.log_path(run.id, "a", "system").read_text()
    assert "attempt 1: cache ran: no entry; key " in log
    assert "command: bash " in log
    assert "printf '%s\\n' 'two words' > " in log  # the rendered, quoted command
    assert "attempt 1 finished in " in log and "exit code 0" in log
    order = [log.index("attempt 1: cache"), log.index("command: bash"),
             log.index("attempt 1 finished")]
    assert order == sorted(order)


def test_python_nodes_see_values_and_lists(engine):
    count = python("count", "output['n'] = len(open(input['x']).read().split())",
                   inputs={"x": "text"}, outputs={"n": "int"})
    total = python("total", "output['sum'] = sum(input['ns'])",
                   inputs={"ns": ("int", 1, -1)}, outputs={"sum": "int"})
    run = engine.run(workflow({"a": WRITE, "c1": count, "c2": count, "t": total},
                              ["a.out -> c1.x", "a.out -> c2.x", "c1.n -> t.ns", "c2.n -> t.ns"]))
    assert run.status is Status.SUCCEEDED
    assert read_output(engine, run.id, "t", "sum").strip() == "2"


def test_failure_skips_dependents_and_independent_branches_go_on(engine):
    run = engine.run(workflow({"bad": FAIL, "after": UPPER, "good": WRITE, "also": UPPER},
                              ["bad.out -> after.x", "good.out -> also.x"]))
    states = engine.node_states(run.id)
    assert run.status is Status.FAILED
    assert states["bad"].status is Status.FAILED and states["bad"].exit_code == 3
    assert states["after"].status is Status.SKIPPED
    assert "upstream node bad failed" in states["after"].error
    assert states["also"].status is Status.SUCCEEDED
    assert "something broke" in engine.log_path(run.id, "bad", "stderr").read_text()
    assert "exit code 3" in engine.log_path(run.id, "bad", "system").read_text()


def test_fail_fast_cancels_the_rest(engine):
    slow = bash("slow", "sleep 30; echo > {{ output.out }}", outputs={"out": "text"})
    run = engine.run(workflow({"bad": FAIL, "slow": slow}),
                     options=RunOptions(fail_fast=True))
    states = engine.node_states(run.id)
    assert run.status is Status.FAILED
    assert states["slow"].status is Status.CANCELED


def test_retries_with_backoff_until_success(engine, tmp_path: Path):
    counter = tmp_path / "attempts"
    flaky = bash("flaky", f"echo x >> {counter}; [ $(wc -l < {counter}) -ge 3 ] && "
                          "echo ok > {{ output.out }}",
                 outputs={"out": "text"}, retries={"max_attempts": 3, "backoff_seconds": 0.05})
    run = engine.run(workflow({"f": flaky}))
    state = engine.node_states(run.id)["f"]
    assert run.status is Status.SUCCEEDED
    assert state.attempts == 3
    assert engine.log_path(run.id, "f", "system").read_text().count("retrying in") == 2


def test_timeout_fails_the_node(engine):
    slow = bash("slow", "sleep 30", outputs={"out": "text"}, timeout_seconds=0.5)
    run = engine.run(workflow({"s": slow}))
    state = engine.node_states(run.id)["s"]
    assert state.status is Status.FAILED
    assert "timed out" in state.error


def test_independent_nodes_run_in_parallel(engine, tmp_path: Path):
    marks = tmp_path / "marks"
    marks.mkdir()
    # each node marks its start, then waits (10 s at most) for the other's mark
    node = bash("mark", f"touch {marks}/{{{{ param['n'] }}}}.start; "
                        f"for i in $(seq 100); do [ $(ls {marks} | wc -l) -ge 2 ] && break; "
                        f"sleep 0.1; done; ls {marks} > {{{{ output.out }}}}",
                outputs={"out": "text"}, params={"n": 0})
    run = engine.run(workflow({"a": node, "b": node}, node_params={"a": {"n": 1},
                                                                    "b": {"n": 2}}))
    assert run.status is Status.SUCCEEDED
    # each node saw the other's start mark: they overlapped
    assert "2.start" in read_output(engine, run.id, "a")
    assert "1.start" in read_output(engine, run.id, "b")


def test_composite_nodes_run_and_report_their_state(engine):
    box = composite("box", {"u1": UPPER, "u2": UPPER}, ["inputs.x -> u1.x", "u1.out -> u2.x"],
                    {"out": ("text", "u2.out")}, inputs={"x": "text"})
    outer = composite("outer", {"inner": box}, ["inputs.x -> inner.x"],
                      {"out": ("text", "inner.out")}, inputs={"x": "text"})
    changes = []
    launched = engine.launch(workflow({"a": WRITE, "o": outer, "z": UPPER},
                                      ["a.out -> o.x", "o.out -> z.x"]))
    run = engine.wait(launched.id,
                      on_change=lambda state: changes.append((state.node_id, state.status)))
    states = engine.node_states(run.id)
    # changes are reported in the order they happened: a composite after its inner nodes
    done = [node for node, status in changes if status.is_success]
    assert done.index("o/inner/u2") < done.index("o/inner") < done.index("o") < done.index("z")
    assert run.status is Status.SUCCEEDED
    assert states["o"].status is Status.SUCCEEDED
    assert states["o/inner"].status is Status.SUCCEEDED
    assert states["o/inner/u2"].parent == "o/inner"
    assert states["o"].outputs["out"] == states["o/inner/u2"].outputs["out"]
    assert read_output(engine, run.id, "z") == "HELLO\n"


def test_invalid_workflow_is_refused_before_anything_runs(engine):
    with pytest.raises(ValidationFailed) as caught:
        engine.launch(workflow({"b": UPPER, "c": UPPER}))
    assert len(caught.value.problems) == 2
    assert engine.store.list_runs() == []


def test_workflow_and_node_parameter_overrides(engine):
    wf = workflow({"a": WRITE, "b": WRITE}, params={"greeting": "hi"},
                  refs={"a": {"text": "greeting"}})
    run = engine.run(wf, params={"greeting": "salut"}, node_params={"b": {"text": "ciao"}})
    assert read_output(engine, run.id, "a") == "salut\n"
    assert read_output(engine, run.id, "b") == "ciao\n"


def test_logs_are_readable_while_the_node_runs(engine):
    chatty = bash("chatty", "echo started; sleep 2; echo > {{ output.out }}",
                  outputs={"out": "text"})
    run = engine.launch(workflow({"c": chatty}))
    seen = {}

    def watch() -> None:
        path = engine.log_path(run.id, "c", "stdout")
        for _ in range(100):  # the node sleeps 2 s after writing its first line
            status = engine.store.node_states(run.id)["c"].status
            if status is Status.RUNNING and path.exists() and "started" in path.read_text():
                seen["stdout"] = path.read_text()
                seen["status"] = engine.store.node_states(run.id)["c"].status
                return
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    engine.wait(run.id)
    watcher.join()
    assert seen["stdout"] == "started\n"
    assert seen["status"] is Status.RUNNING


def test_a_message_of_several_lines_is_stamped_once(tmp_path):
    log = SystemLog(tmp_path / "system.log")
    log.write("command: bash -c\nfor x in a b; do\n\n  echo $x\ndone")
    stamped, *rest = (tmp_path / "system.log").read_text().splitlines()
    stamp, _, text = stamped.partition(" ")
    assert datetime.fromisoformat(stamp) and text == "command: bash -c"
    margin = " " * (len(stamp) + 1)
    assert rest == [f"{margin}for x in a b; do", "", f"{margin}  echo $x", f"{margin}done"]


def test_changes_are_written_together_and_a_run_end_at_once(engine, monkeypatch):
    monkeypatch.setattr("plynx.engine.scheduler.FLUSH_INTERVAL_SECONDS", 30.0)
    transactions = []
    record = engine.store.record_progress

    def counted(*args, **kwargs):
        transactions.append(args)
        return record(*args, **kwargs)

    monkeypatch.setattr(engine.store, "record_progress", counted)
    started = time.monotonic()
    run = engine.run(workflow({"a": WRITE, "b": UPPER, "c": UPPER, "d": UPPER},
                              ["a.out -> b.x", "b.out -> c.x", "c.out -> d.x"]))
    assert run.status is Status.SUCCEEDED
    assert read_output(engine, run.id, "d") == "HELLO\n"
    assert time.monotonic() - started < 30  # the end did not wait for the interval
    # launching writes the first states; all twelve events after it, one transaction
    assert len(transactions) == 2


def test_a_file_node_of_a_directory_feeds_a_directory_input(engine, tmp_path):
    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / "hello.sh").write_text("echo hello from the folder\n")
    stored = engine.artifacts.put(folder)
    scripts = operation("scripts", "file", outputs={"out": "directory"},
                        artifact=stored.digest)
    use = bash("use", "bash {{ input.dir }}/hello.sh > {{ output.out }}",
               inputs={"dir": "directory"}, outputs={"out": "text"})
    run = engine.run(workflow({"scripts": scripts, "use": use}, ["scripts.out -> use.dir"]))
    assert run.status is Status.SUCCEEDED
    out = engine.node_states(run.id)["use"].outputs["out"]
    with engine.artifacts.open(out.digest) as handle:
        assert handle.read() == b"hello from the folder\n"
