"""The task runner with real processes: logs, limits, cancellation and outputs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from plynx.executors.runner import run_task
from plynx.executors.watchdog import CancelEvent
from plynx.executors.workspaces import LAYOUT, READY, TRASH, WORKSPACES
from plynx.model import Artifact
from tests.executors.support import PATIENCE, no_process_left, pids_in, wait_until
from tests.factories import bash, operation, python


def test_success_stores_outputs_and_times(bench):
    op = bash("hello", "echo hello > {{ output.out }}; echo to-stdout; echo to-stderr >&2",
              outputs={"out": "file"})
    outcome = bench.run(op)
    result = outcome.result
    assert result.succeeded and result.exit_code == 0 and result.error is None
    assert bench.read(result.outputs["out"]) == "hello\n"
    assert outcome.stdout == "to-stdout\n" and outcome.stderr == "to-stderr\n"
    assert result.started_at.tzinfo is not None
    assert result.started_at <= result.finished_at


def test_workspace_is_removed_unless_asked_to_keep_it(bench, monkeypatch):
    op = bash("mess", "mkdir -p a/b && touch a/b/c && chmod -w a/b")
    assert bench.run(op).result.succeeded
    assert WORKSPACES.wait(timeout=10)
    assert {p.name for p in bench.work_dir.iterdir()} <= {READY, TRASH}
    for ready in (bench.work_dir / READY).iterdir():  # emptied, to be used again
        assert sorted(p.relative_to(ready) for p in ready.rglob("*")) == sorted(map(Path, LAYOUT))

    monkeypatch.setenv("PLYNX_KEEP_WORKSPACE", "1")
    outcome = bench.run(bash("keep", "touch here"))
    kept = [p for p in bench.work_dir.iterdir() if p.name not in (READY, TRASH)]
    assert len(kept) == 1 and (kept[0] / "here").exists()
    assert f"plynx: workspace kept at {kept[0]}" in outcome.stderr


def test_failure_exit_code(bench):
    result = bench.run(bash("fail", "echo broken >&2; exit 3")).result
    assert not result.succeeded
    assert result.exit_code == 3 and result.error == "exit code 3"


def test_killed_by_a_signal_from_elsewhere(bench):
    result = bench.run(bash("suicide", "kill -KILL $$")).result
    assert result.exit_code == -9 and result.error == "killed by signal SIGKILL"
    assert not result.timed_out and not result.canceled


def test_directory_outputs_are_stored_as_directories(bench):
    op = bash("tree", "mkdir {{ output.dir }}/sub && echo x > {{ output.dir }}/sub/f.txt",
              outputs={"dir": "directory"})
    result = bench.run(op).result
    assert result.succeeded
    assert result.outputs["dir"].directory
    assert (bench.extract(result.outputs["dir"]) / "sub" / "f.txt").read_text() == "x\n"


def test_directory_inputs_are_extracted(bench):
    folder = bench.directory({"a.txt": "A", "deep/b.txt": "B"})
    op = bash("list", "cat {{ input.dir }}/a.txt {{ input.dir }}/deep/b.txt",
              inputs={"dir": "directory"})
    outcome = bench.run(op, inputs={"dir": [folder]})
    assert outcome.result.succeeded and outcome.stdout == "AB"


@pytest.mark.parametrize(("script", "kind"), [
    ("rm {{ output.out }}", "file"),
    ("rm -r {{ output.out }}", "directory"),
    ("rm -r {{ output.out }} && echo x > {{ output.out }}", "directory"),
])
def test_an_output_removed_by_the_process_fails_the_task(bench, script, kind):
    outcome = bench.run(bash("rm", script, outputs={"out": kind}))
    result = outcome.result
    assert result.exit_code == 0 and not result.succeeded
    assert result.error.startswith(f"output 'out': the {kind} ")
    assert "is missing" in result.error
    assert f"plynx: {result.error}" in outcome.stderr


def test_preparation_failures_become_errors(bench):
    op = bash("needs", "cat {{ input.x }}", inputs={"x": "file"})
    assert bench.run(op).result.error == "input 'x' takes 1..1 value(s), the task gives 0"
    ghost = Artifact(digest="0" * 64, size=3)
    error = bench.run(op, inputs={"x": [ghost]}).result.error
    assert error.startswith("input 'x': ") and "0" * 64 in error
    assert "unknown kind 'nope'" in bench.run(operation("x", "nope")).result.error
    file_op = operation("f", "file", outputs={"out": "file"}, artifact="a" * 64)
    assert bench.run(file_op).result.error == "operations of kind 'file' are never executed"


def test_logs_are_readable_while_the_process_runs(bench):
    cancel = CancelEvent()
    op = python("chatty", "import time\nprint('first line')\ntime.sleep(100)\n")
    task = bench.task(op)
    log = bench.root / "logs" / task.node_id / "stdout.log"
    results = []
    thread = threading.Thread(target=lambda: results.append(
        run_task(task, work_dir=bench.work_dir, cancel=cancel)))
    thread.start()
    try:
        wait_until(lambda: log.exists() and log.read_text() == "first line\n", "the first line")
        assert not results
    finally:
        cancel.set()
        thread.join(PATIENCE)
    assert results[0].canceled


def test_timeout_kills_the_whole_process_group(bench, tmp_path):
    pids = tmp_path / "pids"
    script = (f"sleep 100 & echo $! >> {pids}\n"
              f"(trap '' TERM; sleep 100) & echo $! >> {pids}\n"
              f"echo $$ >> {pids}\n"
              "sleep 100; wait\n")
    outcome = bench.run(bash("slow", script), timeout=0.5)
    result = outcome.result
    assert result.timed_out and not result.canceled and not result.succeeded
    assert result.error == "timed out after 0.5s"
    assert result.exit_code is not None and result.exit_code < 0
    assert "plynx: timed out after 0.5s" in outcome.stderr
    assert len(pids_in(pids)) == 3
    wait_until(lambda: no_process_left(pids_in(pids)), "the process group to end")


def test_the_operation_timeout_applies_when_the_task_has_none(bench):
    op = bash("slow", "sleep 100", timeout_seconds=0.2)
    assert bench.run(op).result.error == "timed out after 0.2s"


@pytest.mark.parametrize("event_type", [CancelEvent, threading.Event])
def test_cancel_stops_a_running_task_and_its_children(bench, tmp_path, event_type):
    pids = tmp_path / "pids"
    cancel = event_type()
    started = threading.Event()
    seen: list[int] = []

    def on_start(pid: int) -> None:
        seen.append(pid)
        started.set()

    script = f"sleep 100 & echo $! >> {pids}\necho $$ >> {pids}\nwait\n"
    results = []
    task = bench.task(bash("long", script))
    thread = threading.Thread(target=lambda: results.append(
        run_task(task, work_dir=bench.work_dir, cancel=cancel, on_start=on_start)))
    thread.start()
    assert started.wait(PATIENCE)
    wait_until(lambda: pids.exists() and len(pids_in(pids)) == 2, "the script to start")
    cancel.set()
    thread.join(PATIENCE)
    assert not thread.is_alive()
    result = results[0]
    assert result.canceled and not result.timed_out and result.error == "canceled"
    assert seen == [pids_in(pids)[1]]
    wait_until(lambda: no_process_left(pids_in(pids)), "the process group to end")


def test_a_task_canceled_before_it_starts_never_runs(bench, tmp_path):
    cancel = threading.Event()
    cancel.set()
    marker = tmp_path / "ran"
    calls = []
    outcome = bench.run(bash("never", f"touch {marker}"), cancel=cancel, on_start=calls.append)
    assert outcome.result.canceled and outcome.result.exit_code is None
    assert not marker.exists() and calls == []


def test_background_processes_left_behind_are_stopped(bench, tmp_path):
    pids = tmp_path / "pids"
    result = bench.run(bash("daemon", f"sleep 100 & echo $! > {pids}")).result
    assert result.succeeded
    wait_until(lambda: no_process_left(pids_in(pids)), "the left-over process to end")


def test_a_retry_appends_to_the_logs(bench):
    op = bash("again", "echo attempt $PLYNX_ATTEMPT")
    first = bench.run(op, node_id="same")
    second = bench.run(op, node_id="same", attempt=2)
    assert first.log_dir == second.log_dir
    assert second.stdout == "attempt 1\n==> plynx: attempt 2 <==\nattempt 2\n"


def test_a_failing_on_start_callback_does_not_break_the_task(bench):
    def on_start(pid: int) -> None:
        raise RuntimeError("callback bug")

    outcome = bench.run(bash("ok", "echo fine"), on_start=on_start)
    assert outcome.result.succeeded and outcome.stdout == "fine\n"


def test_a_process_ignoring_sigterm_is_killed(bench, tmp_path):
    pids = tmp_path / "pids"
    script = f"trap '' TERM\necho $$ >> {pids}\nsleep 100 & echo $! >> {pids}\nwait\n"
    result = bench.run(bash("stubborn", script), timeout=0.2).result
    assert result.timed_out and result.exit_code == -9
    wait_until(lambda: no_process_left(pids_in(pids)), "the process group to end")


def test_unusable_log_folder_fails_the_task(bench, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    task = bench.task(bash("x", "true")).model_copy(update={"log_dir": str(blocker / "logs")})
    result = run_task(task, work_dir=bench.work_dir)
    assert not result.succeeded and result.error.startswith("cannot prepare the task: ")
    assert result.finished_at is not None


@pytest.mark.parametrize("replace", [
    "os.remove(path); os.mkfifo(path)",
    "os.remove(path); os.symlink('/dev/zero', path)",
    "os.remove(path); os.symlink(os.path.abspath('outside'), path)",
    "os.remove('plynx_values.marshal'); os.mkfifo('plynx_values.marshal')",
])
def test_outputs_replaced_by_special_files_fail_the_task_without_blocking(bench, replace):
    """The runner never opens a FIFO, a device or a link the process left in its place."""
    code = ("import os\nopen('outside', 'w').write('7')\npath = output['n']\noutput['n'] = 7\n"
            f"import atexit\natexit.register(lambda: ({replace.replace('; ', ', ')}))")
    outcome = run_in_thread(bench, python("swap", code, outputs={"n": "int"}))
    assert not outcome.result.succeeded
    assert "output 'n'" in outcome.result.error or "values" in outcome.result.error


def run_in_thread(bench, op):
    """Run ``op``, failing the test (not hanging it) when the runner blocks."""
    outcomes = []
    worker = threading.Thread(target=lambda: outcomes.append(bench.run(op, timeout=5)),
                              daemon=True)
    worker.start()
    worker.join(PATIENCE)
    assert outcomes, "the runner blocked after the process ended"
    return outcomes[0]
