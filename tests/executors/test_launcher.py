"""The task launcher: a task's whole process tree ends with it, however it detaches."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from plynx.errors import ExecutionError
from plynx.executors.launcher import LAUNCHERS
from tests.executors.support import PATIENCE, no_process_left, pids_in, wait_until
from tests.factories import bash

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="subreapers are Linux's")

DOUBLE_FORK = (
    "python3 -c '\n"
    "import os, sys, time\n"
    "if os.fork():\n"
    "    sys.exit(0)\n"
    "os.setsid()\n"
    "if os.fork():\n"
    "    os._exit(0)\n"
    'open("{pids}", "a").write(str(os.getpid()) + "\\n")\n'
    "time.sleep(100)\n"
    "'"
)

ESCAPES = {
    "setsid": "setsid sleep 100 & echo $! >> {pids}",
    "nohup setsid": "nohup setsid sleep 100 >/dev/null 2>&1 & echo $! >> {pids}",
    "double fork": DOUBLE_FORK,
    "empty environment": "setsid env -i sleep 100 & echo $! >> {pids}",
    "a daemon's child": "setsid bash -c 'sleep 100 & echo $! >> {pids}; wait' &",
}


def started(pids) -> bool:
    return pids.exists() and bool(pids_in(pids))


@pytest.mark.parametrize("script", ESCAPES.values(), ids=ESCAPES.keys())
def test_processes_escaping_the_group_die_with_the_task(bench, tmp_path, script):
    pids = tmp_path / "pids"
    code = script.format(pids=pids) + f"\nwhile [ ! -s {pids} ]; do sleep 0.01; done\n"
    result = bench.run(bash("escape", code)).result
    assert result.succeeded
    assert pids_in(pids)
    wait_until(lambda: no_process_left(pids_in(pids)), "the escaped process to end")


def test_a_daemon_lives_while_its_task_runs(bench, tmp_path):
    pids = tmp_path / "pids"
    code = (f"setsid sleep 100 & echo $! > {pids}\n"
            "sleep 0.3\n"
            f"kill -0 $(cat {pids})\n")  # fails the task if the daemon was killed early
    assert bench.run(bash("uses-a-daemon", code)).result.succeeded
    wait_until(lambda: no_process_left(pids_in(pids)), "the daemon to end with the task")


def test_timeout_kills_what_escaped(bench, tmp_path):
    pids = tmp_path / "pids"
    code = f"setsid sleep 100 & echo $! >> {pids}\nsleep 100\n"
    result = bench.run(bash("slow", code), timeout=0.5).result
    assert result.timed_out
    wait_until(lambda: no_process_left(pids_in(pids)), "the escaped process to end")


def test_a_killed_launcher_fails_its_tasks_and_is_started_again(bench, tmp_path):
    pids = tmp_path / "pids"
    results = []
    op = bash("long", f"echo $$ >> {pids}\nsleep 100\n")
    thread = threading.Thread(target=lambda: results.append(bench.run(op).result))
    thread.start()
    wait_until(lambda: started(pids), "the task to start")
    for launcher in LAUNCHERS._all:
        if launcher._process is not None and launcher._process.poll() is None:
            os.kill(launcher._process.pid, signal.SIGKILL)
    thread.join(PATIENCE)
    assert not thread.is_alive()
    assert "launcher" in results[0].error
    wait_until(lambda: no_process_left(pids_in(pids)), "the task's process to end")
    assert bench.run(bash("after", "echo fine")).result.succeeded


def test_a_command_that_cannot_start_is_a_clear_error(bench):
    with LAUNCHERS.lease() as launcher, pytest.raises(
            ExecutionError, match="cannot start 'no-such-program-here'"):
        launcher.start(["no-such-program-here"], cwd=bench.root, env={"PATH": "/usr/bin"},
                       stdout=1, stderr=2)
