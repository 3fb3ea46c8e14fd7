"""The built-in executors, registered through the same hook as third-party executors."""

from __future__ import annotations

from plynx.executors.dask import DaskExecutor
from plynx.executors.local import LocalExecutor
from plynx.hookspecs import hookimpl


@hookimpl
def plynx_executors() -> list[type]:
    return [LocalExecutor, DaskExecutor]
