"""Template rendering that no template can make block or exhaust the process asking for it.

Rendering happens in warm worker processes (:mod:`plynx.kinds.render_worker`), so a template
that computes for long never holds this process's interpreter, and one that builds a huge
value fills only the worker's memory. Each render may take :data:`SECONDS` of wall-clock
time and grow the worker by :data:`MEGABYTES`; a worker that overruns is killed and replaced,
and the caller gets :class:`~plynx.errors.RenderLimitExceeded` ("the template took longer
than 3 s to render").

Workers are started once and reused: a render costs one round trip through a pipe (well
under a millisecond for a usual script), not a process start. Up to ``size`` renders run
at once; more wait for a free worker. Waiting releases the interpreter, so other threads
(the API's event loop, other tasks) run meanwhile.

:func:`render_bounded` is :func:`plynx.kinds.templating.render` with these bounds; previews
and the ``bash_jinja2`` kind use it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from plynx.errors import ExecutionError, RenderLimitExceeded

#: Wall-clock seconds one render may take.
SECONDS = 3.0
#: Megabytes one render may add to its worker.
MEGABYTES = 256
#: Renders that may run at once.
WORKERS = 2
#: Seconds a new worker may take to start (import Python and Jinja2).
START_SECONDS = 60.0

#: The module a worker runs.
WORKER_MODULE = "plynx.kinds.render_worker"
#: The first line a worker writes, once it is ready.
READY = b"ready\n"


class _Overrun(Exception):
    """The worker went past a limit; ``what`` says which."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _Worker:
    """One worker process, answering one request at a time."""

    def __init__(self, seconds: float, megabytes: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", WORKER_MODULE, repr(seconds), str(megabytes)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_worker_environment(),
            cwd="/", start_new_session=True)
        self.ready = False
        self._pending = b""

    def ask(self, request: bytes, seconds: float) -> dict[str, Any]:
        """The worker's answer to ``request``; _Overrun when it takes longer than
        ``seconds`` or dies, BrokenPipeError when it had died before."""
        assert self.process.stdin is not None
        if not self.ready:
            if self._line(time.monotonic() + START_SECONDS) != READY:
                raise _Overrun("start")
            self.ready = True
        deadline = time.monotonic() + seconds
        self.process.stdin.write(request)
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self._line(deadline))
        if answer.get("memory"):
            raise _Overrun("memory")
        return answer

    def _line(self, deadline: float) -> bytes:
        """The next line the worker writes; _Overrun past ``deadline`` or at its end."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._pending:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise _Overrun("time")
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise _Overrun(self._why_it_ended())
                self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line + b"\n"

    def _why_it_ended(self) -> str:
        code = self.process.wait()
        if code == -signal.SIGXCPU:
            return "time"
        return f"ended (exit status {code})"

    def stop(self) -> None:
        """Kill the process and collect it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):  # what a dead worker was not sent
                    pipe.close()


def _worker_environment() -> dict[str, str]:
    """What a worker needs to import PLynx as this process does, and nothing more: never
    this process's secrets."""
    paths = [os.path.abspath(p) for p in sys.path if p]
    return {"PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}


class BoundedRenderer:
    """A pool of render workers, each render bounded by ``seconds`` and ``megabytes``."""

    def __init__(self, seconds: float = SECONDS, megabytes: int = MEGABYTES,
                 size: int = WORKERS) -> None:
        self.seconds = seconds
        self.megabytes = megabytes
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._pid = os.getpid()

    def render(self, source: str, *, input: dict[str, Any], output: dict[str, Any],
               param: dict[str, Any], label: str = "operation") -> str:
        """:func:`plynx.kinds.templating.render` in a worker: the script, or ExecutionError
        naming what went wrong; RenderLimitExceeded when the template overran a limit."""
        request = json.dumps({"source": source, "input": input, "output": output,
                              "param": param, "label": label}, default=str).encode() + b"\n"
        with self._slots:
            worker = self._take(label)
            try:
                try:
                    answer = worker.ask(request, self.seconds)
                except BrokenPipeError:  # it had died while idle: once more, on a new one
                    worker.stop()
                    worker = self._new_worker(label)
                    answer = worker.ask(request, self.seconds)
            except (_Overrun, OSError, ValueError) as exc:
                worker.stop()
                self._give(self._new_worker(label))  # warm for the next render
                raise self._error(label, exc) from None
            except BaseException:
                worker.stop()
                raise
            self._give(worker)
        if "error" in answer:
            raise ExecutionError(answer["error"])
        return str(answer["text"])

    def _error(self, label: str, exc: Exception) -> ExecutionError:
        what = exc.what if isinstance(exc, _Overrun) else f"failed ({exc})"
        if what == "time":
            return RenderLimitExceeded(f"{label}: the template took longer than "
                                       f"{self.seconds:g} s to render")
        if what == "memory":
            return RenderLimitExceeded(f"{label}: the template needed more than "
                                       f"{self.megabytes} MB to render")
        if what == "start":
            return ExecutionError(f"{label}: the template renderer did not start")
        return ExecutionError(f"{label}: the template renderer {what}; the template may "
                              f"have needed more than {self.megabytes} MB")

    def close(self) -> None:
        """Stop the idle workers (renders in progress finish on theirs)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def _new_worker(self, label: str) -> _Worker:
        try:
            return _Worker(self.seconds, self.megabytes)
        except OSError as exc:
            raise ExecutionError(f"{label}: cannot start the template renderer "
                                 f"({sys.executable or 'no Python executable'}): {exc}") from None

    def _take(self, label: str) -> _Worker:
        with self._lock:
            if self._pid != os.getpid():  # forked: the workers are the parent's
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return self._new_worker(label)

    def _give(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)


#: The renderer of this process; its idle workers stop when the process exits.
RENDERER = BoundedRenderer()
atexit.register(RENDERER.close)


def render_bounded(source: str, *, input: dict[str, Any], output: dict[str, Any],
                   param: dict[str, Any], label: str = "operation") -> str:
    """Render ``source`` as :func:`plynx.kinds.templating.render` does, in a worker process
    of :data:`RENDERER`, within its time and memory limits."""
    return RENDERER.render(source, input=input, output=output, param=param, label=label)
