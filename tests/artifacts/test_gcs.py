"""The artifact store on a Google Cloud Storage emulator: layout, atomic resumable uploads
and clear errors. The store's whole contract also runs on it (test_store.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from plynx.artifacts import ArtifactStore
from plynx.errors import ArtifactError
from tests.artifacts.conftest import LARGE_BODY
from tests.artifacts.servers import GcsServer

pytestmark = pytest.mark.filterwarnings(LARGE_BODY)


def objects(store: ArtifactStore) -> list[str]:
    bucket = store.root.split("/", 1)[0]
    return sorted(key.removeprefix(f"{bucket}/") for key in store.fs.find(bucket))


def test_blobs_are_objects_under_the_prefix(gcs_store: ArtifactStore, tmp_path: Path) -> None:
    data = gcs_store.put_bytes(b"a blob")
    source = tmp_path / "large"
    source.write_bytes(os.urandom(20 * 1024 * 1024))  # a resumable upload, in two parts
    large = gcs_store.put(source)
    assert objects(gcs_store) == sorted(
        f"artifacts/sha256/{a.digest[:2]}/{a.digest}" for a in (data, large))
    gcs_store.materialize(large, tmp_path / "back")
    assert (tmp_path / "back").read_bytes() == source.read_bytes()


def test_failed_resumable_upload_leaves_no_object(gcs_store: ArtifactStore, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import gcsfs.core

    source = tmp_path / "large"
    source.write_bytes(os.urandom(40 * 1024 * 1024))  # three parts of 16 MiB
    original = gcsfs.core.upload_chunk
    parts: list[int] = []

    async def broken_after_one_part(fs: Any, location: str, data: bytes, offset: int,
                                    *args: Any) -> Any:
        parts.append(offset)
        if len(parts) == 2:
            raise ConnectionResetError(104, "Connection reset by peer")
        return await original(fs, location, data, offset, *args)

    call = gcs_store.fs._call

    async def cancel(method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        if method == "DELETE" and "upload_id=" in path:
            return None  # GCS cancels the upload; the emulator answers 501, retried at length
        return await call(method, path, *args, **kwargs)

    monkeypatch.setattr(gcsfs.core, "upload_chunk", broken_after_one_part)
    monkeypatch.setattr(gcs_store.fs, "_call", cancel)
    with pytest.raises(ArtifactError, match="cannot write artifact .* to gs://.*: cannot reach"):
        gcs_store.put(source)
    monkeypatch.undo()
    assert objects(gcs_store) == []
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert gcs_store.put(source).digest == digest


def test_missing_bucket_is_a_clear_error(gcs_server: GcsServer) -> None:
    with pytest.raises(ArtifactError, match="cannot open the artifact store gs://plynx-no-such-"
                                            "bucket/x: the bucket 'plynx-no-such-bucket' does "
                                            "not exist"):
        ArtifactStore("gs://plynx-no-such-bucket/x", options=gcs_server.options())
