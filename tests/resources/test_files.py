"""The general types: file, directory and executable."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from plynx.artifacts import pack_directory
from plynx.resources import DirectoryType, ExecutableType, FileType, PreviewLimits


def test_file_preview_shows_text(tmp_path: Path) -> None:
    path = tmp_path / "notes"
    path.write_text("first line\nsecond line\n")
    preview = FileType().preview(path, PreviewLimits())
    assert preview.type == "text"
    assert preview.data == "first line\nsecond line\n"
    assert not preview.truncated and preview.size == 23


def test_file_preview_of_binary_gives_its_size(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(b"\x00\x01\x02" * 1000)
    preview = FileType().preview(path, PreviewLimits())
    assert preview.type == "binary"
    assert preview.data is None and preview.size == 3000


def test_file_preview_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "long"
    path.write_text("é" * 1000)  # two bytes each: the cut falls inside a character
    preview = FileType().preview(path, PreviewLimits(max_bytes=101))
    assert preview.truncated
    assert preview.data == "é" * 50  # the cut character is dropped, not garbled


def test_executable_input_is_made_executable(tmp_path: Path) -> None:
    script = tmp_path / "tool.sh"
    script.write_text("#!/bin/sh\necho ok\n")
    script.chmod(0o640)
    ExecutableType().prepare_input(script)
    assert stat.S_IMODE(script.stat().st_mode) == 0o750
    assert os.access(script, os.X_OK)


def test_outputs_are_created_empty(tmp_path: Path) -> None:
    FileType().create_output(tmp_path / "out.txt")
    DirectoryType().create_output(tmp_path / "out")
    assert (tmp_path / "out.txt").read_bytes() == b""
    assert (tmp_path / "out").is_dir() and not any((tmp_path / "out").iterdir())


def _tree(root: Path) -> Path:
    (root / "b" / "inner").mkdir(parents=True)
    (root / "a.txt").write_text("12345")
    (root / "b" / "run.sh").write_text("#!/bin/sh\n")
    (root / "b" / "run.sh").chmod(0o755)
    (root / "c").symlink_to("a.txt")
    return root


EXPECTED = [
    {"path": "a.txt", "type": "file", "size": 5, "executable": False, "target": None},
    {"path": "b", "type": "directory", "size": 0, "executable": False, "target": None},
    {"path": "b/inner", "type": "directory", "size": 0, "executable": False, "target": None},
    {"path": "b/run.sh", "type": "file", "size": 10, "executable": True, "target": None},
    {"path": "c", "type": "link", "size": 0, "executable": False, "target": "a.txt"},
]


def test_directory_preview_lists_its_content(tmp_path: Path) -> None:
    preview = DirectoryType().preview(_tree(tmp_path / "tree"), PreviewLimits())
    assert preview.type == "directory"
    assert preview.data == {"entries": EXPECTED}
    assert not preview.truncated


def test_directory_preview_from_the_archive_matches(tmp_path: Path) -> None:
    archive = io.BytesIO()
    pack_directory(_tree(tmp_path / "tree"), archive)
    archive.seek(0)
    preview = DirectoryType().preview_archive(archive, PreviewLimits())
    assert preview.data == {"entries": EXPECTED}


def test_directory_listing_is_bounded(tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"f{i:02d}").write_text("x")
    preview = DirectoryType().preview(tmp_path, PreviewLimits(max_entries=10))
    assert preview.truncated
    assert [e["path"] for e in preview.data["entries"]] == [f"f{i:02d}" for i in range(10)]
