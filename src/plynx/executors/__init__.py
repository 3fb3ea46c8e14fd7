"""Executors: where tasks run (``local`` processes here, ``dask`` on a Dask cluster, more from
plugins)."""

from plynx.executors.base import Executor, StartCallback
from plynx.executors.local import LocalExecutor
from plynx.executors.runner import KEEP_WORKSPACE_ENV, run_task
from plynx.executors.watchdog import CancelEvent

__all__ = [
    "KEEP_WORKSPACE_ENV",
    "CancelEvent",
    "Executor",
    "LocalExecutor",
    "StartCallback",
    "run_task",
]
