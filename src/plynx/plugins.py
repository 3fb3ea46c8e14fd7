"""Loading plugins and the registry of kinds, resource types, executors and hubs."""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pluggy

from plynx import hookspecs
from plynx.errors import PluginError

if TYPE_CHECKING:
    from plynx.executors.base import Executor

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
    executors: dict[str, type[Executor]] = field(default_factory=dict)
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


def _described(item: Any) -> str:
    """``module.Class`` of a registered class, for messages that must say where it is."""
    return f"{getattr(item, '__module__', '?')}.{getattr(item, '__qualname__', repr(item))}"


def _provided(manager: pluggy.PluginManager, hook_name: str) -> list[tuple[str, list[Any]]]:
    """``(plugin name, items)`` for every plugin implementing ``hook_name``, in the order
    the plugins were registered: the built-ins first, then entry points."""
    found = []
    for impl in getattr(manager.hook, hook_name).get_hookimpls():
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            items = impl.function()
        except Exception as exc:
            raise PluginError(f"the plugin {impl.plugin_name!r} fails in {hook_name}(): "
                              f"{type(exc).__name__}: {exc}") from exc
        found.append((impl.plugin_name, list(items or [])))
    return found


def _add(target: dict[str, Any], category: str, provided: list[tuple[str, list[Any]]],
         instantiate: bool) -> None:
    origins: dict[str, tuple[str, Any]] = {}
    for plugin, items in provided:
        for item in items:
            name = getattr(item, "name", None)
            if not name:
                raise PluginError(f"the plugin {plugin!r} registers a {category} without a "
                                  f"name: {_described(item)}")
            if name in target:
                first_plugin, first = origins[name]
                raise PluginError(
                    f"two plugins register the {category} {name!r}: {first_plugin!r} "
                    f"({_described(first)}) and {plugin!r} ({_described(item)})"
                )
            try:
                target[name] = item() if instantiate else item
            except Exception as exc:
                raise PluginError(f"the plugin {plugin!r} registers the {category} {name!r} "
                                  f"({_described(item)}), which cannot be created: "
                                  f"{type(exc).__name__}: {exc}") from exc
            origins[name] = (plugin, item)


def _load_entry_points(manager: pluggy.PluginManager) -> None:
    """Register the module or object named by every ``plynx`` entry point installed.

    An entry-point name is the plugin's name: two distributions using the same one are
    refused (rather than one of them being ignored), except the same distribution found
    twice on ``sys.path``, which is loaded once.
    """
    loaded: dict[str, tuple[str, str]] = {}
    for dist in importlib.metadata.distributions():
        dist_name = dist.metadata["Name"] or "an unnamed distribution"
        for entry_point in dist.entry_points.select(group=ENTRY_POINT_GROUP):
            name, origin = entry_point.name, (dist_name, entry_point.value)
            where = f"{name} = {entry_point.value} (from {dist_name})"
            if name in loaded:
                if loaded[name] == origin:
                    continue
                first_dist, first_value = loaded[name]
                raise PluginError(
                    f"two distributions register the plugin {name!r} in the "
                    f"{ENTRY_POINT_GROUP!r} entry-point group: {name} = {first_value} (from "
                    f"{first_dist}) and {where}; uninstall one of them"
                )
            if manager.has_plugin(name):
                raise PluginError(f"the plugin {where} of the {ENTRY_POINT_GROUP!r} entry-point "
                                  f"group takes the name of a built-in plugin")
            try:
                plugin = entry_point.load()
            except Exception as exc:  # a broken third-party plugin must say who it is
                raise PluginError(
                    f"cannot load the plugin {where} of the {ENTRY_POINT_GROUP!r} entry-point "
                    f"group: {type(exc).__name__}: {exc}"
                ) from exc
            try:
                manager.register(plugin, name=name)
            except (ValueError, pluggy.PluginValidationError) as exc:
                raise PluginError(f"cannot register the plugin {where} of the "
                                  f"{ENTRY_POINT_GROUP!r} entry-point group: {exc}") from exc
            loaded[name] = origin


def _check_hook_names(manager: pluggy.PluginManager) -> None:
    """Refuse hook implementations that match no hook: a typo would go unnoticed."""
    callers = vars(manager.hook)
    hooks = sorted(name for name, caller in callers.items() if caller.spec is not None)
    for name, caller in callers.items():
        if caller.spec is not None:
            continue
        for impl in caller.get_hookimpls():
            if not impl.optionalhook:
                raise PluginError(f"the plugin {impl.plugin_name!r} implements {name}(), "
                                  f"which is no hook of PLynx (hooks: {', '.join(hooks)})")


def plugin_manager() -> pluggy.PluginManager:
    """A plugin manager with the built-ins and every installed ``plynx`` entry point."""
    manager = pluggy.PluginManager("plynx")
    manager.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(module_name), name=module_name)
    _load_entry_points(manager)
    _check_hook_names(manager)
    return manager


def build_registry(manager: pluggy.PluginManager) -> Registry:
    """Collect what every registered plugin provides; refuse duplicate names."""
    registry = Registry()
    _add(registry.kinds, "kind", _provided(manager, "plynx_kinds"), instantiate=True)
    _add(registry.resource_types, "resource type", _provided(manager, "plynx_resource_types"),
         instantiate=True)
    _add(registry.executors, "executor", _provided(manager, "plynx_executors"),
         instantiate=False)
    _add(registry.hubs, "hub", _provided(manager, "plynx_hubs"), instantiate=False)
    return registry


@functools.cache
def get_registry() -> Registry:
    """The process-wide registry, built once on first use."""
    return build_registry(plugin_manager())
