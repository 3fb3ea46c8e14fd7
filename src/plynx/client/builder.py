"""Workflows built in Python: open a ``Workflow`` and call operations to add nodes.

::

    with Workflow("sums") as wf:
        numbers = seq(n=100)                        # parameters as keyword arguments
        evens = grep(numbers.out, pattern="2$")     # inputs positionally or by name
        total = sum_all(values=[numbers.out, evens.out])  # a list input from several outputs

A call returns a :class:`Node`; its attributes (or items, for names with dots:
``node["data.csv"]``) are its outputs. Every mistake (unknown input or parameter, an output
of another workflow, a wrong number of values) raises ``BuildError`` at the call.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from plynx.client import context
from plynx.client.errors import BuildError
from plynx.client.operations import OperationDef
from plynx.client.specs import to_parameters
from plynx.errors import InvalidParameter
from plynx.model import Edge, Graph, Input, Parameter, Position
from plynx.model import Node as NodeModel
from plynx.model import Workflow as WorkflowModel

_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class NodeOutput:
    """One output of a node: what connects to another node's input."""

    node: Node
    name: str

    def __repr__(self) -> str:
        return f"{self.node.node_id}.{self.name}"


@dataclass(frozen=True)
class ParamRef:
    """A workflow parameter, given as a node parameter's value to link the two."""

    workflow: Workflow
    name: str

    def __repr__(self) -> str:
        return f"<workflow parameter {self.name}>"


class Node:
    """A node of a workflow being built; ``node.NAME`` and ``node["NAME"]`` are its outputs."""

    def __init__(self, workflow: Workflow, node_id: str, op: OperationDef) -> None:
        self._workflow = workflow
        self._id = node_id
        self._op = op

    @property
    def node_id(self) -> str:
        return self._id

    @property
    def operation_def(self) -> OperationDef:
        return self._op

    @property
    def workflow(self) -> Workflow:
        return self._workflow

    def __getitem__(self, name: str) -> NodeOutput:
        if self._op.model.output(name) is None:
            raise BuildError(f"node {self._id!r} ({self._op.name}) has no output {name!r}"
                             f"{_known('outputs', [o.name for o in self._op.model.outputs], name)}")
        return NodeOutput(self, name)

    def __getattr__(self, name: str) -> NodeOutput:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except BuildError as exc:
            raise AttributeError(str(exc)) from None

    def __repr__(self) -> str:
        return f"<Node {self._id} ({self._op.name})>"


def _known(what: str, names: list[str], wrong: str) -> str:
    close = difflib.get_close_matches(wrong, names, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; {what}: {', '.join(names)}" if names else f"; it has no {what}"


@dataclass
class _NodeSpec:
    node: Node
    title: str
    params: dict[str, Any]
    param_refs: dict[str, str]
    inputs: dict[str, list[NodeOutput]]
    position: Position | None


class Workflow:
    """A workflow being built; use it as a context manager and call operations inside.

    ``params`` declares workflow parameters (``{name: default | {type, default, …}}``);
    ``wf.param(name)`` given as a node parameter's value links the two, so a run's
    ``params`` set it. ``id`` is set once the workflow is saved on a server.
    """

    def __init__(self, title: str = "untitled", *, description: str = "",
                 params: Mapping[str, Any] | None = None) -> None:
        self.title = title
        self.description = description
        self.parameters: list[Parameter] = to_parameters(params, f"workflow {title!r}")
        self.id: str | None = None
        self._nodes: dict[str, _NodeSpec] = {}

    def __enter__(self) -> Workflow:
        context.enter(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        context.leave(self)

    def __repr__(self) -> str:
        return f"<Workflow {self.title!r}: {len(self._nodes)} node(s)>"

    @property
    def nodes(self) -> list[Node]:
        """The nodes, in the order they were added."""
        return [spec.node for spec in self._nodes.values()]

    def node(self, node_id: str) -> Node:
        spec = self._nodes.get(node_id)
        if spec is None:
            raise BuildError(f"workflow {self.title!r} has no node {node_id!r}"
                             f"{_known('nodes', list(self._nodes), node_id)}")
        return spec.node

    def param(self, name: str) -> ParamRef:
        """A reference to workflow parameter ``name``, to pass as a node parameter value."""
        if not any(p.name == name for p in self.parameters):
            raise BuildError(f"workflow {self.title!r} has no parameter {name!r}"
                             f"{_known('parameters', [p.name for p in self.parameters], name)}")
        return ParamRef(self, name)

    def operations(self) -> list[OperationDef]:
        """Every operation the nodes use, each once, in order of first use."""
        seen: dict[OperationDef, None] = {}
        for spec in self._nodes.values():
            seen.setdefault(spec.node.operation_def)
        return list(seen)

    def add(self, op: OperationDef, *values: Any, inputs: Mapping[str, Any] | None = None,
            params: Mapping[str, Any] | None = None, node_id: str | None = None,
            title: str = "", position: tuple[float, float] | None = None) -> Node:
        """Add a node running ``op``; returns its handle.

        ``values`` connect ``op``'s inputs in declared order, ``inputs`` by name; a value is
        an output (``node.out``), a node with a single output, or a list of them for a list
        input. ``params`` are parameter values or ``wf.param(name)`` references.
        """
        if not isinstance(op, OperationDef):
            raise BuildError(f"expected an operation (made with @operation, bash_operation "
                             f"or Client.operation), got {op!r}")
        node_id = self._new_id(op, node_id)
        where = f"node {node_id!r} ({op.name})"
        connected = self._connect(op, where, values, dict(inputs or {}))
        values_set, refs = self._params(op, where, dict(params or {}))
        node = Node(self, node_id, op)
        self._nodes[node_id] = _NodeSpec(
            node=node, title=title, params=values_set, param_refs=refs, inputs=connected,
            position=Position(x=position[0], y=position[1]) if position else None)
        return node

    def _new_id(self, op: OperationDef, wanted: str | None) -> str:
        if wanted is not None:
            if not wanted or _NOT_ID.search(wanted):
                raise BuildError(f"node id {wanted!r}: use letters, digits, '_' and '-'")
            if wanted in self._nodes:
                raise BuildError(f"node id {wanted!r} is used twice")
            return wanted
        base = _NOT_ID.sub("_", op.name).strip("_") or "node"
        candidate, number = base, 1
        while candidate in self._nodes:
            number += 1
            candidate = f"{base}_{number}"
        return candidate

    def _connect(self, op: OperationDef, where: str, values: tuple[Any, ...],
                 named: dict[str, Any]) -> dict[str, list[NodeOutput]]:
        declared = op.model.inputs
        if len(values) > len(declared):
            raise BuildError(f"{where} takes {len(declared)} input(s) "
                             f"({', '.join(i.name for i in declared) or 'none'}), "
                             f"got {len(values)} positional value(s)")
        given = dict(zip((i.name for i in declared), values, strict=False))
        for name, value in named.items():
            if op.model.input(name) is None:
                raise BuildError(f"{where} has no input {name!r}"
                                 f"{_known('inputs', [i.name for i in declared], name)}")
            if name in given:
                raise BuildError(f"{where}: input {name!r} is given twice")
            given[name] = value
        connected = {}
        for slot in declared:
            sources = self._sources(where, slot, given.get(slot.name))
            if not slot.accepts_count(len(sources)):
                raise BuildError(f"{where}: input {slot.name!r} takes "
                                 f"{slot.describe_range()} value(s), got {len(sources)}")
            if sources:
                connected[slot.name] = sources
        return connected

    def _sources(self, where: str, slot: Input, value: Any) -> list[NodeOutput]:
        if value is None:
            return []
        items = list(value) if isinstance(value, list | tuple) else [value]
        if len(items) != 1 and not slot.is_list and isinstance(value, list | tuple):
            raise BuildError(f"{where}: input {slot.name!r} takes one value, got a list of "
                             f"{len(items)}")
        return [self._output(where, slot.name, item) for item in items]

    def _output(self, where: str, input_name: str, item: Any) -> NodeOutput:
        at = f"{where}: input {input_name!r}"
        if isinstance(item, Node):
            outputs = item.operation_def.model.outputs
            if len(outputs) != 1:
                raise BuildError(f"{at}: node {item.node_id!r} has {len(outputs)} outputs; "
                                 f"name one ({', '.join(o.name for o in outputs)})")
            item = NodeOutput(item, outputs[0].name)
        if not isinstance(item, NodeOutput):
            raise BuildError(f"{at}: expected an output of another node (node.NAME), "
                             f"got {item!r}")
        owner = item.node.workflow
        if owner is not self or self._nodes.get(item.node.node_id, None) is None:
            raise BuildError(f"{at}: {item!r} is an output of workflow {owner.title!r}, not of "
                             f"{self.title!r}")
        return item

    def _params(self, op: OperationDef, where: str,
                given: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        refs: dict[str, str] = {}
        for name, value in given.items():
            declared = op.model.parameter(name)
            if declared is None:
                names = [i.name for i in op.model.inputs] + [p.name for p in op.model.parameters]
                raise BuildError(f"{where} has no input or parameter {name!r}"
                                 f"{_known('inputs and parameters', names, name)}")
            if isinstance(value, ParamRef):
                if value.workflow is not self:
                    raise BuildError(f"{where}: parameter {name!r} refers to a parameter of "
                                     f"workflow {value.workflow.title!r}, not of {self.title!r}")
                refs[name] = value.name
                continue
            try:
                values[name] = declared.coerce(value)
            except InvalidParameter as exc:
                raise BuildError(f"{where}: {exc}") from None
        return values, refs

    def to_model(self, operation_ids: Mapping[OperationDef, str] | None = None) -> WorkflowModel:
        """The workflow's model; ``operation_ids`` gives the stored id of each operation
        (``OperationDef.stored_id`` when left out)."""
        nodes, edges = [], []
        for node_id, spec in self._nodes.items():
            op = spec.node.operation_def
            stored = (operation_ids or {}).get(op, op.stored_id)
            if stored is None:
                raise BuildError(f"operation {op.name!r} of node {node_id!r} is not stored yet")
            nodes.append(NodeModel(id=node_id, operation=stored, title=spec.title,
                                   params=spec.params, param_refs=spec.param_refs,
                                   position=spec.position))
            edges += [Edge(source=out.node.node_id, output=out.name, target=node_id, input=name)
                      for name, sources in spec.inputs.items() for out in sources]
        return WorkflowModel(title=self.title, description=self.description,
                             parameters=list(self.parameters),
                             graph=Graph(nodes=nodes, edges=edges))

    def edges(self) -> Iterable[str]:
        """The connections as ``source.output -> target.input``, in order."""
        for node_id, spec in self._nodes.items():
            for name, sources in spec.inputs.items():
                for out in sources:
                    yield f"{out!r} -> {node_id}.{name}"
