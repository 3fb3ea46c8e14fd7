"""Paths made from names stay in their folder; file names offered for names are plain."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plynx.errors import InvalidInput, UnsafePath
from plynx.paths import MAX_FILENAME, contained, safe_filename


def test_plain_parts_are_joined_under_the_base(tmp_path: Path) -> None:
    assert contained(tmp_path, "run", "c", "inner", "stdout.log") == \
        tmp_path / "run" / "c" / "inner" / "stdout.log"
    assert contained(tmp_path, "data.csv") == tmp_path / "data.csv"
    assert contained(tmp_path) == tmp_path


@pytest.mark.parametrize("part", ["..", ".", "", "../x", "/tmp/x", "a/b", "a\\b", "a\x00b"])
def test_parts_that_are_not_one_plain_component_are_refused(tmp_path: Path, part: str) -> None:
    with pytest.raises(UnsafePath, match="cannot name a file or folder inside") as caught:
        contained(tmp_path, "ok", part, "stdout.log")
    assert isinstance(caught.value, InvalidInput)


def test_a_folder_linking_outside_is_refused(tmp_path: Path) -> None:
    base, outside = tmp_path / "base", tmp_path / "outside"
    base.mkdir()
    outside.mkdir()
    os.symlink(outside, base / "node")
    with pytest.raises(UnsafePath, match="would be outside"):
        contained(base, "node", "out")
    os.symlink(base / "real", base / "inside")  # a link staying inside is fine
    assert contained(base, "inside", "out") == base / "inside" / "out"


@pytest.mark.parametrize(("raw", "clean"), [
    ("table", "table"),
    ("../../etc/passwd", "passwd"),
    ("/tmp/x", "x"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("a\x00b\r\nSet-Cookie: x", "abSet-Cookie: x"),
    ("right\u202etxt.exe", "righttxt.exe"),
    ("..", "fallback"),
    ("a/", "fallback"),
])
def test_safe_file_names_lose_folders_and_invisible_characters(raw: str, clean: str) -> None:
    assert safe_filename(raw, "fallback") == clean


def test_safe_file_names_are_cut_keeping_the_extension() -> None:
    name = safe_filename("x" * 1000 + ".csv", "fallback")
    assert len(name) == MAX_FILENAME and name.endswith("x.csv")
