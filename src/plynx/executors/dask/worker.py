"""The worker side of the dask executor: run a submitted task, once, with :func:`run_task`.

:func:`run_on_worker` is what the executor submits. It runs the task exactly as the local
executor does, with the worker's own disk for the workspace (``plynx/work`` in the worker's
``local_directory``) and for the logs (``plynx/logs/<key>``), which a
:class:`~plynx.executors.dask.logs.LogShipper` sends to PLynx as they grow.

A key runs at most once in the cluster: before anything else the worker claims it by
setting a Dask event (:func:`~plynx.executors.dask.protocol.claim_name`). When the scheduler
gives the task to another worker after losing the first one (Dask's ``allowed-failures``,
or a worker retired gracefully), the second worker finds the event set and refuses; PLynx
reports the first worker lost and its retry policy decides what happens next.

A running task stops (its process group, as on timeout) when :func:`cancel_on_worker` is
called with its key, or when the Dask scheduler no longer wants its result: the executor
canceled the future, or its client is gone. A task canceled before it started here is not
started.
"""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path
from typing import Any

from distributed import Event, get_client, get_worker

from plynx.executors.dask.logs import Chunk, LogShipper
from plynx.executors.dask.protocol import (
    TOPIC,
    Outcome,
    Submission,
    claim_name,
    log_message,
    started_message,
)
from plynx.executors.isolation import protect_this_process
from plynx.executors.runner import run_task
from plynx.executors.watchdog import CANCELED, CancelEvent
from plynx.executors.workspaces import WORKSPACES, remove_tree
from plynx.model import TaskResult
from plynx.system_log import SYSTEM_LOG, SystemLog

#: Task states of the worker in which a task's result is no longer wanted.
_UNWANTED = frozenset({"cancelled", "released", "forgotten"})

#: Seconds a worker remembers the keys it was told to cancel before they started here.
CANCELED_MEMORY_SECONDS = 600.0

_lock = threading.Lock()
_running: dict[str, CancelEvent] = {}  # the cancel events of the tasks running here
_canceled: dict[str, float] = {}  # keys canceled before they started, and when


def run_on_worker(submission: Submission) -> Outcome:
    """Run the submitted task on this worker (called by Dask, in a worker thread)."""
    worker = get_worker()
    key = submission.key
    cancel = CancelEvent()
    with _lock:
        if key in _canceled:
            return Outcome(worker=worker.address,
                           result=TaskResult(error=CANCELED, canceled=True))
        _running[key] = cancel
    try:
        if not _claim(key):
            return Outcome(worker=worker.address, refused=True)
        worker.log_event(TOPIC, started_message(submission, worker.address))
        return _run(worker, submission, cancel)
    finally:
        with _lock:
            _running.pop(key, None)


def cancel_on_worker(keys: list[str]) -> list[str]:
    """Stop the tasks of ``keys`` that run here, and refuse to start the others for a
    while (called with ``Client.run``); return the keys of the tasks stopped."""
    now = time.monotonic()
    with _lock:
        for key, when in list(_canceled.items()):
            if now - when > CANCELED_MEMORY_SECONDS:
                del _canceled[key]
        found = {key: _running[key] for key in keys if key in _running}
        _canceled.update((key, now) for key in keys if key not in found)
    for cancel in found.values():
        cancel.set()
    return list(found)


def _run(worker: Any, submission: Submission, cancel: CancelEvent) -> Outcome:
    home = _home(worker.local_directory, worker.state.nthreads)
    logs = home / "logs" / submission.key
    task = submission.task
    notes = SystemLog(logs / SYSTEM_LOG)
    notes.buffer(f"attempt {task.attempt} runs on the Dask worker {worker.address}"
                 + (f" ({worker.name})" if str(worker.name) != worker.address else ""))
    task = task.model_copy(update={"log_dir": str(logs), "notes": task.notes + notes.take()})

    def send(chunk: Chunk) -> None:
        worker.log_event(TOPIC, log_message(submission, chunk))

    def stop_if_unwanted() -> None:
        state = worker.state.tasks.get(submission.key)
        if state is None or state.state in _UNWANTED:
            cancel.set()

    shipper = LogShipper(logs, send, on_tick=stop_if_unwanted)
    shipper.start()
    try:
        result = run_task(task, work_dir=home / "work", cancel=cancel,
                          task_env=submission.task_env)
    finally:
        tail = shipper.stop()
        remove_tree(logs)
    return Outcome(worker=worker.address, result=result, tail=tail)


@functools.cache
def _home(local_directory: str, nthreads: int) -> Path:
    """The worker's folder for PLynx; the first call also readies the process."""
    protect_this_process()  # tasks must not read the worker's environment or memory
    home = Path(local_directory) / "plynx"
    WORKSPACES.reserve(home / "work", max(1, nthreads))
    return home


def _claim(key: str) -> bool:
    """Claim ``key`` for this worker; False when a worker claimed it before."""
    claim = Event(claim_name(key), client=get_client())
    if claim.is_set():
        return False
    claim.set()
    return True
