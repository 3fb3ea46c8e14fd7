"""Reading a workflow file (YAML or JSON) into plain data that remembers line numbers.

YAML is read with two deliberate differences from PyYAML's defaults: a key written twice
in one mapping is an error (not "the last one wins"), and only ``true``/``false`` are
booleans, as in YAML 1.2, so ``yes``, ``no``, ``on`` and ``off`` stay strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

#: File name suffixes read as YAML and as JSON.
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)


class Mapping(dict[str, Any]):
    """A mapping read from a file; ``positions`` gives the 1-based (line, column) of each key
    (YAML only)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.positions: dict[str, tuple[int, int]] = {}


class SourceError(Exception):
    """The file cannot be read or parsed; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, refusing duplicate keys and recording key lines."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key, str):
            raise SourceError(
                f"key {key!r} is not a string (quote it: \"{key}\")", line
            )
        if key in mapping:
            raise SourceError(
                f"key {key!r} appears twice in one mapping "
                f"(first on line {mapping.positions[key][0]})",
                line,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.positions[key] = (line, column)
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _json_object(pairs: list[tuple[str, Any]]) -> Mapping:
    mapping = Mapping()
    for key, value in pairs:
        if key in mapping:
            raise SourceError(f"key {key!r} appears twice in one object")
        mapping[key] = value
    return mapping


def parse_text(text: str, suffix: str) -> Any:
    """Parse ``text`` as YAML or JSON according to the file name ``suffix``."""
    suffix = suffix.lower()
    if suffix in JSON_SUFFIXES:
        try:
            return json.loads(text, object_pairs_hook=_json_object)
        except json.JSONDecodeError as exc:
            raise SourceError(f"not valid JSON: {exc.msg}", exc.lineno) from None
    if suffix in YAML_SUFFIXES:
        try:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            raise SourceError(f"not valid YAML: {problem}", mark.line + 1 if mark else None) \
                from None
        except yaml.YAMLError as exc:
            raise SourceError(f"not valid YAML: {exc}") from None
    known = ", ".join(YAML_SUFFIXES + JSON_SUFFIXES)
    raise SourceError(f"unknown file type {suffix or '(none)'!r}; expected one of {known}")


def read_document(path: Path) -> Any:
    """Read and parse the file at ``path``; raise SourceError when that is impossible."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("file not found") from None
    except IsADirectoryError:
        raise SourceError("is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    return parse_text(text, path.suffix)
