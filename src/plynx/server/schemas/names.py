"""Names in request bodies: every identifier breaking the name rule is refused at its field.

The models stay lenient, so that content stored before the rule still loads; what the API
accepts follows :mod:`plynx.model.names`. A bad name is a 422 whose problems point at each
field (``body.graph.nodes.0.id``), so nothing named badly is ever stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from plynx.model import Graph, Input, Output, Parameter
from plynx.model.names import name_problem

#: Where a name is in a body, as pydantic locates fields.
Loc = tuple[str | int, ...]
#: A name found in a body: where, what it is (``node id``, ``input name`` …) and the name.
Found = tuple[Loc, str, str]


class Declaring(Protocol):
    """What an operation (or its draft) declares."""

    @property
    def name(self) -> str: ...
    @property
    def inputs(self) -> list[Input]: ...
    @property
    def outputs(self) -> list[Output]: ...
    @property
    def parameters(self) -> list[Parameter]: ...
    @property
    def graph(self) -> Graph | None: ...


def graph_names(graph: Graph, loc: Loc = ()) -> Iterator[Found]:
    """Every name ``graph`` declares or refers to: node ids, parameter names of nodes, the
    ends of edges and the composite outputs."""
    for index, node in enumerate(graph.nodes):
        at = (*loc, "nodes", index)
        yield (*at, "id"), "node id", node.id
        for key in node.params:
            yield (*at, "params", key), "parameter name", key
        for key, ref in node.param_refs.items():
            yield (*at, "param_refs", key), "parameter name", key
            yield (*at, "param_refs", key), "parameter name", ref
    for index, edge in enumerate(graph.edges):
        at = (*loc, "edges", index)
        yield (*at, "source"), "node id", edge.source
        yield (*at, "output"), "output name", edge.output
        yield (*at, "target"), "node id", edge.target
        yield (*at, "input"), "input name", edge.input
    for key, source in graph.outputs.items():
        at = (*loc, "outputs", key)
        yield at, "output name", key
        yield (*at, "node"), "node id", source.node
        yield (*at, "output"), "output name", source.output


def parameter_names(parameters: list[Parameter], loc: Loc, what: str) -> Iterator[Found]:
    """The names of ``parameters`` (of ``what``: ``parameter``, ``workflow parameter``)."""
    for index, parameter in enumerate(parameters):
        yield (*loc, index, "name"), f"{what} name", parameter.name


def operation_names(op: Declaring, loc: Loc = ()) -> Iterator[Found]:
    """The name of ``op``, of its inputs, outputs and parameters, and of its graph."""
    yield (*loc, "name"), "operation name", op.name
    for index, slot in enumerate(op.inputs):
        yield (*loc, "inputs", index, "name"), "input name", slot.name
    for index, out in enumerate(op.outputs):
        yield (*loc, "outputs", index, "name"), "output name", out.name
    yield from parameter_names(op.parameters, (*loc, "parameters"), "parameter")
    if op.graph is not None:
        yield from graph_names(op.graph, (*loc, "graph"))


def refuse_bad_names(title: str, found: Iterable[Found]) -> None:
    """ValidationError of the model ``title`` with one error per name of ``found`` that
    breaks the rule, at its place (raised from a validator, pydantic keeps the places)."""
    errors = [
        InitErrorDetails(type=PydanticCustomError("invalid_name", "{reason}", {"reason": why}),
                         loc=loc, input=name)
        for loc, what, name in found if (why := name_problem(name, what)) is not None
    ]
    if errors:
        raise ValidationError.from_exception_data(title, errors)
