"""Every extension point of PLynx, declared in one place.

A plugin is a module (or object) implementing some of these hooks, registered through
the ``plynx`` entry-point group. The built-in kinds, resource types, executors and hubs
are plugins too (see ``plynx.plugins.DEFAULT_PLUGINS``).
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("plynx")
hookimpl = pluggy.HookimplMarker("plynx")


@hookspec
def plynx_kinds() -> list[type]:
    """Return Kind classes: how operations of a kind become processes."""
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def plynx_resource_types() -> list[type]:
    """Return ResourceType classes: what flows on edges, how it is prepared and previewed."""
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def plynx_executors() -> list[type]:
    """Return Executor classes: where tasks run."""
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def plynx_hubs() -> list[type]:
    """Return Hub classes: catalogues of operations the editor can browse."""
    raise NotImplementedError  # a specification: plugins implement it
