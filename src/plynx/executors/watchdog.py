"""Timeouts and cancellation of running processes, enforced by one helper thread.

Every task process runs in its own process group. When its deadline passes or its cancel
event is set, the watchdog sends SIGTERM to the whole group, then SIGKILL after
:data:`KILL_GRACE_SECONDS` if the process is still alive. A :class:`CancelEvent` wakes the
watchdog at once; a plain :class:`threading.Event` is noticed within
:data:`CANCEL_CHECK_SECONDS`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import Protocol

#: Seconds between SIGTERM and SIGKILL.
KILL_GRACE_SECONDS = 0.5

#: How often cancel events that cannot wake the watchdog themselves are looked at.
CANCEL_CHECK_SECONDS = 0.05

TIMED_OUT = "timed out"
CANCELED = "canceled"


def kill_group(pgid: int, sig: signal.Signals) -> None:
    """Send ``sig`` to every process of the group ``pgid``; quiet when none is left."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


class Process(Protocol):
    """What the watchdog needs of a process: its pid, and its exit code once it ended."""

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...


class Watch:
    """One watched process; ``stopped`` says why the watchdog stopped it, if it did."""

    __slots__ = ("process", "deadline", "cancel", "stopped", "kill_at")

    def __init__(self, process: Process, deadline: float | None,
                 cancel: threading.Event | None) -> None:
        self.process = process
        self.deadline = deadline
        self.cancel = cancel
        self.stopped: str | None = None
        self.kill_at: float | None = None


class Watchdog:
    """A daemon thread stopping watched process groups on timeout or cancellation."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._watches: set[Watch] = set()
        self._thread: threading.Thread | None = None

    def watch(self, process: Process, timeout: float | None,
              cancel: threading.Event | None) -> Watch:
        """Start watching ``process`` (the leader of its own process group)."""
        deadline = time.monotonic() + timeout if timeout is not None else None
        entry = Watch(process, deadline, cancel)
        with self._cond:
            self._watches.add(entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="plynx-watchdog",
                                                daemon=True)
                self._thread.start()
            if deadline is not None or (cancel is not None and (
                    cancel.is_set() or not isinstance(cancel, CancelEvent))):
                self._cond.notify()  # a CancelEvent set later wakes the thread itself
        return entry

    def release(self, entry: Watch) -> None:
        """Stop watching; call once the process has been waited for."""
        with self._cond:
            self._watches.discard(entry)

    def poke(self) -> None:
        """Look at every cancel event now."""
        with self._cond:
            self._cond.notify()

    def _loop(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                wake: float | None = None
                for entry in list(self._watches):
                    at = self._check(entry, now)
                    if at is not None and (wake is None or at < wake):
                        wake = at
                self._cond.wait(None if wake is None else max(0.0, wake - now))

    def _check(self, entry: Watch, now: float) -> float | None:
        """Act on ``entry``; return when it next needs a look (None: only when poked)."""
        if entry.process.returncode is not None:
            return None
        if entry.stopped is None:
            if entry.cancel is not None and entry.cancel.is_set():
                self._terminate(entry, CANCELED, now)
            elif entry.deadline is not None and now >= entry.deadline:
                self._terminate(entry, TIMED_OUT, now)
        if entry.stopped is not None:
            if entry.kill_at is not None and now >= entry.kill_at:
                kill_group(entry.process.pid, signal.SIGKILL)
                entry.kill_at = None
            return entry.kill_at
        wake = entry.deadline
        if entry.cancel is not None and not isinstance(entry.cancel, CancelEvent):
            check = now + CANCEL_CHECK_SECONDS
            wake = check if wake is None else min(wake, check)
        return wake

    @staticmethod
    def _terminate(entry: Watch, why: str, now: float) -> None:
        entry.stopped = why
        entry.kill_at = now + KILL_GRACE_SECONDS
        kill_group(entry.process.pid, signal.SIGTERM)


#: The watchdog of this process.
WATCHDOG = Watchdog()


class CancelEvent(threading.Event):
    """An Event for cancelling a task, which the watchdog notices as soon as it is set."""

    def set(self) -> None:
        super().set()
        WATCHDOG.poke()
