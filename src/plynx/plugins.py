"""Loading plugins and the registry of kinds, resource types, executors and hubs."""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from typing import Any

import pluggy

from plynx import hookspecs
from plynx.errors import PluginError

#: The built-in plugins, registered through the same mechanism as third-party ones.
DEFAULT_PLUGINS = (
    "plynx.kinds.builtin",
    "plynx.resources.builtin",
    "plynx.executors.builtin",
    "plynx.hubs.builtin",
)

#: The entry-point group third-party packages use to register their plugin modules.
ENTRY_POINT_GROUP = "plynx"


@dataclass
class Registry:
    """Everything plugins registered, by name. Names are unique within each category."""

    kinds: dict[str, Any] = field(default_factory=dict)
    resource_types: dict[str, Any] = field(default_factory=dict)
    executors: dict[str, type] = field(default_factory=dict)
    hubs: dict[str, type] = field(default_factory=dict)

    def kind(self, name: str) -> Any:
        try:
            return self.kinds[name]
        except KeyError:
            raise PluginError(f"unknown kind {name!r} (known: {', '.join(self.kinds)})") from None

    def resource_type(self, name: str) -> Any:
        try:
            return self.resource_types[name]
        except KeyError:
            known = ", ".join(self.resource_types)
            raise PluginError(f"unknown resource type {name!r} (known: {known})") from None


def _add(target: dict[str, Any], category: str, items: list[list[Any]], instantiate: bool) -> None:
    for group in items:
        for item in group or []:
            name = getattr(item, "name", None)
            if not name:
                raise PluginError(f"{category} {item!r} has no name")
            if name in target:
                raise PluginError(
                    f"two plugins register the {category} {name!r}: "
                    f"{target[name]!r} and {item!r}"
                )
            target[name] = item() if instantiate else item


def plugin_manager() -> pluggy.PluginManager:
    """A plugin manager with the built-ins and every installed ``plynx`` entry point."""
    manager = pluggy.PluginManager("plynx")
    manager.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(module_name), name=module_name)
    try:
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    except Exception as exc:  # a broken third-party plugin must say who it is
        raise PluginError(
            f"cannot load a plugin of the {ENTRY_POINT_GROUP!r} group: {exc}") from exc
    return manager


def build_registry(manager: pluggy.PluginManager) -> Registry:
    """Collect what every registered plugin provides; refuse duplicate names."""
    registry = Registry()
    hook = manager.hook
    _add(registry.kinds, "kind", hook.plynx_kinds(), instantiate=True)
    _add(registry.resource_types, "resource type", hook.plynx_resource_types(), instantiate=True)
    _add(registry.executors, "executor", hook.plynx_executors(), instantiate=False)
    _add(registry.hubs, "hub", hook.plynx_hubs(), instantiate=False)
    return registry


@functools.cache
def get_registry() -> Registry:
    """The process-wide registry, built once on first use."""
    return build_registry(plugin_manager())
