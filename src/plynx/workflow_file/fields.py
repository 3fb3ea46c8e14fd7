"""Checks of single values in a workflow file: mappings, keys, names, parameters and slots.

Every function reports what is wrong to a Problems collector and returns what it could read
(or None), so that one pass finds every problem of a file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from plynx.model import Input, Parameter, ParameterType, infer_parameter_type
from plynx.model.names import name_problem
from plynx.workflow_file.durations import parse_duration
from plynx.workflow_file.problems import Problems, Where
from plynx.workflow_file.source import Mapping

_PARAMETER_KEYS = ("type", "default", "options", "description", "hidden")
_TYPE_NAMES = ", ".join(t.value for t in ParameterType)


def type_name(value: Any) -> str:
    """How a value read from a file is called in messages."""
    if value is None:
        return "nothing"
    return {
        bool: "a boolean", int: "a number", float: "a number", str: "a string",
        list: "a list", Mapping: "a mapping", dict: "a mapping",
    }.get(type(value), type(value).__name__)


def plain(value: Any) -> Any:
    """``value`` with every Mapping turned into a plain dict (recursively)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def expect_mapping(value: Any, where: Where, problems: Problems, what: str = "a mapping",
                   *, allow_none: bool = True) -> Mapping | None:
    """``value`` if it is a mapping; None (and a problem unless it is empty) otherwise."""
    if value is None and allow_none:
        return Mapping()
    if isinstance(value, Mapping):
        return value
    if isinstance(value, dict):
        return Mapping(value)
    problems.add(where, f"expected {what}, got {type_name(value)}")
    return None


def check_keys(mapping: dict[str, Any], where: Where, problems: Problems, allowed: Iterable[str],
               required: Iterable[str] = ()) -> None:
    """Report keys of ``mapping`` that are not ``allowed`` and ``required`` ones missing."""
    allowed = list(allowed)
    for key in mapping:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            problems.add(where.key(key, mapping), f"unknown key ({hint})")
    for key in required:
        if key not in mapping:
            problems.add(where.key(key), "missing")


def expect_str(value: Any, where: Where, problems: Problems, *, allow_empty: bool = False,
               numbers: bool = False) -> str | None:
    """``value`` if it is a string (a number too when ``numbers``), else None and a problem."""
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        problems.add(where, f"expected a string, got {type_name(value)}")
        return None
    if not value.strip() and not allow_empty:
        problems.add(where, "must not be empty")
        return None
    return value


def expect_name(name: str, where: Where, problems: Problems, what: str) -> bool:
    """Whether ``name`` follows the name rule (:mod:`plynx.model.names`); a problem if not."""
    problem = name_problem(name, what)
    if problem is not None:
        problems.add(where, problem)
    return problem is None


def expect_bool(value: Any, where: Where, problems: Problems) -> bool | None:
    if isinstance(value, bool):
        return value
    problems.add(where, f"expected true or false, got {type_name(value)}")
    return None


def expect_number(value: Any, where: Where, problems: Problems, *, minimum: float = 0,
                  integer: bool = False) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or (
        integer and not float(value).is_integer()
    ):
        expected = "a whole number" if integer else "a number"
        problems.add(where, f"expected {expected}, got {value!r}")
        return None
    if value < minimum:
        problems.add(where, f"must be at least {minimum:g}, got {value!r}")
        return None
    return int(value) if integer else float(value)


def expect_duration(value: Any, where: Where, problems: Problems) -> float | None:
    try:
        return parse_duration(value)
    except ValueError as exc:
        problems.add(where, str(exc))
        return None


def expect_list(value: Any, where: Where, problems: Problems) -> list[Any] | None:
    """``value`` if it is a list; a single string becomes a one-item list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    problems.add(where, f"expected a list, got {type_name(value)}")
    return None


def parse_parameter(name: str, value: Any, where: Where, problems: Problems) -> Parameter | None:
    """A parameter written as ``name: default`` or ``name: {type, default, options, …}``."""
    if not isinstance(value, dict):
        if value is not None and not isinstance(value, str | int | float | list):
            problems.add(where, f"expected a default value or a mapping, got {type_name(value)}")
            return None
        return Parameter(name=name, type=infer_parameter_type(value), default=plain(value))
    check_keys(value, where, problems, _PARAMETER_KEYS)
    fields: dict[str, Any] = {"name": name, "default": plain(value.get("default"))}
    if "type" in value:
        raw = value["type"]
        try:
            fields["type"] = ParameterType(raw)
        except ValueError:
            problems.add(where.key("type", value),
                         f"unknown parameter type {raw!r} (known: {_TYPE_NAMES})")
            return None
    elif "options" in value:
        fields["type"] = ParameterType.ENUM
    elif fields["default"] is not None:
        fields["type"] = infer_parameter_type(fields["default"])
    if "options" in value:
        options = expect_list(value["options"], where.key("options", value), problems)
        if options is not None:
            if any(not isinstance(o, str | int | float) or isinstance(o, bool) for o in options):
                problems.add(where.key("options", value), "options must be strings")
                return None
            fields["options"] = [str(o) for o in options]
    if "description" in value:
        fields["description"] = expect_str(
            value["description"], where.key("description", value), problems, allow_empty=True
        ) or ""
    if "hidden" in value:
        fields["hidden"] = bool(expect_bool(value["hidden"], where.key("hidden", value), problems))
    return Parameter(**fields)


def parse_parameters(value: Any, where: Where, problems: Problems) -> list[Parameter]:
    """The ``parameters:`` mapping of a workflow or an operation."""
    mapping = expect_mapping(value, where, problems)
    if mapping is None:
        return []
    found = []
    for name, spec in mapping.items():
        if not expect_name(name, where.key(name, mapping), problems, "parameter name"):
            continue
        parameter = parse_parameter(name, spec, where.key(name, mapping), problems)
        if parameter is not None:
            found.append(parameter)
    return found


@dataclass
class SlotSpec:
    """An input or output as written: name, type and, for a composite output, its source."""

    name: str
    type: str | None
    where: Where
    min_count: int = 1
    max_count: int = 1
    source: str | None = None


def parse_slots(value: Any, where: Where, problems: Problems, *, inputs: bool,
                composite_outputs: bool = False) -> list[SlotSpec]:
    """``inputs:`` or ``outputs:``: ``name: type`` or ``name: {type, min, max}`` (inputs) or
    ``name: {type, from}`` (outputs of a composite)."""
    mapping = expect_mapping(value, where, problems)
    if mapping is None:
        return []
    slots = []
    for name, spec in mapping.items():
        at = where.key(name, mapping)
        if not expect_name(name, at, problems, "input name" if inputs else "output name"):
            continue
        if spec is None or isinstance(spec, str):
            if composite_outputs:
                problems.add(at, "a composite output needs 'from: NODE.OUTPUT'")
                continue
            type_ = expect_str(spec, at, problems) if spec is not None else "file"
            if type_ is not None:
                slots.append(SlotSpec(name, type_, at))
            continue
        allowed = ["type", "min", "max"] if inputs else ["type"]
        if composite_outputs:
            allowed.append("from")
        spec_map = expect_mapping(spec, at, problems, "a type or a mapping")
        if spec_map is None:
            continue
        check_keys(spec_map, at, problems, allowed, ["from"] if composite_outputs else [])
        slot = SlotSpec(name, None if composite_outputs else "file", at)
        if "type" in spec_map:
            slot.type = expect_str(spec_map["type"], at.key("type", spec_map), problems)
        if "from" in spec_map:
            slot.source = expect_str(spec_map["from"], at.key("from", spec_map), problems)
        if inputs and not _parse_counts(slot, spec_map, at, problems):
            continue
        slots.append(slot)
    return slots


def _parse_counts(slot: SlotSpec, spec: Mapping, where: Where, problems: Problems) -> bool:
    ok = True
    if "min" in spec:
        value = expect_number(spec["min"], where.key("min", spec), problems, integer=True)
        ok = ok and value is not None
        slot.min_count = int(value or 0)
    if "max" in spec:
        value = expect_number(spec["max"], where.key("max", spec), problems, minimum=-1,
                              integer=True)
        ok = ok and value is not None
        slot.max_count = int(value or 0)
    if not ok:
        return False
    try:
        Input(name=slot.name, min_count=slot.min_count, max_count=slot.max_count)
    except ValidationError as exc:
        problems.add(where, "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors()))
        return False
    return True
