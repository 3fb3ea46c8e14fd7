"""The local executor: task processes on this machine, a fixed number at a time."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plynx.errors import ConfigError, ExecutionError
from plynx.executors.base import Executor, StartCallback
from plynx.executors.environment import parse_task_env
from plynx.executors.isolation import protect_this_process
from plynx.executors.runner import run_task
from plynx.executors.watchdog import CANCELED, CancelEvent
from plynx.executors.workspaces import WORKSPACES
from plynx.model import Task, TaskResult

if TYPE_CHECKING:
    from plynx.config import Settings

Key = tuple[str, str]


@dataclass
class _Entry:
    """A submitted task and what controls it."""

    task: Task
    future: Future[TaskResult] = field(default_factory=Future)
    cancel: CancelEvent = field(default_factory=CancelEvent)
    running: bool = False
    job: Future[None] | None = None


class LocalExecutor(Executor):
    """Runs tasks as processes on this machine, at most ``concurrency`` at once.

    Each of ``concurrency`` threads runs one task at a time with
    :func:`~plynx.executors.runner.run_task`; workspaces go under ``work_dir``. Tasks wait
    in submission order. ``on_start(key, pid)`` is called as soon as a process exists.
    ``task_env`` is the administrator's extra environment of tasks (see
    :func:`~plynx.executors.environment.parse_task_env`).
    """

    name = "local"
    description = "Processes on this machine, a fixed number at a time."

    def __init__(self, concurrency: int, work_dir: Path, on_start: StartCallback | None = None,
                 task_env: dict[str, str | None] | None = None) -> None:
        if concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1, got {concurrency}")
        self.concurrency = concurrency
        self.work_dir = Path(work_dir)
        self.on_start = on_start
        self.task_env = task_env or {}
        protect_this_process()  # tasks must not read this process's environment or memory
        WORKSPACES.reserve(self.work_dir, concurrency)
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="plynx-local")
        self._lock = threading.Lock()
        self._entries: dict[Key, _Entry] = {}
        self._closed = False

    @classmethod
    def from_settings(cls, settings: Settings,
                      on_start: StartCallback | None = None) -> LocalExecutor:
        """The executor of ``settings``: its concurrency, work folder and ``task_env``."""
        assert settings.work_dir is not None  # filled in by Settings
        return cls(settings.concurrency, settings.work_dir, on_start,
                   parse_task_env(settings.task_env))

    def submit(self, task: Task) -> Future[TaskResult]:
        """Queue ``task``; its future resolves with the result (never with an exception)."""
        entry = _Entry(task)
        with self._lock:
            if self._closed:
                raise ExecutionError("the local executor is shut down")
            if task.key in self._entries:
                raise ExecutionError(f"node {task.node_id!r} of run {task.run_id!r} is already "
                                     f"submitted")
            self._entries[task.key] = entry
            entry.job = self._pool.submit(self._work, entry)
        return entry.future

    def cancel(self, key: Key) -> None:
        """Cancel a queued task (it never starts) or stop a running one."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return
            entry.cancel.set()
            if entry.running:
                return  # run_task stops the process and resolves the future
            del self._entries[key]
            if entry.job is not None:
                entry.job.cancel()
        _resolve(entry.future, TaskResult(error=CANCELED, canceled=True))

    def shutdown(self, wait: bool = True) -> None:
        """Accept no more tasks; with ``wait`` finish every task, else cancel them all."""
        with self._lock:
            self._closed = True
            keys = list(self._entries)
        if not wait:
            for key in keys:
                self.cancel(key)
        self._pool.shutdown(wait=wait, cancel_futures=not wait)

    def state(self) -> dict[str, Any]:
        with self._lock:
            running = [key for key, entry in self._entries.items() if entry.running]
            queued = len(self._entries) - len(running)
        return {"name": self.name, "concurrency": self.concurrency, "running": running,
                "queued": queued}

    def _work(self, entry: _Entry) -> None:
        key = entry.task.key
        with self._lock:
            if entry.cancel.is_set():
                return  # canceled while queued; cancel() resolved the future
            if not entry.future.set_running_or_notify_cancel():
                self._entries.pop(key, None)
                return
            entry.running = True
        on_start = None
        if self.on_start is not None:
            callback = self.on_start

            def on_start(pid: int) -> None:
                callback(key, pid)

        try:
            result = run_task(entry.task, work_dir=self.work_dir, cancel=entry.cancel,
                              on_start=on_start, task_env=self.task_env)
        except BaseException as exc:  # run_task never raises; keep the future honest anyway
            result = TaskResult(error=f"internal error: {type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._entries.pop(key, None)
        _resolve(entry.future, result)


def _resolve(future: Future[TaskResult], result: TaskResult) -> None:
    with contextlib.suppress(InvalidStateError):  # the caller cancelled the future itself
        future.set_result(result)
