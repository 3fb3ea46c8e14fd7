"""The dask executor: tasks on the workers of a Dask cluster (dask.distributed)."""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import uuid
from concurrent.futures import CancelledError, Future, InvalidStateError, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plynx.errors import ExecutionError
from plynx.executors.base import Executor, StartCallback
from plynx.executors.dask.connection import connect
from plynx.executors.dask.logs import LogReceiver
from plynx.executors.dask.protocol import TOPIC, Outcome, Submission, claim_name
from plynx.executors.dask.resources import ClusterResources, dask_resources
from plynx.executors.environment import parse_task_env
from plynx.executors.watchdog import CANCELED
from plynx.model import Task, TaskResult

if TYPE_CHECKING:
    from plynx.config import Settings

Key = tuple[str, str]

#: The Dask event topic where the scheduler tells what happens to workers.
CLUSTER_TOPIC = "all"
#: Longest wait, when shutting down without waiting, for canceled tasks to report.
SHUTDOWN_GRACE_SECONDS = 3.0

logger = logging.getLogger(__name__)


def lost_error(address: str | None, started: bool = True) -> str:
    """The error of a task whose worker died or left while running it (or before it
    started the task, when Dask gave the task up with the worker)."""
    return f"worker {address or '(unknown)'} lost " + (
        "while running the task" if started else "before the task started")


@dataclass
class _Entry:
    """A submitted task and what is known of it."""

    task: Task
    key: str  # the Dask key
    logs: LogReceiver
    future: Future[TaskResult] = field(default_factory=Future)
    dask_future: Any = None
    worker: str | None = None  # the address of the worker running it, once it started
    canceled: bool = False  # PLynx asked to cancel it


class DaskExecutor(Executor):
    """Sends tasks to the workers of a Dask cluster, which run them with
    :func:`~plynx.executors.runner.run_task` on their own disks.

    ``client`` is a ``distributed.Client`` of the cluster. Logs arrive while tasks run and
    are written to each task's ``log_dir`` here; see :mod:`plynx.executors.dask.worker`
    for what a worker does, and docs/execution.md for the whole design. ``on_start(key, 0)``
    is called when a worker starts a task: its process is on another machine, so there is
    no process id here.
    """

    name = "dask"
    description = "Tasks on the workers of a Dask cluster (dask.distributed)."

    def __init__(self, client: Any, on_start: StartCallback | None = None,
                 task_env: dict[str, str | None] | None = None) -> None:
        from distributed import KilledWorker

        from plynx.executors.dask.worker import cancel_on_worker, run_on_worker

        self.client = client
        self.on_start = on_start
        self.task_env = task_env or {}
        self.id = uuid.uuid4().hex
        self._run_on_worker = run_on_worker
        self._cancel_on_worker = cancel_on_worker
        self._killed_worker = KilledWorker
        self._lock = threading.Lock()
        self._entries: dict[Key, _Entry] = {}
        self._by_dask_key: dict[str, _Entry] = {}
        self._to_cancel: list[_Entry] = []
        self._closed = False
        self._cluster = ClusterResources(client)
        # client calls that wait for an answer, kept off the caller's thread; cancellations
        # never wait behind the clean-up of finished tasks
        self._control = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plynx-dask")
        self._cleanup = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plynx-dask-gc")
        client.subscribe_topic(TOPIC, self._on_task_event)
        client.subscribe_topic(CLUSTER_TOPIC, self._on_cluster_event)

    @classmethod
    def from_settings(cls, settings: Settings,
                      on_start: StartCallback | None = None) -> DaskExecutor:
        """The executor of ``settings``: connected to ``dask_address`` (with the
        ``dask_tls_*`` files), giving tasks ``task_env``."""
        return cls(connect(settings), on_start, parse_task_env(settings.task_env))

    # -- the Executor interface -----------------------------------------------------------

    def submit(self, task: Task) -> Future[TaskResult]:
        """Send ``task`` to the cluster; its future resolves with the result (never with
        an exception). A task whose resource request no worker can satisfy fails at once."""
        with self._lock:
            if self._closed:
                raise ExecutionError("the dask executor is shut down")
            if task.key in self._entries:
                raise ExecutionError(f"node {task.node_id!r} of run {task.run_id!r} is already "
                                     f"submitted")
        node = task.node_id.replace("/", ".")  # the key names a folder on the worker
        key = f"plynx-{task.run_id}-{node}-{task.attempt}-{secrets.token_hex(4)}"
        try:
            logs = LogReceiver(Path(task.log_dir), task.attempt, task.notes)
            entry = _Entry(task, key, logs)
        except OSError as exc:
            return _resolved(_failure(f"cannot prepare the task: {exc}"))
        request = dask_resources(task.operation.resources)
        problem = self._cluster.unsatisfiable(request)
        if problem is not None:
            entry.logs.note(problem)
            return _resolved(_failure(problem))
        with self._lock:
            self._entries[task.key] = entry
            self._by_dask_key[key] = entry
        # the notes are written: the worker's system log starts with its own lines
        submission = Submission(task.model_copy(update={"notes": []}), key, self.id,
                                self.task_env)
        try:
            entry.dask_future = self.client.submit(
                self._run_on_worker, submission, key=key, pure=False, retries=0,
                resources=request or None)
        except Exception as exc:
            self._resolve(entry, _failure(f"cannot submit the task to Dask: {exc}"), note=True)
            return entry.future
        entry.dask_future.add_done_callback(lambda done: self._finished(entry, done))
        return entry.future

    def cancel(self, key: Key) -> None:
        """Stop a task: in the Dask scheduler's queue when it has not started, else on its
        worker. Either way its future resolves as canceled.

        Cancellations are sent in batches: every worker is told to stop these tasks or
        never start them, then those not started are withdrawn from the Dask scheduler (so
        a task stopped never frees a worker for one being canceled). A task that started
        while the message was on its way is stopped by its worker, which sees that its
        result is no longer wanted.
        """
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.canceled:
                return
            entry.canceled = True
            self._to_cancel.append(entry)
            idle = len(self._to_cancel) == 1
        if idle:
            with contextlib.suppress(RuntimeError):  # shut down: the client's end stops it
                self._control.submit(self._cancel_pending)

    def shutdown(self, wait: bool = True) -> None:
        """Accept no more tasks; with ``wait`` wait for every task, else cancel them all
        (tasks still running after a short grace stop when the client disconnects)."""
        with self._lock:
            self._closed = True
            entries = list(self._entries.values())
        if not wait:
            for entry in entries:
                self.cancel(entry.task.key)
        wait_for([entry.future for entry in entries],
                 timeout=None if wait else SHUTDOWN_GRACE_SECONDS)
        for entry in entries:
            self._resolve(entry, _failure(CANCELED, canceled=True))
        self._control.shutdown(wait=True)
        self._cleanup.shutdown(wait=True)
        with contextlib.suppress(Exception):
            for topic in (TOPIC, CLUSTER_TOPIC):  # else the scheduler writes to a closed client
                self.client.unsubscribe_topic(topic)
            self.client.close()

    def state(self) -> dict[str, Any]:
        with self._lock:
            running = [key for key, entry in self._entries.items() if entry.worker]
            queued = len(self._entries) - len(running)
        return {"name": self.name, "scheduler": self.client.scheduler.address,
                "workers": len(self._cluster.workers), "running": running, "queued": queued}

    # -- what the cluster tells (on the client's event loop) ------------------------------

    def _on_task_event(self, event: tuple[float, dict[str, Any]]) -> None:
        """A start notice or a log chunk sent by a worker running one of our tasks."""
        message = event[1]
        if not isinstance(message, dict) or message.get("executor") != self.id:
            return
        with self._lock:
            entry = self._by_dask_key.get(message.get("key", ""))
        if entry is None:
            return
        task = entry.task
        if (message.get("run"), message.get("node"), message.get("attempt")) != \
                (task.run_id, task.node_id, task.attempt):
            return
        try:
            if message["kind"] == "started":
                entry.worker = message["worker"]
                if self.on_start is not None:
                    self.on_start(task.key, 0)
            elif message["kind"] == "log":
                entry.logs.receive(message["stream"], message["offset"], message["data"])
        except Exception:  # never break the client's event loop
            logger.exception("cannot handle %s of task %s", message["kind"], task.node_id)

    def _on_cluster_event(self, event: tuple[float, dict[str, Any]]) -> None:
        """A worker left the cluster: the tasks it was running failed."""
        message = event[1]
        if not isinstance(message, dict) or message.get("action") != "remove-worker":
            return
        address = message.get("worker")
        self._cluster.forget()
        with self._lock:
            lost = [entry for entry in self._entries.values() if entry.worker == address]
        for entry in lost:
            self._resolve(entry, _failure(lost_error(str(address))), note=True)

    # -- results (in the client's callback thread) ----------------------------------------

    def _finished(self, entry: _Entry, done: Any) -> None:
        try:
            result, note = self._result(entry, done)
        except Exception as exc:  # a bug must still end as a failed task, not a lost future
            logger.exception("cannot read the result of task %s", entry.task.node_id)
            result, note = _failure(f"internal error: {type(exc).__name__}: {exc}"), True
        self._resolve(entry, result, note=note)

    def _result(self, entry: _Entry, done: Any) -> tuple[TaskResult, bool]:
        """The result of a finished Dask future, and whether to note its error in
        ``stderr.log`` (the worker's runner did not)."""
        try:
            outcome: Outcome = done.result()
        except CancelledError as exc:
            if entry.canceled:
                return _failure(CANCELED, canceled=True), False
            # the client lost the scheduler, or someone else canceled the key
            return _failure(f"the Dask cluster dropped the task: {exc}"), True
        except self._killed_worker as exc:
            worker = getattr(exc.last_worker, "address", exc.last_worker)
            return _failure(lost_error(str(worker), started=entry.worker is not None)), True
        except Exception as exc:
            return _failure(f"the Dask cluster could not run the task: "
                            f"{type(exc).__name__}: {exc}"), True
        if outcome.refused or outcome.result is None:
            if entry.canceled:
                return _failure(CANCELED, canceled=True), False
            return _failure(lost_error(entry.worker)), True
        try:
            for stream, offset, data in outcome.tail:
                entry.logs.receive(stream, offset, data)
        except OSError:  # the task's result stands without the end of its logs
            logger.warning("cannot write the logs of task %s", entry.task.node_id,
                           exc_info=True)
        return outcome.result, False

    def _resolve(self, entry: _Entry, result: TaskResult, note: bool = False) -> None:
        """Give ``entry`` its result, once; forget it here and in the cluster."""
        with self._lock:
            if self._entries.get(entry.task.key) is not entry:
                return
            del self._entries[entry.task.key]
            del self._by_dask_key[entry.key]
        if note and result.error:
            with contextlib.suppress(OSError):
                entry.logs.note(result.error)
        with contextlib.suppress(InvalidStateError):
            entry.future.set_result(result)
        with contextlib.suppress(RuntimeError):  # shut down: the client closes anyway
            self._cleanup.submit(self._forget, entry)

    def _forget(self, entry: _Entry) -> None:
        """Release the task's key (a lost worker's task must not run again) and its
        claim."""
        try:
            from distributed import Event

            if entry.dask_future is not None and not entry.dask_future.done():
                entry.dask_future.cancel(reason="resolved by PLynx")
            Event(claim_name(entry.key), client=self.client).clear()
        except Exception:
            logger.debug("cannot release the Dask key %s", entry.key, exc_info=True)
        entry.dask_future = None

    def _cancel_pending(self) -> None:
        """Tell every worker to stop the tasks to cancel or never start them, then withdraw
        those that did not start from the Dask scheduler."""
        with self._lock:
            entries, self._to_cancel = self._to_cancel, []
        waiting = [entry.dask_future for entry in entries
                   if entry.worker is None and entry.dask_future is not None]
        try:
            self.client.run(self._cancel_on_worker, [entry.key for entry in entries],
                            on_error="ignore")
            if waiting:
                self.client.cancel(waiting, reason="canceled by PLynx")
        except Exception:  # a worker is gone: its removal resolves its tasks
            logger.debug("cannot cancel %s", [entry.key for entry in entries], exc_info=True)


def _failure(error: str, canceled: bool = False) -> TaskResult:
    return TaskResult(error=error, canceled=canceled, finished_at=datetime.now(UTC))


def _resolved(result: TaskResult) -> Future[TaskResult]:
    future: Future[TaskResult] = Future()
    future.set_result(result)
    return future
