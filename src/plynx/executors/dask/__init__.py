"""The ``dask`` executor: tasks on the workers of a Dask cluster.

Importing this package does not import dask: the executor is registered whether or not
``plynx[dask]`` is installed, and says what to install when it is chosen without it.
"""

from plynx.executors.dask.executor import DaskExecutor

__all__ = ["DaskExecutor"]
