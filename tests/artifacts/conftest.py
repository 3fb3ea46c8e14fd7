"""Artifact stores for the tests: every contract test runs on a local and a memory store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from plynx.artifacts import ArtifactStore


@pytest.fixture
def local_store(tmp_path: Path) -> ArtifactStore:
    return ArtifactStore(str(tmp_path / "store"))


@pytest.fixture
def memory_store() -> Iterator[ArtifactStore]:
    store = ArtifactStore(f"memory://plynx-test-{uuid.uuid4().hex}")
    yield store
    store.fs.rm(store.root, recursive=True)


@pytest.fixture
def moving_store() -> Iterator[ArtifactStore]:
    """A filesystem whose writes are not atomic: blobs arrive under tmp/, then move."""
    store = ArtifactStore(f"dir::memory://plynx-test-{uuid.uuid4().hex}")
    yield store
    store.fs.rm(store.root, recursive=True)


@pytest.fixture(params=["local", "memory", "moving"])
def store(request: pytest.FixtureRequest) -> ArtifactStore:
    return request.getfixturevalue(f"{request.param}_store")
