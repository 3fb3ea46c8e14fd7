"""Primitive values: int, float, str, bool, dict and list, each one JSON value in a file.

Python code reads and assigns them directly; bash sees the file, which is JSON (so every
value type can feed a ``json`` or ``file`` input, and an ``int`` a ``float`` input).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, ClassVar

from plynx.errors import InvalidInput
from plynx.resources.base import Preview, PreviewLimits, ResourceType
from plynx.resources.heads import file_size, text_preview


class ValueType(ResourceType):
    """Base of the value types: one JSON value in a file, previewed as the value."""

    value = True
    is_a: ClassVar[tuple[str, ...]] = ("json", "file")
    media_type = "application/json"

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        size = file_size(path)
        if size <= limits.max_bytes:
            try:
                value = self.load_value(path)
            except InvalidInput:
                pass  # not a value of this type: show the text as it is
            else:
                return Preview(type="value", data=value, media_type=self.media_type, size=size)
        return text_preview(path, limits, self.media_type)

    def preview_head(self, limits: PreviewLimits) -> int | None:
        return limits.max_bytes + 1

    def _refuse(self, value: Any, expected: str) -> InvalidInput:
        return InvalidInput(
            f"{indefinite(self.name)} value must be {expected}, not {describe(value)}"
        )


class IntType(ValueType):
    name = "int"
    description = "A whole number."
    is_a = ("float", "json", "file")

    def check_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise self._refuse(value, "a whole number")


class FloatType(ValueType):
    name = "float"
    description = "A finite number."

    def check_value(self, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value):
                raise InvalidInput(f"a float value must be finite, not {value}")
            return float(value)
        raise self._refuse(value, "a number")


class StrType(ValueType):
    name = "str"
    description = "A string of text."

    def check_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return value
        raise self._refuse(value, "a string")


class BoolType(ValueType):
    name = "bool"
    description = "true or false."

    def check_value(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        raise self._refuse(value, "true or false")


class DictType(ValueType):
    name = "dict"
    description = "A JSON object (a mapping with string keys)."

    def check_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return checked_json(value, self.name)
        raise self._refuse(value, "an object (a dict)")


class ListType(ValueType):
    name = "list"
    description = "A JSON array (a list)."

    def check_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return checked_json(value, self.name)
        raise self._refuse(value, "an array (a list)")


def checked_json(value: Any, type_name: str) -> Any:
    """``plain_json`` of ``value``, refusing values nested too deeply to check."""
    try:
        return plain_json(value, type_name)
    except RecursionError:
        raise InvalidInput(f"{indefinite(type_name)} value is nested too deeply") from None


def plain_json(value: Any, type_name: str, where: str = "") -> Any:
    """``value`` as plain JSON data (tuples become lists); InvalidInput naming the first
    part that JSON cannot hold as it is (a non-string key, a set, a NaN, …)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(
                f"{indefinite(type_name)} value cannot hold {value} (at {where or 'top'})"
            )
        return value
    if isinstance(value, (list, tuple)):
        return [plain_json(v, type_name, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(
                    f"{indefinite(type_name)} value can only have string keys, not {describe(key)} "
                    f"(at {where or 'top'})"
                )
            result[key] = plain_json(item, type_name, f"{where}.{key}" if where else key)
        return result
    raise InvalidInput(
        f"{indefinite(type_name)} value cannot hold {describe(value)} (at {where or 'top'})"
    )


def indefinite(name: str) -> str:
    """``name`` with its indefinite article: "an int", "a float"."""
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def describe(value: Any) -> str:
    """A short description of ``value`` for error messages, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, (list, tuple)):
        return f"an array of {len(value)} item(s)"
    if isinstance(value, dict):
        return f"an object of {len(value)} key(s)"
    return f"a Python {type(value).__name__}"
