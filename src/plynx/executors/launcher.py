"""Task launchers: small processes that start tasks and outlive nothing the tasks start.

A task may leave processes behind that escape its process group (``setsid``, a
double-forked daemon, ``env -i``). To find them all, PLynx does not start a task's command
itself: a launcher process does (see :mod:`plynx.executors.launcher_process`). A launcher
runs one command at a time and is a child subreaper, so everything the command orphans
becomes the launcher's child; when the command ends, the launcher kills all of it before it
reports the exit status. When PLynx goes away, launchers kill what they run.

:data:`LAUNCHERS` keeps idle launchers for reuse: ``with LAUNCHERS.lease() as launcher``
gives one to a task; :meth:`Launcher.start` returns a :class:`LaunchedProcess` that waits
and reports like :class:`subprocess.Popen`. Off Linux there are no subreapers: commands
are started the same way, and only their process group is killed when they end.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from pathlib import Path

from plynx.errors import ExecutionError
from plynx.executors import launcher_process

#: Largest answer of the launcher.
_MAX_ANSWER = 1 << 16


class LaunchedProcess:
    """A command the launcher started: its ``pid``, ``returncode`` once it ended, ``wait()``."""

    def __init__(self, pid: int, ended: Future[int]) -> None:
        self.pid = pid
        self._ended = ended

    @property
    def returncode(self) -> int | None:
        """The exit code, or minus the signal that killed it; None while it runs."""
        if self._ended.done() and self._ended.exception() is None:
            return self._ended.result()
        return None

    def wait(self) -> int:
        """Wait for the command to end and return :attr:`returncode`; raises
        :class:`~plynx.errors.ExecutionError` when the launcher stopped first."""
        return self._ended.result()


class Launcher:
    """The client of one launcher process, started on first use and again if it dies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._pending: dict[int, tuple[Future[int], Future[int]]] = {}
        self._next_id = 0

    def start(self, argv: list[str], *, cwd: Path, env: Mapping[str, str], stdout: int,
              stderr: int) -> LaunchedProcess:
        """Start ``argv`` in ``cwd`` with exactly ``env``, its standard input from
        ``/dev/null`` and its output to the file descriptors ``stdout`` and ``stderr``."""
        started: Future[int] = Future()
        ended: Future[int] = Future()
        message: dict[str, object] = {"argv": argv, "cwd": str(cwd), "env": dict(env)}
        with self._lock:
            sock = self._connected()
            self._next_id += 1
            message["id"] = self._next_id
            self._pending[self._next_id] = (started, ended)
            data = json.dumps(message).encode()
            if len(data) > launcher_process.MAX_REQUEST:
                del self._pending[self._next_id]
                raise ExecutionError(f"the command and its environment take {len(data)} "
                                     f"bytes; at most {launcher_process.MAX_REQUEST} can be "
                                     f"passed")
            try:
                socket.send_fds(sock, [data], [stdout, stderr])
            except OSError as exc:
                self._pending.pop(self._next_id, None)
                raise ExecutionError(f"cannot reach the task launcher: {exc}") from exc
        try:
            pid = started.result()
        except ExecutionError as exc:
            raise ExecutionError(f"cannot start {argv[0]!r}: {exc}") from None
        return LaunchedProcess(pid, ended)

    def close(self) -> None:
        """Stop the launcher process, which kills what it still runs."""
        with self._lock:
            sock, process = self._socket, self._process
            self._socket = self._process = None
        if sock is not None:
            with contextlib.suppress(OSError):  # wakes the reader; the launcher reads EOF
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if process is not None:
            process.wait()

    def _connected(self) -> socket.socket:
        if self._socket is not None:
            return self._socket
        if self._process is not None:  # it stopped: its socket was closed
            self._process.wait()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", launcher_process.__file__, str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, start_new_session=True,
                env={"PATH": os.environ.get("PATH", os.defpath)})
        self._socket = ours
        threading.Thread(target=self._read, args=(ours,), name="plynx-launcher",
                         daemon=True).start()
        return ours

    def _read(self, sock: socket.socket) -> None:
        """Resolve the futures of the launcher's answers until it goes away."""
        while True:
            try:
                data = sock.recv(_MAX_ANSWER)
            except OSError:
                data = b""
            if not data:
                break
            answer = json.loads(data)
            with self._lock:
                futures = self._pending.get(answer["id"])
                if futures is None:
                    continue
                started, ended = futures
                if "pid" in answer:
                    started.set_result(answer["pid"])
                elif "error" in answer:
                    del self._pending[answer["id"]]
                    started.set_exception(ExecutionError(answer["error"]))
                else:
                    del self._pending[answer["id"]]
                    ended.set_result(answer["exit"])
        with self._lock:  # the launcher died (or was closed): nothing it ran is left
            if self._socket is sock:
                self._socket = None
                sock.close()
            pending, self._pending = self._pending, {}
        lost = ExecutionError("the task launcher stopped; the process was killed")
        for started, ended in pending.values():
            for future in (started, ended):
                if not future.done():
                    future.set_exception(lost)


class LauncherPool:
    """Idle launchers, each leased to one task at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[Launcher] = []
        self._all: list[Launcher] = []

    @contextlib.contextmanager
    def lease(self) -> Iterator[Launcher]:
        """A launcher for the caller alone until the block ends."""
        with self._lock:
            if self._idle:
                launcher = self._idle.pop()
            else:
                launcher = Launcher()
                self._all.append(launcher)
        try:
            yield launcher
        finally:
            with self._lock:
                self._idle.append(launcher)

    def close(self) -> None:
        """Stop every launcher."""
        with self._lock:
            launchers, self._all, self._idle = self._all, [], []
        for launcher in launchers:
            launcher.close()


#: The launchers of this process.
LAUNCHERS = LauncherPool()
atexit.register(LAUNCHERS.close)
