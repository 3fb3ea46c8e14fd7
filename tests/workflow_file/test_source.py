from __future__ import annotations

from pathlib import Path

import pytest

from plynx.workflow_file.source import Mapping, SourceError, parse_text, read_document


def test_yaml_keeps_the_position_of_every_key() -> None:
    data = parse_text("title: x\nnodes:\n  a:\n    operation: op\n", ".yaml")
    assert isinstance(data, Mapping)
    assert data.positions == {"title": (1, 1), "nodes": (2, 1)}
    assert data["nodes"].positions == {"a": (3, 3)}
    assert data["nodes"]["a"].positions == {"operation": (4, 5)}


def test_only_true_and_false_are_booleans() -> None:
    data = parse_text("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\n", ".yml")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": True, "f": False}


def test_numbers_and_nulls_are_still_typed() -> None:
    assert parse_text("a: 1\nb: 0.5\nc: null\nd: ~\n", ".yaml") == {
        "a": 1, "b": 0.5, "c": None, "d": None,
    }


def test_a_key_written_twice_is_an_error_with_both_lines() -> None:
    with pytest.raises(SourceError) as caught:
        parse_text("nodes:\n  a: {operation: x}\n  a: {operation: y}\n", ".yaml")
    assert caught.value.line == 3
    assert "appears twice" in caught.value.message
    assert "line 2" in caught.value.message


def test_a_json_key_written_twice_is_an_error() -> None:
    with pytest.raises(SourceError, match="appears twice"):
        parse_text('{"a": 1, "a": 2}', ".json")


def test_non_string_keys_are_refused() -> None:
    with pytest.raises(SourceError, match="not a string") as caught:
        parse_text("inputs:\n  1: text\n", ".yaml")
    assert caught.value.line == 2


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(SourceError, match="not valid YAML") as caught:
        parse_text("a: 1\nb: [1, 2\nc: 3\n", ".yaml")
    assert caught.value.line is not None
    with pytest.raises(SourceError, match="not valid JSON") as caught:
        parse_text('{\n "a": 1,\n}', ".json")
    assert caught.value.line == 3


def test_unknown_suffixes_are_refused() -> None:
    with pytest.raises(SourceError, match="unknown file type '.toml'"):
        parse_text("a = 1", ".toml")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        read_document(tmp_path / "missing.yaml")
    with pytest.raises(SourceError, match="is a directory"):
        read_document(tmp_path)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SourceError, match="not UTF-8"):
        read_document(binary)
