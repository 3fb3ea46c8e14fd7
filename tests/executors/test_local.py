"""The local executor: a pool of task runners with queueing, limits and cancellation."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from plynx.config import Settings
from plynx.errors import ExecutionError
from plynx.executors import LocalExecutor
from plynx.plugins import get_registry
from tests.executors.support import PATIENCE, alive, no_process_left, pids_in, wait_until
from tests.factories import bash


class Starts:
    """An on_start callback recording (key, pid) and signalling each start."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[str, str], int]] = []
        self.event = threading.Event()

    def __call__(self, key: tuple[str, str], pid: int) -> None:
        self.calls.append((key, pid))
        self.event.set()

    def keys(self) -> list[tuple[str, str]]:
        return [key for key, _ in self.calls]


@pytest.fixture
def starts() -> Starts:
    return Starts()


@pytest.fixture
def executor(bench, starts):
    executor = LocalExecutor(concurrency=2, work_dir=bench.work_dir, on_start=starts)
    yield executor
    executor.shutdown(wait=False)


def test_registered_and_built_from_settings(tmp_path: Path):
    assert get_registry().executors["local"] is LocalExecutor
    settings = Settings(home=tmp_path, concurrency=3)
    executor = LocalExecutor.from_settings(settings)
    try:
        assert isinstance(executor, LocalExecutor)
        assert executor.state() == {"name": "local", "concurrency": 3, "running": [],
                                    "queued": 0}
        assert executor.work_dir == settings.work_dir
    finally:
        executor.shutdown()


def test_submit_runs_and_reports_the_start(bench, executor, starts):
    task = bench.task(bash("hi", "echo hi > {{ output.out }}", outputs={"out": "file"}))
    result = executor.submit(task).result(PATIENCE)
    assert result.succeeded
    assert bench.read(result.outputs["out"]) == "hi\n"
    assert starts.keys() == [task.key]
    assert executor.state()["running"] == []


def test_concurrency_limit_is_respected(bench, executor, tmp_path):
    spans = tmp_path / "spans"
    spans.mkdir()
    op = bash("span", f"date +%s%N > {spans}/{{{{ param.i }}}}.start\nsleep 0.2\n"
                      f"date +%s%N > {spans}/{{{{ param.i }}}}.end\n", params={"i": 0})
    futures = [executor.submit(bench.task(op, params={"i": i})) for i in range(4)]
    assert all(f.result(PATIENCE).succeeded for f in futures)
    events = []
    for i in range(4):
        events.append((int((spans / f"{i}.start").read_text()), 1))
        events.append((int((spans / f"{i}.end").read_text()), -1))
    running, most = 0, 0
    for _, change in sorted(events):
        running += change
        most = max(most, running)
    assert most <= 2


def test_cancel_a_queued_task(bench, tmp_path, starts):
    executor = LocalExecutor(concurrency=1, work_dir=bench.work_dir, on_start=starts)
    try:
        marker = tmp_path / "ran"
        first = bench.task(bash("block", "sleep 100"))
        second = bench.task(bash("queued", f"touch {marker}"))
        running = executor.submit(first)
        queued = executor.submit(second)
        assert starts.event.wait(PATIENCE)
        assert executor.state() == {"name": "local", "concurrency": 1,
                                    "running": [first.key], "queued": 1}
        executor.cancel(second.key)
        result = queued.result(PATIENCE)
        assert result.canceled and result.exit_code is None and result.started_at is None
        executor.cancel(first.key)
        assert running.result(PATIENCE).canceled
        assert not marker.exists()
        assert starts.keys() == [first.key]
        assert executor.state()["queued"] == 0
    finally:
        executor.shutdown(wait=False)


def test_cancel_a_running_task_leaves_no_process(bench, executor, starts, tmp_path):
    pids = tmp_path / "pids"
    task = bench.task(bash("long", f"sleep 100 & echo $! >> {pids}\necho $$ >> {pids}\nwait"))
    future = executor.submit(task)
    assert starts.event.wait(PATIENCE)
    wait_until(lambda: pids.exists() and len(pids_in(pids)) == 2, "the script to start")
    executor.cancel(task.key)
    result = future.result(PATIENCE)
    assert result.canceled and result.error == "canceled"
    wait_until(lambda: no_process_left(pids_in(pids)), "the process group to end")


def test_cancel_of_an_unknown_or_finished_task_is_harmless(bench, executor):
    task = bench.task(bash("quick", "true"))
    assert executor.submit(task).result(PATIENCE).succeeded
    executor.cancel(task.key)
    executor.cancel(("no", "such"))


def test_a_key_is_submitted_once_at_a_time(bench, executor, starts):
    task = bench.task(bash("long", "sleep 100"))
    future = executor.submit(task)
    with pytest.raises(ExecutionError, match="already submitted"):
        executor.submit(task)
    executor.cancel(task.key)
    assert future.result(PATIENCE).canceled
    retry = task.model_copy(update={"attempt": 2, "operation": bash("quick", "true")})
    assert executor.submit(retry).result(PATIENCE).succeeded


def test_shutdown_without_waiting_kills_everything(bench, tmp_path, starts):
    executor = LocalExecutor(concurrency=1, work_dir=bench.work_dir, on_start=starts)
    pids = tmp_path / "pids"
    running = executor.submit(bench.task(bash("long", f"echo $$ > {pids}; sleep 100")))
    queued = executor.submit(bench.task(bash("later", "sleep 100")))
    assert starts.event.wait(PATIENCE)
    wait_until(lambda: pids.exists() and pids.read_text(), "the script to start")
    executor.shutdown(wait=False)
    assert queued.result(PATIENCE).canceled
    assert running.result(PATIENCE).canceled
    wait_until(lambda: not alive(pids_in(pids)[0]), "the process to end")
    with pytest.raises(ExecutionError, match="shut down"):
        executor.submit(bench.task(bash("late", "true")))


def test_shutdown_waits_for_tasks(bench, starts):
    executor = LocalExecutor(concurrency=1, work_dir=bench.work_dir, on_start=starts)
    futures = [executor.submit(bench.task(bash("t", "sleep 0.05"))) for _ in range(3)]
    executor.shutdown(wait=True)
    assert all(f.done() and f.result().succeeded for f in futures)


def test_invalid_concurrency(tmp_path):
    from plynx.errors import ConfigError

    with pytest.raises(ConfigError, match="at least 1"):
        LocalExecutor(concurrency=0, work_dir=tmp_path)
