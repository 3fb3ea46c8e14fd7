"""The artifact store's contract, on a local folder and on an fsspec memory filesystem."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from plynx.artifacts import ArtifactStore, open_store
from plynx.errors import ArtifactError, NotFound
from plynx.model import Artifact

from .support import make_tree, snapshot, temporary_files

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_file_round_trip(store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "data.csv"
    source.write_bytes(b"a,b\n1,2\n")
    artifact = store.put(source)
    assert artifact == Artifact(
        digest=hashlib.sha256(b"a,b\n1,2\n").hexdigest(), size=8, directory=False
    )
    assert source.read_bytes() == b"a,b\n1,2\n"  # put copies unless asked to move
    with store.open(artifact.digest) as stored:
        assert stored.read() == b"a,b\n1,2\n"
    dest = tmp_path / "copy.csv"
    store.materialize(artifact, dest)
    assert dest.read_bytes() == b"a,b\n1,2\n"
    assert store.size(artifact.digest) == 8
    assert store.exists(artifact.digest)


def test_bytes_round_trip(store: ArtifactStore, tmp_path: Path) -> None:
    artifact = store.put_bytes(b"\x00\xffbinary")
    store.materialize(artifact, tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == b"\x00\xffbinary"


def test_empty_file_and_empty_bytes(store: ArtifactStore, tmp_path: Path) -> None:
    (tmp_path / "empty").touch()
    assert store.put(tmp_path / "empty") == Artifact(digest=EMPTY_SHA256, size=0)
    assert store.put_bytes(b"") == Artifact(digest=EMPTY_SHA256, size=0)
    store.materialize(Artifact(digest=EMPTY_SHA256, size=0), tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == b""


def test_stream_round_trip(store: ArtifactStore) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)
    artifact = store.put_stream(io.BytesIO(data))
    assert artifact.digest == hashlib.sha256(data).hexdigest()
    with store.open(artifact.digest) as stored:
        assert stored.read() == data


def test_directory_round_trip(store: ArtifactStore, tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    artifact = store.put(tree)
    assert artifact.directory
    dest = tmp_path / "restored"
    store.materialize(artifact, dest)
    assert snapshot(dest) == snapshot(tree)
    assert (dest / "empty").is_dir() and not any((dest / "empty").iterdir())
    assert os.access(dest / "sub" / "run.sh", os.X_OK)
    assert not (dest / "a.txt").stat().st_mode & 0o111
    assert os.readlink(dest / "link") == "sub/run.sh"


def test_empty_directory_round_trip(store: ArtifactStore, tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    artifact = store.put(tmp_path / "nothing")
    (tmp_path / "dest").mkdir()  # an existing empty destination is accepted
    store.materialize(artifact, tmp_path / "dest")
    assert list((tmp_path / "dest").iterdir()) == []


def test_same_content_is_stored_once(store: ArtifactStore, tmp_path: Path) -> None:
    (tmp_path / "one").write_text("same")
    (tmp_path / "two").write_text("same")
    first = store.put(tmp_path / "one")
    assert store.put(tmp_path / "two") == first
    assert store.put_bytes(b"same") == first
    assert list(store.digests()) == [first.digest]


def test_layout_and_read_only_blobs(local_store: ArtifactStore) -> None:
    artifact = local_store.put_bytes(b"layout")
    blob = Path(local_store.root, "sha256", artifact.digest[:2], artifact.digest)
    assert blob.read_bytes() == b"layout"
    assert stat.S_IMODE(blob.stat().st_mode) == 0o444


def test_missing_and_malformed_digests(store: ArtifactStore) -> None:
    missing = "0" * 64
    assert not store.exists(missing)
    for call in (store.open, store.size, store.delete):
        with pytest.raises(NotFound, match=f"artifact {missing} is not in the artifact store"):
            call(missing)
    store.delete(missing, missing_ok=True)
    for bad in ("../../etc/passwd", "ABC", "g" * 64):
        assert not store.exists(bad)
        with pytest.raises(NotFound, match="64 lower-case hex digits"):
            store.open(bad)
    with pytest.raises(NotFound):
        store.materialize(Artifact(digest=missing, size=1), Path("unused"))


def test_put_of_missing_or_special_path(store: ArtifactStore, tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="no-such-file: no such file or directory"):
        store.put(tmp_path / "no-such-file")
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ArtifactError, match="not a regular file or a directory"):
        store.put(tmp_path / "pipe")


def test_delete_and_listing(store: ArtifactStore) -> None:
    kept = store.put_bytes(b"kept")
    gone = store.put_bytes(b"gone")
    assert sorted(store.digests()) == sorted([kept.digest, gone.digest])
    store.delete(gone.digest)
    assert not store.exists(gone.digest)
    assert list(store.digests()) == [kept.digest]


class FailingReader(io.RawIOBase):
    """Gives a few megabytes, then fails like a broken disk or connection."""

    def __init__(self) -> None:
        self.calls = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        self.calls += 1
        if self.calls > 2:
            raise OSError(5, "Input/output error")
        buffer[:] = b"x" * len(buffer)
        return len(buffer)


def test_failed_copy_leaves_nothing(store: ArtifactStore) -> None:
    with pytest.raises(ArtifactError, match="Input/output error"):
        store.put_stream(FailingReader())
    assert list(store.digests()) == []
    assert temporary_files(store) == []


def test_failed_archive_leaves_nothing(local_store: ArtifactStore, tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    os.mkfifo(tree / "sub" / "fifo")
    with pytest.raises(ArtifactError, match="device, socket or pipe"):
        local_store.put(tree)
    assert list(local_store.digests()) == []
    assert temporary_files(local_store) == []


def test_materialized_file_is_a_private_copy(store: ArtifactStore, tmp_path: Path) -> None:
    artifact = store.put_bytes(b"original")
    dest = tmp_path / "input"
    store.materialize(artifact, dest)
    dest.chmod(0o755)
    dest.write_bytes(b"changed by the process")
    with store.open(artifact.digest) as stored:
        assert stored.read() == b"original"
    if store.local:
        blob = Path(store.root, "sha256", artifact.digest[:2], artifact.digest)
        assert stat.S_IMODE(blob.stat().st_mode) == 0o444
    store.materialize(artifact, dest)  # replaces an existing file
    assert dest.read_bytes() == b"original"


def test_materialize_refuses_a_non_empty_directory(store: ArtifactStore, tmp_path: Path) -> None:
    artifact = store.put(make_tree(tmp_path / "tree"))
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep").write_text("mine")
    with pytest.raises(ArtifactError, match="not an empty directory"):
        store.materialize(artifact, tmp_path / "busy")
    assert (tmp_path / "busy" / "keep").read_text() == "mine"


def test_damaged_blob_is_detected_and_healed(local_store: ArtifactStore, tmp_path: Path) -> None:
    artifact = local_store.put_bytes(b"precious bytes")
    blob = Path(local_store.root, "sha256", artifact.digest[:2], artifact.digest)
    blob.chmod(0o644)
    blob.write_bytes(b"")  # what a power loss can leave behind
    with pytest.raises(ArtifactError, match="is damaged: 0 bytes stored, 14 expected"):
        local_store.materialize(artifact, tmp_path / "out")
    assert local_store.put_bytes(b"precious bytes") == artifact
    assert blob.read_bytes() == b"precious bytes"


def test_move_takes_the_file(store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "output"
    source.write_bytes(b"moved content")
    artifact = store.put(source, move=True)
    assert not source.exists()
    assert artifact.digest == hashlib.sha256(b"moved content").hexdigest()
    with store.open(artifact.digest) as stored:
        assert stored.read() == b"moved content"
    assert temporary_files(store) == []


def test_move_copies_a_file_with_other_names(local_store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "output"
    source.write_bytes(b"shared inode")
    os.link(source, tmp_path / "other-name")
    artifact = local_store.put(source, move=True)
    (tmp_path / "other-name").write_bytes(b"rewritten later")
    with local_store.open(artifact.digest) as stored:
        assert stored.read() == b"shared inode"


def test_concurrent_puts_of_the_same_content(store: ArtifactStore, tmp_path: Path) -> None:
    data = os.urandom(2 * 1024 * 1024)
    sources = []
    for i in range(8):
        sources.append(tmp_path / f"copy{i}")
        sources[-1].write_bytes(data)
    results: list[Artifact] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(sources))

    def put(path: Path) -> None:
        barrier.wait()
        try:
            results.append(store.put(path))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=put, args=(p,)) for p in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {a.digest for a in results} == {hashlib.sha256(data).hexdigest()}
    assert list(store.digests()) == [results[0].digest]
    with store.open(results[0].digest) as stored:
        assert stored.read() == data
    assert temporary_files(store) == []


def test_concurrent_puts_from_processes(local_store: ArtifactStore, tmp_path: Path) -> None:
    source = tmp_path / "big"
    source.write_bytes(os.urandom(4 * 1024 * 1024))
    code = (
        "import sys; from plynx.artifacts import ArtifactStore; "
        "print(ArtifactStore(sys.argv[1]).put(sys.argv[2]).digest)"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, local_store.url, str(source)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    digests = {p.communicate(timeout=60)[0].strip() for p in processes}
    assert all(p.returncode == 0 for p in processes)
    assert digests == {hashlib.sha256(source.read_bytes()).hexdigest()}
    assert list(local_store.digests()) == list(digests)
    assert temporary_files(local_store) == []


def test_file_urls_and_open_store(tmp_path: Path) -> None:
    store = open_store(f"file://{tmp_path}/by-url")
    assert store.local and store is open_store(f"file://{tmp_path}/by-url")
    artifact = store.put_bytes(b"via url")
    assert ArtifactStore(str(tmp_path / "by-url")).exists(artifact.digest)


def test_remove_stale_temporary(local_store: ArtifactStore) -> None:
    leftover = Path(local_store.root, "tmp", ".put-crashed")
    leftover.write_bytes(b"half")
    assert local_store.remove_stale_temporary(older_than=3600) == 0
    os.utime(leftover, (0, 0))
    assert local_store.remove_stale_temporary(older_than=3600) == 1
    assert not leftover.exists()


def test_store_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(ArtifactError, match="cannot open the artifact store"):
        ArtifactStore(str(tmp_path / "file" / "store"))


def test_failed_upload_leaves_nothing(
    moving_store: ArtifactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_upload(local_path: str, key: str, **kwargs: object) -> None:
        moving_store.fs.pipe_file(key, b"only the first half")
        raise OSError(104, "Connection reset by peer")

    monkeypatch.setattr(moving_store.fs, "put_file", broken_upload)
    with pytest.raises(ArtifactError, match="Connection reset by peer"):
        moving_store.put_stream(io.BytesIO(b"the whole content"))
    assert list(moving_store.digests()) == []
    assert temporary_files(moving_store) == []


def test_unknown_protocol_is_a_clear_error() -> None:
    with pytest.raises(ArtifactError, match="cannot open the artifact store 'nosuch://x'"):
        ArtifactStore("nosuch://x")
