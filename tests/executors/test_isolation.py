"""A task cannot read the environment of the process that started it."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys

import pytest

from plynx.executors.isolation import is_protected, protect_this_process, set_dumpable

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def _child_reads_parent_environ(protect: bool) -> bool:
    """In a forked child (as ``nobody`` when the tests run as root), with a secret in its
    environment, whether a process it starts can read its ``/proc/<pid>/environ``."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 2
        try:
            if os.geteuid() == 0:  # root may read anything: be an ordinary user
                nobody = pwd.getpwnam("nobody")
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
                set_dumpable(True)  # changing users cleared it
            os.environ["PLYNX_SECRET"] = "x" * 40
            if protect:
                protect_this_process()
            read = subprocess.run(["cat", f"/proc/{os.getpid()}/environ"], cwd="/",
                                  capture_output=True, env={"PATH": "/usr/bin:/bin"})
            code = 0 if read.returncode == 0 and read.stdout else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, 1), f"the child failed ({code})"
    return code == 0


def test_a_protected_process_cannot_be_read_by_its_children():
    assert _child_reads_parent_environ(protect=False)  # what a task could do before
    assert not _child_reads_parent_environ(protect=True)


def test_the_local_executor_protects_its_process(tmp_path):
    from plynx.executors.local import LocalExecutor

    executor = LocalExecutor(1, tmp_path)
    try:
        assert is_protected()
    finally:
        executor.shutdown()
