"""Uploads: cleaned file names and the resource types guessed from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plynx.paths import MAX_FILENAME
from plynx.server.uploads import guess_resource_type, remove_stale, sanitize_filename


@pytest.mark.parametrize(("raw", "clean"), [
    ("data.csv", "data.csv"),
    ("../../x", "x"),
    ("/etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("a/b/", "upload"),
    ("  spaced name.txt  ", "spaced name.txt"),
    ("bell\x07\r\n.txt", "bell.txt"),
    ("right\u202eto\u200bleft.txt", "righttoleft.txt"),
    ("e\u0301té.json", "été.json"),
    ("", "upload"),
    (".", "upload"),
    (".hidden", ".hidden"),
])
def test_file_names_lose_folders_and_invisible_characters(raw: str, clean: str) -> None:
    assert sanitize_filename(raw) == clean


def test_long_file_names_are_cut_keeping_the_extension() -> None:
    name = sanitize_filename("x" * 1000 + ".csv")
    assert len(name) == MAX_FILENAME and name.endswith("x.csv")


@pytest.mark.parametrize(("name", "type_name"), [
    ("a.csv", "csv"), ("A.TSV", "tsv"), ("a.json", "json"), ("notes.txt", "text"),
    ("p.png", "image"), ("p.JPG", "image"), ("paper.pdf", "pdf"), ("archive.tar", "file"),
    ("README", "file"),
])
def test_resource_types_are_guessed_from_the_extension(name: str, type_name: str) -> None:
    known = {"file", "csv", "tsv", "json", "text", "image", "pdf"}
    assert guess_resource_type(name, known) == type_name


def test_a_guessed_type_the_server_lacks_falls_back_to_file() -> None:
    assert guess_resource_type("a.csv", {"file"}) == "file"


def test_temporary_uploads_left_behind_are_removed_once_stale(tmp_path: Path) -> None:
    old, fresh, other = (tmp_path / n for n in (".upload-old", ".upload-new", "keep"))
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    os.utime(old, (0, 0))
    os.utime(other, (0, 0))
    assert remove_stale(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".upload-new", "keep"]
