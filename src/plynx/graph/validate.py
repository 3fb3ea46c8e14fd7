"""Validation of workflows before anything runs: every problem is reported at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from plynx.errors import InvalidParameter, PluginError, Problem
from plynx.graph.order import find_cycle
from plynx.model import (
    COMPOSITE_INPUTS,
    Graph,
    Input,
    Operation,
    OperationStatus,
    Output,
    Parameter,
    Workflow,
)
from plynx.model.names import name_problem
from plynx.plugins import Registry


def validate_workflow(
    workflow: Workflow, registry: Registry, params: dict[str, Any] | None = None,
    node_params: dict[str, dict[str, Any]] | None = None,
) -> list[Problem]:
    """Every problem of ``workflow`` with the given parameter overrides; empty when valid.

    ``params`` overrides workflow parameters; ``node_params`` overrides node parameters
    (``{node_id: {param: value}}``).
    """
    problems: list[Problem] = []
    problems += _check_overrides("parameters", workflow.parameters, params or {})
    for node_id, values in (node_params or {}).items():
        node = workflow.graph.node(node_id)
        if node is None:
            problems.append(Problem(f"nodes.{node_id}", "no such node to set parameters on"))
        elif node.operation in workflow.operations:
            operation = workflow.operations[node.operation]
            problems += _check_overrides(f"nodes.{node_id}.params", operation.parameters, values)
    checker = _GraphChecker(workflow.operations, registry, problems)
    checker.check_names("parameters", "workflow parameter", (p.name for p in workflow.parameters))
    checker.check_operations()
    checker.check_graph(workflow.graph, workflow.parameters, owner=None, where="nodes")
    return problems


def _check_overrides(where: str, declared: list[Parameter],
                     values: dict[str, Any]) -> list[Problem]:
    by_name = {p.name: p for p in declared}
    problems = []
    for name, value in values.items():
        parameter = by_name.get(name)
        if parameter is None:
            known = ", ".join(by_name) or "none"
            problems.append(Problem(f"{where}.{name}", f"unknown parameter (known: {known})"))
            continue
        try:
            parameter.coerce(value)
        except InvalidParameter as exc:
            problems.append(Problem(f"{where}.{name}", str(exc)))
    return problems


class _GraphChecker:
    """Walks a workflow's graph and its operations, collecting problems."""

    def __init__(self, operations: dict[str, Operation], registry: Registry,
                 problems: list[Problem]) -> None:
        self.operations = operations
        self.registry = registry
        self.problems = problems

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def check_operations(self) -> None:
        for operation in self.operations.values():
            where = f"operations.{operation.name}"
            if problem := name_problem(operation.name, "operation name"):
                self.add(f"{where}.name", problem)
            try:
                kind = self.registry.kind(operation.kind)
            except PluginError as exc:
                self.add(where, str(exc))
                continue
            for problem in kind.validate(operation):
                sub = f"{where}.{problem.where}" if problem.where else where
                self.add(sub, problem.message)
            slots: list[Input | Output] = [*operation.inputs, *operation.outputs]
            for slot in slots:
                if slot.type not in self.registry.resource_types:
                    self.add(f"{where}.{slot.name}", f"unknown resource type {slot.type!r}")
            self.check_names(f"{where}.inputs", "input", (i.name for i in operation.inputs))
            self.check_names(f"{where}.outputs", "output", (o.name for o in operation.outputs))
            self.check_names(f"{where}.parameters", "parameter",
                             (p.name for p in operation.parameters))
            for parameter in operation.parameters:
                self._check_default(f"{where}.parameters.{parameter.name}", parameter)
            if operation.kind == "composite" and operation.graph is not None:
                self.check_graph(operation.graph, operation.parameters, operation, f"{where}.nodes")
        self._check_composite_recursion()

    def check_names(self, where: str, what: str, names: Iterable[str]) -> None:
        """Report each of ``names`` (of ``what``: input, output …) breaking the name rule
        or declared twice, at ``where.NAME``."""
        seen: set[str] = set()
        for name in names:
            if problem := name_problem(name, f"{what} name"):
                self.add(f"{where}.{name}", problem)
            if name in seen:
                self.add(f"{where}.{name}", f"{what} {name!r} is declared twice")
            seen.add(name)

    def _check_default(self, where: str, parameter: Parameter) -> None:
        if parameter.default is None:
            return
        try:
            parameter.coerce(parameter.default)
        except InvalidParameter as exc:
            self.add(where, f"default: {exc}")

    def _check_composite_recursion(self) -> None:
        def uses(op: Operation) -> set[str]:
            if op.graph is None:
                return set()
            return {n.operation for n in op.graph.nodes}

        graph = {op_id: uses(op) for op_id, op in self.operations.items()}
        cycle = find_cycle(graph)
        if cycle:
            names = " -> ".join(self.operations[c].name for c in cycle if c in self.operations)
            self.add("operations", f"composite operations contain each other: {names}")

    def check_graph(self, graph: Graph, scope: list[Parameter], owner: Operation | None,
                    where: str) -> None:
        """Check nodes, parameters, edges, counts and cycles of one graph level."""
        nodes = {}
        for node in graph.nodes:
            if node.id in nodes:
                self.add(f"{where}.{node.id}", "node id is used twice")
            if problem := name_problem(node.id, "node id"):
                self.add(f"{where}.{node.id}", problem)
            if owner is not None and node.id == COMPOSITE_INPUTS:
                self.add(f"{where}.{node.id}", f"{COMPOSITE_INPUTS!r} is reserved in composites")
            nodes[node.id] = node
            operation = self.operations.get(node.operation)
            if operation is None:
                self.add(f"{where}.{node.id}", f"unknown operation {node.operation!r}")
                continue
            if operation.status is OperationStatus.MANDATORY_DEPRECATED:
                successor = f"; upgrade to {operation.successor}" if operation.successor else ""
                self.add(f"{where}.{node.id}", f"{operation.name} version {operation.version} "
                                               f"is mandatory_deprecated{successor}")
            self._check_node_params(f"{where}.{node.id}.params", node.params, node.param_refs,
                                    operation, scope)
        self._check_edges(graph, nodes, owner, where)
        if owner is not None:
            for out in owner.outputs:
                if out.name not in graph.outputs:
                    self.add(f"{where}", f"composite output {out.name!r} comes from no inner node")
            for name, ref in graph.outputs.items():
                target = nodes.get(ref.node)
                op = self.operations.get(target.operation) if target else None
                inner = op.output(ref.output) if op is not None else None
                if inner is None:
                    self.add(f"{where}", f"composite output {name!r} maps to unknown "
                                         f"{ref.node}.{ref.output}")
                elif (declared := owner.output(name)) and not self._compatible(
                        inner.type, declared.type):
                    self.add(where, f"composite output {name!r} is {declared.type} but "
                                    f"{ref.node}.{ref.output} gives {inner.type}")
        dependencies: dict[str, set[str]] = {n: set() for n in nodes}
        for edge in graph.edges:
            if edge.source in nodes and edge.target in nodes:
                dependencies[edge.target].add(edge.source)
        cycle = find_cycle(dependencies)
        if cycle:
            self.add(where, f"the graph has a cycle: {' -> '.join(cycle)}")

    def _check_node_params(self, where: str, values: dict[str, Any], refs: dict[str, str],
                           operation: Operation, scope: list[Parameter]) -> None:
        scope_names = {p.name: p for p in scope}
        for name, value in values.items():
            parameter = operation.parameter(name)
            if parameter is None:
                known = ", ".join(p.name for p in operation.parameters) or "none"
                self.add(f"{where}.{name}", f"unknown parameter (known: {known})")
                continue
            try:
                parameter.coerce(value)
            except InvalidParameter as exc:
                self.add(f"{where}.{name}", str(exc))
        for name, ref in refs.items():
            if operation.parameter(name) is None:
                self.add(f"{where}.{name}", "unknown parameter")
            elif ref not in scope_names:
                self.add(f"{where}.{name}", f"refers to unknown parameter ${{{ref}}}")
        for parameter in operation.parameters:
            if parameter.default is None and parameter.name not in values \
                    and parameter.name not in refs:
                self.add(f"{where}.{parameter.name}", "has no value and no default")

    def _compatible(self, source_type: str, target_type: str) -> bool:
        types = self.registry.resource_types
        if source_type not in types or target_type not in types:
            return True  # reported as unknown type on the operation
        return types[target_type].accepts(types[source_type])

    def _check_edges(self, graph: Graph, nodes: dict[str, Any], owner: Operation | None,
                     where: str) -> None:
        counts: dict[tuple[str, str], int] = {}
        seen: set[tuple[str, str, str, str]] = set()
        for edge in graph.edges:
            label = f"{where}.{edge.target}.inputs.{edge.input}"
            source_type = self._source_type(edge.source, edge.output, nodes, owner, where, edge)
            target = nodes.get(edge.target)
            target_op = self.operations.get(target.operation) if target else None
            if target is None:
                self.add(f"{where}", f"edge {edge}: no node {edge.target!r}")
                continue
            if target_op is None:
                continue
            declared = target_op.input(edge.input)
            if declared is None:
                known = ", ".join(i.name for i in target_op.inputs) or "none"
                self.add(label, f"{target_op.name} has no input {edge.input!r} (known: {known})")
                continue
            identity = (edge.source, edge.output, edge.target, edge.input)
            if identity in seen:
                self.add(label, f"connected twice from {edge.source}.{edge.output}")
            seen.add(identity)
            counts[(edge.target, edge.input)] = counts.get((edge.target, edge.input), 0) + 1
            if source_type is not None and not self._compatible(source_type, declared.type):
                self.add(label, f"type mismatch: {edge.source}.{edge.output} gives {source_type}, "
                                f"input expects {declared.type}")
        for node in nodes.values():
            operation = self.operations.get(node.operation)
            if operation is None:
                continue
            for declared in operation.inputs:
                count = counts.get((node.id, declared.name), 0)
                if not declared.accepts_count(count):
                    self.add(f"{where}.{node.id}.inputs.{declared.name}",
                             f"has {count} connection(s), needs {declared.describe_range()}")

    def _source_type(self, source: str, output: str, nodes: dict[str, Any],
                     owner: Operation | None, where: str, edge: Any) -> str | None:
        if owner is not None and source == COMPOSITE_INPUTS:
            declared = owner.input(output)
            if declared is None:
                self.add(where, f"edge {edge}: the composite has no input {output!r}")
                return None
            return declared.type
        node = nodes.get(source)
        if node is None:
            self.add(where, f"edge {edge}: no node {source!r}")
            return None
        operation = self.operations.get(node.operation)
        if operation is None:
            return None
        declared_output = operation.output(output)
        if declared_output is None:
            known = ", ".join(o.name for o in operation.outputs) or "none"
            self.add(where, f"edge {edge}: {operation.name} has no output {output!r} "
                            f"(known: {known})")
            return None
        return declared_output.type
