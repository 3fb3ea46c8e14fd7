"""Which outputs may feed which inputs, and the registration of the built-in types."""

from __future__ import annotations

import pluggy
import pytest

from plynx import hookspecs
from plynx.plugins import build_registry, get_registry
from plynx.resources import builtin
from plynx.resources.base import ResourceType

NAMES = {
    "file", "directory", "csv", "tsv", "json", "text", "image", "pdf", "executable",
    "int", "float", "str", "bool", "dict", "list",
}


@pytest.fixture(scope="module")
def types() -> dict[str, ResourceType]:
    manager = pluggy.PluginManager("plynx")
    manager.add_hookspecs(hookspecs)
    manager.register(builtin)
    return build_registry(manager).resource_types


def test_every_builtin_type_is_registered(types: dict[str, ResourceType]) -> None:
    assert set(types) == NAMES
    for name, rtype in types.items():
        assert rtype.name == name and rtype.description
    assert set(get_registry().resource_types) >= NAMES


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("csv", "file"), ("tsv", "file"), ("json", "file"), ("text", "file"),
        ("image", "file"), ("pdf", "file"), ("executable", "file"), ("csv", "csv"),
        ("directory", "directory"), ("int", "float"), ("int", "json"), ("dict", "json"),
        ("bool", "file"),
    ],
)
def test_accepted_connections(types: dict[str, ResourceType], source: str, target: str) -> None:
    assert types[target].accepts(types[source])


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("file", "csv"), ("file", "directory"), ("directory", "file"), ("csv", "tsv"),
        ("text", "json"), ("file", "executable"), ("float", "int"), ("str", "int"),
        ("json", "dict"), ("directory", "csv"),
    ],
)
def test_refused_connections(types: dict[str, ResourceType], source: str, target: str) -> None:
    assert not types[target].accepts(types[source])


def test_kinds_of_storage(types: dict[str, ResourceType]) -> None:
    assert [n for n, t in types.items() if t.directory] == ["directory"]
    assert {n for n, t in types.items() if t.value} == {
        "int", "float", "str", "bool", "dict", "list",
    }
