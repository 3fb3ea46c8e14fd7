"""Pure graph algorithms: cycles and topological order."""

from __future__ import annotations

from collections.abc import Mapping, Set
from graphlib import CycleError, TopologicalSorter


def topological_order(dependencies: Mapping[str, Set[str]]) -> list[str]:
    """Nodes ordered so that each comes after everything it depends on.

    Raises ``graphlib.CycleError`` when there is a cycle.
    """
    return list(TopologicalSorter(dependencies).static_order())


def find_cycle(dependencies: Mapping[str, Set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first repeated last), or None."""
    try:
        topological_order(dependencies)
    except CycleError as exc:
        cycle = list(exc.args[1])
        return list(reversed(cycle))
    return None
