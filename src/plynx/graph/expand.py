"""Sub-graph expansion: a workflow with composites becomes one flat plan of nodes.

Inner nodes of a composite node ``c`` get ids ``c/inner`` (nested to any depth). Edges that
reach a composite's input are rewired to the inner nodes reading it; edges from a
composite's output are rewired to the inner node output it maps to. The composites stay in
the plan as groups whose state is derived from their members.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plynx.model import COMPOSITE_INPUTS, Graph, Operation, Parameter, Workflow

#: A node output in the flat plan: (node id, output name).
Port = tuple[str, str]


@dataclass
class PlanNode:
    """One node of the flat plan with its resolved parameter values and input sources."""

    id: str
    operation: Operation
    params: dict[str, Any]
    parent: str | None = None
    inputs: dict[str, list[Port]] = field(default_factory=dict)
    dependencies: set[str] = field(default_factory=set)
    dependents: set[str] = field(default_factory=set)


@dataclass
class Group:
    """A composite node: its direct members and where its outputs come from."""

    id: str
    operation: Operation
    parent: str | None
    members: list[str] = field(default_factory=list)
    outputs: dict[str, Port] = field(default_factory=dict)


@dataclass
class Plan:
    """The flat, schedulable form of a workflow."""

    nodes: dict[str, PlanNode] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)

    def leaves_of(self, group_id: str) -> list[str]:
        """Every plan node inside a group, nested groups included."""
        found: list[str] = []
        for member in self.groups[group_id].members:
            found += self.leaves_of(member) if member in self.groups else [member]
        return found


def resolve_params(declared: list[Parameter], values: dict[str, Any], refs: dict[str, str],
                   scope: dict[str, Any]) -> dict[str, Any]:
    """Parameter values of a node: defaults, then its own values, then linked scope values."""
    resolved = {}
    for parameter in declared:
        if parameter.name in refs and refs[parameter.name] in scope:
            raw = scope[refs[parameter.name]]
        else:
            raw = values.get(parameter.name, parameter.default)
        resolved[parameter.name] = None if raw is None else parameter.coerce(raw)
    return resolved


def build_plan(workflow: Workflow, params: dict[str, Any] | None = None,
               node_params: dict[str, dict[str, Any]] | None = None) -> Plan:
    """Flatten a validated workflow, applying workflow and node parameter overrides."""
    scope = resolve_params(workflow.parameters, params or {}, {}, {})
    builder = _Builder(workflow.operations)
    top_inputs: dict[str, list[Port]] = {}
    builder.expand(workflow.graph, prefix="", parent=None, scope=scope,
                   composite_inputs=top_inputs, overrides=node_params or {})
    builder.link()
    return builder.plan


class _Builder:
    def __init__(self, operations: dict[str, Operation]) -> None:
        self.operations = operations
        self.plan = Plan()
        # sources feeding each composite input port, as raw ports (may name groups)
        self.group_inputs: dict[Port, list[Port]] = {}

    def expand(self, graph: Graph, prefix: str, parent: str | None, scope: dict[str, Any],
               composite_inputs: dict[str, list[Port]],
               overrides: dict[str, dict[str, Any]]) -> None:
        def path(node_id: str) -> str:
            return f"{prefix}{node_id}"

        for node in graph.nodes:
            operation = self.operations[node.operation]
            values = {**node.params, **overrides.get(node.id, {})}
            refs = {k: v for k, v in node.param_refs.items() if k not in overrides.get(node.id, {})}
            resolved = resolve_params(operation.parameters, values, refs, scope)
            node_path = path(node.id)
            if parent is not None:
                self.plan.groups[parent].members.append(node_path)
            if operation.kind == "composite" and operation.graph is not None:
                group = Group(node_path, operation, parent)
                self.plan.groups[node_path] = group
                inner_inputs: dict[str, list[Port]] = {}
                for name in (i.name for i in operation.inputs):
                    inner_inputs[name] = self.group_inputs.setdefault((node_path, name), [])
                self.expand(operation.graph, f"{node_path}/", node_path, resolved,
                            inner_inputs, {})
                group.outputs = {name: (path_in(node_path, ref.node), ref.output)
                                 for name, ref in operation.graph.outputs.items()}
            else:
                self.plan.nodes[node_path] = PlanNode(node_path, operation, resolved, parent)
        for edge in graph.edges:
            source_ports: list[Any]
            if edge.source == COMPOSITE_INPUTS:
                # a reference to the list of sources feeding the composite's input,
                # filled while the enclosing graph's edges are read
                source_ports = [("@ref", composite_inputs.get(edge.output, []))]
            else:
                source_ports = [(path(edge.source), edge.output)]
            target = path(edge.target)
            for source in source_ports:
                if target in self.plan.groups:
                    self.group_inputs.setdefault((target, edge.input), []).append(source)
                else:
                    self.plan.nodes[target].inputs.setdefault(edge.input, []).append(source)

    def _resolve(self, port: Any) -> list[Port]:
        """Leaf ports a raw source stands for, in order."""
        if port[0] == "@ref":
            found: list[Port] = []
            for item in port[1]:
                found += self._resolve(item)
            return found
        node_id, output = port
        if node_id in self.plan.groups:
            return self._resolve(self.plan.groups[node_id].outputs[output])
        return [(node_id, output)]

    def link(self) -> None:
        for node in self.plan.nodes.values():
            node.inputs = {name: [leaf for src in sources for leaf in self._resolve(src)]
                           for name, sources in node.inputs.items()}
            node.dependencies = {src for sources in node.inputs.values() for src, _ in sources}
        for group in self.plan.groups.values():
            group.outputs = {name: self._resolve(port)[0] for name, port in group.outputs.items()}
        for node in self.plan.nodes.values():
            for dependency in node.dependencies:
                self.plan.nodes[dependency].dependents.add(node.id)


def path_in(group: str, node_id: str) -> str:
    """The plan id of ``node_id`` inside the group ``group``."""
    return f"{group}/{node_id}"
