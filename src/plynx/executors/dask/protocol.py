"""What the dask executor and its workers send each other.

The executor submits :func:`plynx.executors.dask.worker.run_on_worker` with a
:class:`Submission`; the worker answers with an :class:`Outcome`. While the task runs, the
worker logs events on the Dask topic :data:`TOPIC` (see :func:`started_message` and
:func:`log_message`), which the scheduler forwards to the executor in the order the worker
sent them, before it reports the task finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plynx.executors.dask.logs import Chunk
from plynx.model import Task, TaskResult

#: The Dask event topic of PLynx: start notices and log chunks of running tasks.
TOPIC = "plynx-tasks"


@dataclass(frozen=True)
class Submission:
    """A task as sent to a worker.

    ``key`` is the Dask key, unique for every attempt; ``executor`` identifies the sending
    executor in the messages about the task; ``task_env`` is the administrator's extra
    environment of tasks (``None`` values are read from the worker's environment).
    """

    task: Task
    key: str
    executor: str
    task_env: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Outcome:
    """What a worker answers: the task's result and the logs' last bytes, or a refusal.

    ``refused`` is true when another worker started this key first: the Dask scheduler
    gave the task again after losing that worker, and PLynx never runs a task twice behind
    the scheduler's back.
    """

    worker: str
    result: TaskResult | None = None
    tail: list[Chunk] = field(default_factory=list)
    refused: bool = False


def claim_name(key: str) -> str:
    """The Dask event a worker sets when it starts the task of ``key``."""
    return f"plynx-claim-{key}"


def _header(submission: Submission, kind: str) -> dict[str, Any]:
    task = submission.task
    return {"kind": kind, "executor": submission.executor, "key": submission.key,
            "run": task.run_id, "node": task.node_id, "attempt": task.attempt}


def started_message(submission: Submission, worker: str) -> dict[str, Any]:
    """The event telling that ``worker`` started the task."""
    return {**_header(submission, "started"), "worker": worker}


def log_message(submission: Submission, chunk: Chunk) -> dict[str, Any]:
    """The event carrying one chunk of a log."""
    stream, offset, data = chunk
    return {**_header(submission, "log"), "stream": stream, "offset": offset, "data": data}
