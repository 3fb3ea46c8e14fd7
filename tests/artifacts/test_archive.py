"""Deterministic directory archives, and extraction that never leaves its destination."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from plynx.artifacts import ArtifactStore, extract_archive, list_archive, pack_directory
from plynx.artifacts.hashing import HashingWriter
from plynx.errors import ArtifactError

from .support import make_tree


def digest_of(root: Path) -> str:
    writer = HashingWriter(None)
    pack_directory(root, writer)  # type: ignore[arg-type]
    return writer.hexdigest()


def test_same_content_gives_the_same_digest(tmp_path: Path) -> None:
    first = make_tree(tmp_path / "first")
    second = tmp_path / "second"
    # The same tree, created in another order, with other times and permissions.
    (second / "sub" / "empty too").mkdir(parents=True)
    (second / "link").symlink_to("sub/run.sh")
    (second / "sub" / "run.sh").write_text("#!/bin/sh\necho hi\n")
    (second / "sub" / "run.sh").chmod(0o700)
    (second / "empty").mkdir()
    (second / "sub" / "deeper").mkdir()
    (second / "sub" / "deeper" / "b.bin").write_bytes(bytes(range(256)) * 10)
    (second / "a.txt").write_text("alpha\n")
    (second / "a.txt").chmod(0o600)
    os.utime(second / "a.txt", (1_000_000, 1_000_000))
    assert digest_of(first) == digest_of(second)


def test_content_names_and_executable_bit_change_the_digest(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "tree")
    before = digest_of(tree)
    (tree / "a.txt").chmod(0o755)
    executable = digest_of(tree)
    assert executable != before
    (tree / "a.txt").chmod(0o644)
    assert digest_of(tree) == before
    (tree / "empty" / "new").mkdir()
    assert digest_of(tree) != before


def test_long_and_non_utf8_names_round_trip(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / ("n" * 150)).write_text("long")
    os.mkdir(os.path.join(os.fsencode(tree), b"caf\xe9"))
    archive = io.BytesIO()
    pack_directory(tree, archive)
    archive.seek(0)
    extract_archive(archive, tmp_path / "out")
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == [b"caf\xe9", b"n" * 150]


def test_links_leaving_the_directory_are_refused(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tmp_path / "secret").write_text("outside")
    (tree / "up").symlink_to("../secret")
    with pytest.raises(ArtifactError, match="points outside the directory"):
        digest_of(tree)
    (tree / "up").unlink()
    (tree / "abs").symlink_to(tmp_path / "secret")
    with pytest.raises(ArtifactError, match="points outside the directory"):
        digest_of(tree)


def test_absolute_links_inside_become_relative(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "target.txt").write_text("t")
    (tree / "sub" / "abs").symlink_to(tree / "target.txt")
    store = ArtifactStore(str(tmp_path / "store"))
    store.materialize(store.put(tree), tmp_path / "out")
    assert os.readlink(tmp_path / "out" / "sub" / "abs") == "../target.txt"
    assert (tmp_path / "out" / "sub" / "abs").read_text() == "t"


def test_list_archive(tmp_path: Path) -> None:
    archive = io.BytesIO()
    pack_directory(make_tree(tmp_path / "tree"), archive)
    archive.seek(0)
    entries, more = list_archive(archive, limit=100)
    assert not more
    by_path = {e.path: e for e in entries}
    assert by_path["sub/run.sh"].executable and by_path["sub/run.sh"].size == 18
    assert by_path["link"].type == "link" and by_path["link"].target == "sub/run.sh"
    assert by_path["empty"].type == "directory"
    archive.seek(0)
    entries, more = list_archive(archive, limit=2)
    assert more and len(entries) == 2


# --------------------------------------------------------------------------- hostile archives


def _archive(*members: tuple[tarfile.TarInfo, bytes | None]) -> io.BytesIO:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, content in members:
            if content is not None:
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
            else:
                tar.addfile(info)
    data.seek(0)
    return data


def _file(name: str, content: bytes = b"evil") -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), content


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def _special(name: str, kind: bytes) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    return info, None


HOSTILE = {
    "absolute name": ([_file("/tmp/plynx-evil")], "not a relative path"),
    "parent name": ([_file("../escaped")], "contains '..'"),
    "nested parent": ([_file("ok/../../escaped")], "contains '..'"),
    "link outside": ([_link("out", "../..")], "points outside"),
    "absolute link": ([_link("out", "/etc")], "points outside"),
    "write through link": ([_link("sub", "."), _file("sub/x")], "goes through a symbolic link"),
    "replace file by link": ([_file("a"), _link("a", "b")], "appears twice"),
    "replace link by file": ([_link("a", "b"), _file("a")], "appears twice"),
    "hard link": ([_file("a"), _link("b", "a", tarfile.LNKTYPE)], "hard link or a special"),
    "device": ([_special("dev", tarfile.CHRTYPE)], "hard link or a special"),
    "fifo": ([_special("fifo", tarfile.FIFOTYPE)], "hard link or a special"),
    # Each link looks harmless alone; together they resolve above the destination.
    "link chain": ([_link("p/q", ".."), _link("p/r", "q/../x")], "resolves outside"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archives_are_refused(case: str, tmp_path: Path) -> None:
    members, message = HOSTILE[case]
    (tmp_path / "work").mkdir()
    dest = tmp_path / "work" / "dest"
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(ArtifactError, match=message):
        extract_archive(_archive(*members), dest)
    assert not dest.exists()  # what was extracted is removed
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not Path("/tmp/plynx-evil").exists()


def test_corrupt_archive_is_an_artifact_error(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="cannot extract the archive"):
        extract_archive(io.BytesIO(b"this is not a tar archive" * 40), tmp_path / "dest")
    assert not (tmp_path / "dest").exists()
