"""Typed parameters: their declaration and how values are checked and coerced."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from plynx.errors import InvalidParameter


class ParameterType(StrEnum):
    """The types a parameter can have."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    TEXT = "text"
    ENUM = "enum"
    LIST_STR = "list_str"
    LIST_INT = "list_int"
    CODE = "code"
    COLOR = "color"


def infer_parameter_type(value: Any) -> ParameterType:
    """The parameter type a default value stands for (in workflow files and Python)."""
    if isinstance(value, bool):
        return ParameterType.BOOL
    if isinstance(value, int):
        return ParameterType.INT
    if isinstance(value, float):
        return ParameterType.FLOAT
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return ParameterType.LIST_INT
        return ParameterType.LIST_STR
    if isinstance(value, str) and "\n" in value.strip():
        return ParameterType.TEXT
    return ParameterType.STR


class Parameter(BaseModel):
    """A named, typed value of an operation or a workflow, with a default."""

    name: str = Field(min_length=1)
    type: ParameterType = ParameterType.STR
    default: Any = None
    options: list[str] = Field(default_factory=list, description="allowed values of an enum")
    description: str = ""
    hidden: bool = False

    def coerce(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's type, or raise InvalidParameter."""
        return coerce_value(self.type, value, self.options, name=self.name)


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _fail(name: str, type_: ParameterType, value: Any, why: str = "") -> InvalidParameter:
    extra = f": {why}" if why else ""
    return InvalidParameter(f"parameter {name!r} expects {type_.value}, got {value!r}{extra}")


def _to_int(name: str, type_: ParameterType, value: Any) -> int:
    if isinstance(value, bool):
        raise _fail(name, type_, value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise _fail(name, type_, value)


def _to_list(name: str, type_: ParameterType, value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as exc:
                raise _fail(name, type_, value, f"not a JSON list ({exc.msg})") from None
            if isinstance(parsed, list):
                return parsed
        return [item.strip() for item in text.split(",")] if text else []
    raise _fail(name, type_, value)


def coerce_value(
    type_: ParameterType, value: Any, options: list[str] | None = None, *, name: str = "?"
) -> Any:
    """Convert ``value`` to ``type_``; strings as given on a command line are accepted."""
    if type_ in (ParameterType.STR, ParameterType.TEXT, ParameterType.CODE):
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise _fail(name, type_, value)
    if type_ is ParameterType.INT:
        return _to_int(name, type_, value)
    if type_ is ParameterType.FLOAT:
        if isinstance(value, bool):
            raise _fail(name, type_, value)
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        raise _fail(name, type_, value)
    if type_ is ParameterType.BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise _fail(name, type_, value)
    if type_ is ParameterType.ENUM:
        text = str(value) if isinstance(value, str | int | float) else None
        if text is None or (options and text not in options):
            raise _fail(name, type_, value, f"allowed: {', '.join(options or [])}")
        return text
    if type_ is ParameterType.LIST_STR:
        items = _to_list(name, type_, value)
        return [coerce_value(ParameterType.STR, item, name=name) for item in items]
    if type_ is ParameterType.LIST_INT:
        return [_to_int(name, type_, item) for item in _to_list(name, type_, value)]
    if type_ is ParameterType.COLOR:
        if isinstance(value, str) and _COLOR.match(value.strip()):
            return value.strip().lower()
        raise _fail(name, type_, value, "expected #rgb or #rrggbb")
    raise _fail(name, type_, value, "unknown type")  # pragma: no cover - enum is exhaustive
