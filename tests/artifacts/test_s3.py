"""The artifact store on a real S3-protocol server (moto): layout, deduplication, atomic
uploads, endpoints and credentials, and clear errors. The store's whole contract also runs
on S3 (test_store.py); the 1 GB round trip is in test_s3_large.py."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from plynx.artifacts import ArtifactStore, open_store
from plynx.artifacts.store import REMOTE_REUSE_SECONDS
from plynx.errors import ArtifactError
from tests.artifacts.servers import S3Server
from tests.server.live import free_port


def keys(s3: S3Server, bucket: str) -> list[str]:
    listing = s3.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_blobs_are_objects_under_the_prefix(s3: S3Server, s3_bucket: str,
                                            s3_store: ArtifactStore, tmp_path: Path) -> None:
    data = s3_store.put_bytes(b"a blob")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "f").write_text("in a folder")
    folder = s3_store.put(tmp_path / "dir")
    assert folder.directory
    assert keys(s3, s3_bucket) == sorted(
        f"artifacts/sha256/{a.digest[:2]}/{a.digest}" for a in (data, folder))


def test_same_content_is_uploaded_once(s3_store: ArtifactStore, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "one").write_bytes(b"same bytes")
    first = s3_store.put(tmp_path / "one")
    uploads: list[str] = []
    original = s3_store.fs.put_file

    def counting(local: str, key: str, **kwargs: Any) -> None:
        uploads.append(key)
        original(local, key, **kwargs)

    monkeypatch.setattr(s3_store.fs, "put_file", counting)
    (tmp_path / "two").write_bytes(b"same bytes")
    assert s3_store.put(tmp_path / "two") == first
    with open(tmp_path / "one", "rb") as stream:
        assert s3_store.put_stream(stream) == first
    assert uploads == []
    assert s3_store.put_bytes(b"other bytes") != first


def test_storing_an_old_blob_again_renews_it(s3_store: ArtifactStore,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    artifact = s3_store.put_bytes(b"stored long ago")
    stored_at = s3_store.modified(artifact.digest)
    monkeypatch.setattr(time, "time", lambda: stored_at + REMOTE_REUSE_SECONDS + 60)
    uploads: list[str] = []
    original = s3_store.fs.pipe_file
    monkeypatch.setattr(s3_store.fs, "pipe_file",
                        lambda key, data, **kw: uploads.append(key) or original(key, data, **kw))
    assert s3_store.put_bytes(b"stored long ago") == artifact
    assert len(uploads) == 1  # garbage collection sees it as stored now


def test_failed_multipart_upload_leaves_no_object(s3: S3Server, s3_bucket: str,
                                                  s3_store: ArtifactStore, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "large"
    source.write_bytes(os.urandom(40 * 1024 * 1024))  # three parts of 16 MiB
    original = s3_store.fs._call_s3
    parts: list[int] = []

    async def broken_after_one_part(method: str, *args: Any, **kwargs: Any) -> Any:
        if method == "upload_part":
            parts.append(kwargs["PartNumber"])
            if len(parts) == 2:
                raise ConnectionResetError(104, "Connection reset by peer")
        return await original(method, *args, **kwargs)

    monkeypatch.setattr(s3_store.fs, "_call_s3", broken_after_one_part)
    with pytest.raises(ArtifactError, match=r"cannot write artifact [0-9a-f]{64} to s3://.*: "
                                            r"cannot reach the storage service"):
        s3_store.put(source)
    assert parts == [1, 2]
    monkeypatch.undo()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert not s3_store.exists(digest)
    assert keys(s3, s3_bucket) == []
    assert s3.client().list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []
    assert s3_store.put(source).digest == digest  # and the next attempt succeeds


def test_endpoint_from_the_environment(s3: S3Server, s3_bucket: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3.endpoint)
    store = ArtifactStore(f"s3://{s3_bucket}", options={"skip_instance_cache": True})
    artifact = store.put_bytes(b"found through AWS_ENDPOINT_URL")
    assert keys(s3, s3_bucket) == [f"sha256/{artifact.digest[:2]}/{artifact.digest}"]


def test_runner_reaches_the_store_the_engine_opened(s3: S3Server, s3_bucket: str) -> None:
    url = f"s3://{s3_bucket}/shared"
    opened = open_store(url, s3.options())
    assert open_store(url) is opened  # a task names only the URL
    assert open_store(url, s3.options()) is opened


def test_missing_bucket_is_a_clear_error_and_never_created(s3: S3Server) -> None:
    with pytest.raises(ArtifactError, match="cannot open the artifact store s3://plynx-no-such-"
                                            "bucket/x: the bucket 'plynx-no-such-bucket' does "
                                            "not exist"):
        ArtifactStore("s3://plynx-no-such-bucket/x", options=s3.options())
    names = [b["Name"] for b in s3.client().list_buckets()["Buckets"]]
    assert "plynx-no-such-bucket" not in names


def test_missing_credentials_are_a_clear_error(s3: S3Server, s3_bucket: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    with pytest.raises(ArtifactError, match=f"cannot open the artifact store s3://{s3_bucket}: "
                                            "no usable credentials"):
        ArtifactStore(f"s3://{s3_bucket}", options=s3.options(skip_instance_cache=True))


def test_unreachable_endpoint_is_a_clear_error(s3: S3Server) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    options = {"endpoint_url": nobody,
               "config_kwargs": {"retries": {"max_attempts": 1}, "connect_timeout": 2}}
    with pytest.raises(ArtifactError, match="cannot open the artifact store s3://anything: "
                                            "cannot reach the storage service"):
        ArtifactStore("s3://anything", options=options)


def test_access_denied_names_the_store(s3_store: ArtifactStore,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: Any, **kwargs: Any) -> None:
        raise PermissionError("Access Denied")

    monkeypatch.setattr(s3_store.fs, "put_file", denied)
    monkeypatch.setattr(s3_store.fs, "size", denied)
    with pytest.raises(ArtifactError, match=r"cannot look up artifact [0-9a-f]{64} in s3://.*: "
                                            r"access denied \(Access Denied\): check the "
                                            "credentials"):
        s3_store.put_bytes(b"refused")


def test_failed_download_leaves_nothing(s3_store: ArtifactStore, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    artifact = s3_store.put_bytes(b"x" * 1000)
    (tmp_path / "inputs").mkdir()
    dest = tmp_path / "inputs" / "data"

    def cut_short(key: str, local: str, **kwargs: Any) -> None:
        Path(local).write_bytes(b"x" * 10)
        raise ConnectionResetError(104, "Connection reset by peer")

    monkeypatch.setattr(s3_store.fs, "get_file", cut_short)
    with pytest.raises(ArtifactError, match=r"cannot read artifact [0-9a-f]{64} from s3://"):
        s3_store.materialize(artifact, dest)
    assert list((tmp_path / "inputs").iterdir()) == []
    monkeypatch.undo()
    s3_store.materialize(artifact, dest)
    assert dest.read_bytes() == b"x" * 1000
