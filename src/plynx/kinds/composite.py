"""The ``composite`` kind: a sub-graph used as one operation."""

from __future__ import annotations

from plynx.errors import Problem
from plynx.kinds.base import Kind
from plynx.model import Operation


class CompositeKind(Kind):
    """A graph of operations behind one set of inputs, outputs and parameters.

    Never executed as such: ``plynx.graph`` expands composite nodes into their inner nodes
    before scheduling. Each declared output comes from an inner node's output named in
    ``graph.outputs``.
    """

    name = "composite"
    description = "A sub-graph of operations used as one operation."
    executable = False

    def validate(self, operation: Operation) -> list[Problem]:
        graph = operation.graph
        if graph is None or not graph.nodes:
            return [Problem("graph", "a composite operation needs a graph with nodes")]
        problems: list[Problem] = []
        node_ids = {node.id for node in graph.nodes}
        for output in operation.outputs:
            ref = graph.outputs.get(output.name)
            if ref is None:
                problems.append(Problem(f"graph.outputs.{output.name}",
                                        "the output is not mapped to an inner node's output"))
            elif ref.node not in node_ids:
                problems.append(Problem(f"graph.outputs.{output.name}",
                                        f"refers to node {ref.node!r}, not in the graph"))
        declared = {o.name for o in operation.outputs}
        for name in graph.outputs:
            if name not in declared:
                problems.append(Problem(f"graph.outputs.{name}",
                                        "maps an output the operation does not declare"))
        return problems

    def cache_material(self, operation: Operation) -> str:
        return operation.graph.model_dump_json() if operation.graph is not None else ""
