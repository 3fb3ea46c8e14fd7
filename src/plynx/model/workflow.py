"""Workflows: graphs of nodes (operation instances) connected output → input."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from plynx.model.operation import Operation, new_id
from plynx.model.parameters import Parameter

#: Name of the pseudo-node through which a composite's inner nodes read its inputs.
COMPOSITE_INPUTS = "inputs"


class Position(BaseModel):
    """Where a node is drawn in the editor."""

    x: float = 0
    y: float = 0


class Node(BaseModel):
    """An instance of an operation version inside a graph.

    ``params`` overrides the operation's parameter defaults. ``param_refs`` links a node
    parameter to a parameter of the enclosing workflow (or composite operation) by name.
    """

    id: str = Field(min_length=1)
    operation: str = Field(description="id of the operation version")
    title: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    param_refs: dict[str, str] = Field(default_factory=dict)
    position: Position | None = None


class Edge(BaseModel):
    """A connection from an output of one node to an input of another.

    Several edges into one list input give its values in the order the edges are listed.
    In a composite's graph, ``source`` may be ``"inputs"``: the composite's own input.
    """

    source: str
    output: str
    target: str
    input: str

    def __str__(self) -> str:
        return f"{self.source}.{self.output} -> {self.target}.{self.input}"


class OutputRef(BaseModel):
    """Which inner node output a composite output comes from."""

    node: str
    output: str


class Graph(BaseModel):
    """Nodes and edges; ``outputs`` maps a composite's outputs to inner node outputs."""

    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    outputs: dict[str, OutputRef] = Field(default_factory=dict)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)


class Workflow(BaseModel):
    """An editable graph plus its workflow parameters and the operations its nodes use.

    ``operations`` holds every operation version referenced by a node, composites'
    inner nodes included, keyed by operation id.
    """

    id: str = Field(default_factory=new_id)
    title: str = "untitled"
    description: str = ""
    parameters: list[Parameter] = Field(default_factory=list)
    graph: Graph = Field(default_factory=Graph)
    operations: dict[str, Operation] = Field(default_factory=dict)
    author: str = "default"
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def operation_of(self, node: Node) -> Operation:
        return self.operations[node.operation]


Operation.model_rebuild()
