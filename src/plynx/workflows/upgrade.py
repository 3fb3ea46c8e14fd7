"""Which operations a workflow needs, and upgrading its nodes to the newest versions.

Nothing here reads a database: operations are found through the lookups the caller gives,
so the same logic serves the API, the CLI and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from plynx.errors import Problem
from plynx.model import Edge, Graph, Operation, OperationStatus, Workflow

#: Finds an operation version by id; None when there is none (or it may not be used).
FindOperation = Callable[[str], Operation | None]
#: Every stored version of an operation name.
ListVersions = Callable[[str], list[Operation]]


def resolve_operations(workflow: Workflow,
                       find: FindOperation) -> tuple[dict[str, Operation], list[Problem]]:
    """Every operation the graph of ``workflow`` uses, composites' inner ones included.

    An operation carried by the workflow is taken from it; any other is looked up with
    ``find``. Operations the graph does not use are left out. Each id found nowhere is a
    problem pointing at the node that uses it.
    """
    found: dict[str, Operation] = {}
    problems: list[Problem] = []

    def visit(graph: Graph, where: str) -> None:
        for node in graph.nodes:
            if node.operation in found:
                continue
            operation = workflow.operations.get(node.operation) or find(node.operation)
            if operation is None:
                problems.append(Problem(f"{where}.{node.id}",
                                        f"unknown operation {node.operation!r}"))
                continue
            found[node.operation] = operation
            if operation.graph is not None:
                visit(operation.graph, f"operations.{operation.name}.nodes")

    visit(workflow.graph, "nodes")
    return found, problems


def newest_version(operation: Operation, find: FindOperation,
                   versions: ListVersions) -> Operation:
    """The version a node using ``operation`` should use now.

    Successors of deprecated versions are followed first; then the newest published
    version of that name wins if it is newer, or if the version reached is deprecated.
    A draft or the newest published version stays as it is.
    """
    current = operation
    seen = {current.id}
    while current.status.is_deprecated and current.successor and current.successor not in seen:
        successor = find(current.successor)
        if successor is None:
            break
        seen.add(successor.id)
        current = successor
    published = [v for v in versions(current.name) if v.status is OperationStatus.PUBLISHED]
    best = max(published, key=lambda v: v.version, default=None)
    if best is not None and (best.version > current.version or current.status.is_deprecated):
        return best
    return current


@dataclass(frozen=True)
class NodeUpgrade:
    """One node moved to another operation version, and what it lost on the way."""

    node: str
    old: Operation
    new: Operation
    dropped_params: list[str] = field(default_factory=list)
    dropped_edges: list[Edge] = field(default_factory=list)


@dataclass(frozen=True)
class Upgrade:
    """The upgraded workflow and every node that changed."""

    workflow: Workflow
    nodes: list[NodeUpgrade]


def upgrade_workflow(workflow: Workflow, find: FindOperation,
                     versions: ListVersions) -> Upgrade:
    """A copy of ``workflow`` whose nodes use the newest versions of their operations.

    The stored state of each node's operation counts (it may have been deprecated since
    the workflow embedded it). Parameter values and references whose names the new version
    still declares are kept, and so are edges whose input and output still exist; the rest
    is dropped and reported. Composites' inner nodes belong to the composite version and
    are not touched. ``workflow.operations`` is updated to what the new graph uses.
    """
    upgraded = workflow.model_copy(deep=True)
    replaced: dict[str, Operation] = {}
    changes: dict[str, NodeUpgrade] = {}
    for node in upgraded.graph.nodes:
        current = find(node.operation) or upgraded.operations.get(node.operation)
        if current is None:
            continue
        new = newest_version(current, find, versions)
        if new.id == node.operation:
            continue
        dropped = sorted({name for name in [*node.params, *node.param_refs]
                          if new.parameter(name) is None})
        node.params = {k: v for k, v in node.params.items() if k not in dropped}
        node.param_refs = {k: v for k, v in node.param_refs.items() if k not in dropped}
        node.operation = new.id
        replaced[node.id] = new
        upgraded.operations[new.id] = new
        changes[node.id] = NodeUpgrade(node.id, current, new, dropped)
    kept: list[Edge] = []
    for edge in upgraded.graph.edges:
        lost = []
        if (source := replaced.get(edge.source)) and source.output(edge.output) is None:
            lost.append(edge.source)
        if (target := replaced.get(edge.target)) and target.input(edge.input) is None:
            lost.append(edge.target)
        for node_id in lost:
            changes[node_id].dropped_edges.append(edge)
        if not lost:
            kept.append(edge)
    upgraded.graph.edges = kept
    operations, _unknown = resolve_operations(upgraded, find)  # unknown ones stay unknown
    upgraded.operations = operations
    return Upgrade(upgraded, list(changes.values()))
