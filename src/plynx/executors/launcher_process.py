"""The launcher process (see :mod:`plynx.executors.launcher`).

Runs as ``python -I -S launcher_process.py FD``, talking to PLynx over the socket ``FD``:
it imports nothing but the standard library, so it starts fast and stays small. It runs
one command at a time. A request is a JSON object (``id``, ``argv``, ``cwd``, ``env``)
with two file descriptors (standard output and error); the answers are ``{id, pid}`` or
``{id, error}`` once the command started or could not, and ``{id, exit}`` when it ended
and nothing it started is left.

The launcher is a *child subreaper* (Linux): whatever the command starts and orphans, even
in a session of its own, becomes a child of the launcher instead of ``init``. So when the
command ends, every child the launcher has besides it is a leftover of that command, and
is killed; so is what those leave behind, until none is left.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import selectors
import signal
import socket
import sys
import time
from typing import Any

#: Largest request: argv and environment of a command (Linux allows 2 MiB for both).
MAX_REQUEST = 1 << 21
#: Longest wait for the leftovers of a command to die once killed, in seconds.
DRAIN_SECONDS = 5.0

_PR_SET_CHILD_SUBREAPER = 36
#: Signals a command gets back with their default action (Python ignores some of them).
_DEFAULT_SIGNALS = tuple(getattr(signal, name) for name in
                         ("SIGPIPE", "SIGXFSZ", "SIGINT", "SIGCHLD") if hasattr(signal, name))


def _subreaper() -> None:
    """Make this process a child subreaper (Linux); elsewhere nothing happens."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _children() -> list[int]:
    """The pids of this process's children."""
    me = os.getpid()
    try:
        with open(f"/proc/{me}/task/{me}/children") as handle:
            return [int(pid) for pid in handle.read().split()]
    except OSError:
        return []


def _kill(pid: int) -> None:
    """SIGKILL the process ``pid`` and its process group, if it leads one."""
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)


class _Serve:
    """The launcher's loop: start a command, report its end, kill what it left."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.command: tuple[int, int] | None = None  # (pid, request id) of the command
        self.wakeup_read, wakeup_write = os.pipe()
        os.set_blocking(wakeup_write, False)
        signal.set_wakeup_fd(wakeup_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.sock, selectors.EVENT_READ)
        selector.register(self.wakeup_read, selectors.EVENT_READ)
        while True:
            for key, _ in selector.select():
                if key.fileobj is self.sock and not self._request():
                    self._drain()
                    return
                if key.fileobj == self.wakeup_read:
                    os.read(self.wakeup_read, 4096)
            self._reap()

    def _request(self) -> bool:
        try:
            data, fds, _, _ = socket.recv_fds(self.sock, MAX_REQUEST, 2)
        except OSError:
            return False
        if not data:
            return False
        request = json.loads(data)
        try:
            if self.command is not None:
                raise OSError(0, "the launcher already runs a command")
            pid = _spawn(request, fds)
        except OSError as exc:
            self._send({"id": request["id"], "error": exc.strerror or str(exc)})
        else:
            self.command = (pid, request["id"])
            self._send({"id": request["id"], "pid": pid})
        finally:
            for fd in fds:
                os.close(fd)
        return True

    def _reap(self) -> None:
        """Reap what ended; once the command has, kill its leftovers and report."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if self.command is not None and pid == self.command[0]:
                request = self.command[1]
                self.command = None
                _kill(pid)  # its process group: the pid is not reused while the group lives
                self._drain()
                self._send({"id": request, "exit": os.waitstatus_to_exitcode(status)})
        if self.command is None:
            for pid in _children():  # descendants of leftovers killed earlier
                _kill(pid)

    def _drain(self) -> None:
        """Kill every child (and what they leave) until none is left, or DRAIN_SECONDS."""
        deadline = time.monotonic() + DRAIN_SECONDS
        while time.monotonic() < deadline:
            children = _children()
            for pid in children:
                _kill(pid)
            try:
                while os.waitpid(-1, os.WNOHANG)[0]:
                    pass
            except ChildProcessError:
                if not _children():
                    return
            if children:
                time.sleep(0.001)

    def _send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):  # PLynx is gone: the loop ends on the next read
            self.sock.send(json.dumps(message).encode())


def _spawn(request: dict[str, Any], fds: list[int]) -> int:
    """Start the command in a session of its own; a failure to start is an OSError."""
    env = request["env"]
    for fd in fds:
        os.set_inheritable(fd, False)  # the command gets them as 1 and 2 only
    os.chdir(request["cwd"])  # one command at a time: the launcher's own folder is free
    os.environ["PATH"] = env.get("PATH", os.defpath)  # where posix_spawnp looks
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_DUP2, fds[0], 1),
               (os.POSIX_SPAWN_DUP2, fds[1], 2)]
    try:
        return os.posix_spawnp(request["argv"][0], request["argv"], env, file_actions=actions,
                               setsid=True, setsigdef=_DEFAULT_SIGNALS)
    finally:
        os.chdir("/")


def _main(fd: int) -> None:
    os.set_inheritable(fd, False)  # commands must not inherit the socket to PLynx
    os.chdir("/")
    _subreaper()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches PLynx, which stops us
    _Serve(socket.socket(fileno=fd)).run()


if __name__ == "__main__":
    _main(int(sys.argv[1]))
