"""Artifact stores for the tests: every contract test runs on a local folder, an fsspec
memory filesystem, one whose writes are not atomic, a real S3-protocol server and a Google
Cloud Storage emulator."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from plynx.artifacts import ArtifactStore
from tests.artifacts.servers import (
    GCS_ENVIRONMENT,
    S3_ENVIRONMENT,
    GcsServer,
    S3Server,
    Unavailable,
    gcs_emulator,
    moto_server,
)


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


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server, started once for the session."""
    try:
        with moto_server() as server:
            yield server
    except Unavailable as exc:
        unavailable(f"no S3 server to test against: {exc}")


@pytest.fixture
def s3(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> S3Server:
    """The S3 server, with the environment of its clients set for one test."""
    for name, value in S3_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    return s3_server


@pytest.fixture
def s3_bucket(s3: S3Server) -> str:
    """A new, empty bucket."""
    name = bucket_name()
    s3.client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_store(s3: S3Server, s3_bucket: str) -> ArtifactStore:
    return ArtifactStore(f"s3://{s3_bucket}/artifacts", options=s3.options())


@pytest.fixture(scope="session")
def gcs_server() -> Iterator[GcsServer]:
    """A Google Cloud Storage emulator, started once for the session. gcsfs reads its
    environment when first imported: it is set for good."""
    os.environ.update(GCS_ENVIRONMENT)
    try:
        with gcs_emulator() as server:
            yield server
    except Unavailable as exc:
        unavailable(f"no GCS emulator to test against: {exc}")


@pytest.fixture
def gcs_store(gcs_server: GcsServer) -> ArtifactStore:
    """A store in a new bucket of the GCS emulator."""
    name = bucket_name()
    fsspec.filesystem("gs", **gcs_server.options()).mkdir(name)
    return ArtifactStore(f"gs://{name}/artifacts", options=gcs_server.options())


def unavailable(reason: str) -> None:
    """Skip, saying why; under CI, where .ci/run installs the servers, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def bucket_name() -> str:
    return f"plynx-test-{uuid.uuid4().hex[:16]}"


#: gcsfs sends parts as bytes, which aiohttp flags with a ResourceWarning (hidden outside tests).
LARGE_BODY = "ignore:Sending a large body directly with raw bytes:ResourceWarning"


@pytest.fixture(params=["local", "memory", "moving", "s3",
                        pytest.param("gcs", marks=pytest.mark.filterwarnings(LARGE_BODY))])
def store(request: pytest.FixtureRequest) -> ArtifactStore:
    return request.getfixturevalue(f"{request.param}_store")
