from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.executors.dask_cluster import DaskCluster
from tests.executors.support import Bench


@pytest.fixture
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bench:
    monkeypatch.delenv("PLYNX_KEEP_WORKSPACE", raising=False)
    return Bench(tmp_path)


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    """A Dask scheduler and two workers on loopback, each a process: ``gpu`` advertises
    ``GPU=1``, ``plain`` nothing. Dask's defaults are kept (``allowed-failures`` 3)."""
    pytest.importorskip("distributed")
    cluster = DaskCluster(tmp_path_factory.mktemp("dask"))
    try:
        cluster.add_worker("gpu", resources="GPU=1")
        cluster.add_worker("plain")
        yield cluster
    finally:
        cluster.close()
