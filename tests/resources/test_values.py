"""Value types: one JSON value per file, of the declared type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from plynx.errors import InvalidInput
from plynx.resources import (
    BoolType,
    DictType,
    FileType,
    FloatType,
    IntType,
    ListType,
    PreviewLimits,
    StrType,
    ValueType,
)

ROUND_TRIPS = [
    (IntType(), 42, "42"),
    (IntType(), -(10**30), str(-(10**30))),
    (FloatType(), 0.25, "0.25"),
    (StrType(), "héllo \"world\"", '"héllo \\"world\\""'),
    (BoolType(), False, "false"),
    (DictType(), {"a": [1, {"b": None}]}, '{"a": [1, {"b": null}]}'),
    (ListType(), [1, "two", 3.0, True], '[1, "two", 3.0, true]'),
]


@pytest.mark.parametrize(("rtype", "value", "text"), ROUND_TRIPS, ids=lambda x: repr(x)[:20])
def test_round_trip(rtype: ValueType, value: Any, text: str, tmp_path: Path) -> None:
    path = tmp_path / "value"
    rtype.dump_value(path, value)
    assert path.read_text(encoding="utf-8") == text
    loaded = rtype.load_value(path)
    assert loaded == value and type(loaded) is type(value)


def test_float_accepts_whole_numbers(tmp_path: Path) -> None:
    (tmp_path / "v").write_text("3")
    assert FloatType().load_value(tmp_path / "v") == 3.0
    assert isinstance(FloatType().load_value(tmp_path / "v"), float)


def test_tuples_are_stored_as_lists(tmp_path: Path) -> None:
    ListType().dump_value(tmp_path / "v", (1, (2, 3)))
    assert ListType().load_value(tmp_path / "v") == [1, [2, 3]]


WRONG = [
    (BoolType(), 1, "a bool value must be true or false, not the number 1"),
    (IntType(), True, "an int value must be a whole number, not the boolean true"),
    (IntType(), 1.5, "must be a whole number, not the number 1.5"),
    (FloatType(), "1.5", "must be a number, not the string '1.5'"),
    (StrType(), None, "must be a string, not null"),
    (DictType(), [1], "must be an object"),
    (ListType(), {"a": 1}, "must be an array"),
    (DictType(), {1: "x"}, "only have string keys, not the number 1"),
    (ListType(), [1, {2, 3}], r"cannot hold a Python set \(at \[1\]\)"),
    (FloatType(), float("nan"), "must be finite"),
    (DictType(), {"a": [float("inf")]}, r"cannot hold inf \(at a\[0\]\)"),
]


@pytest.mark.parametrize(("rtype", "value", "message"), WRONG, ids=lambda x: repr(x)[:20])
def test_wrong_values_are_refused(
    rtype: ValueType, value: Any, message: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match=message):
        rtype.dump_value(tmp_path / "v", value)
    assert not (tmp_path / "v").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no bool value: the file is empty"),
        ("tru", "does not hold a JSON value"),
        ("NaN", "does not hold a JSON value"),
        ("1", "must be true or false, not the number 1"),
        ('"true"', "not the string 'true'"),
    ],
)
def test_wrong_files_are_refused(text: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "v").write_text(text)
    with pytest.raises(InvalidInput, match=message):
        BoolType().load_value(tmp_path / "v")


def test_file_types_hold_no_value(tmp_path: Path) -> None:
    (tmp_path / "v").write_text("1")
    with pytest.raises(InvalidInput, match="resource type 'file' does not hold a value"):
        FileType().load_value(tmp_path / "v")


def test_value_preview(tmp_path: Path) -> None:
    DictType().dump_value(tmp_path / "v", {"k": [1, 2]})
    preview = DictType().preview(tmp_path / "v", PreviewLimits())
    assert preview.type == "value" and preview.data == {"k": [1, 2]}


def test_value_preview_of_big_or_wrong_values_is_text(tmp_path: Path) -> None:
    ListType().dump_value(tmp_path / "big", list(range(1000)))
    big = ListType().preview(tmp_path / "big", PreviewLimits(max_bytes=20))
    assert big.type == "text" and big.truncated and big.data == "[0, 1, 2, 3, 4, 5, 6"
    (tmp_path / "wrong").write_text('"text"')
    wrong = IntType().preview(tmp_path / "wrong", PreviewLimits())
    assert wrong.type == "text" and wrong.data == '"text"'
