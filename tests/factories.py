"""Small builders of operations and workflows for tests."""

from __future__ import annotations

from typing import Any

from plynx.model import (
    Edge,
    Graph,
    Input,
    Node,
    Operation,
    Output,
    OutputRef,
    Parameter,
    ParameterType,
    Workflow,
)


def _inputs(spec: dict[str, Any]) -> list[Input]:
    result = []
    for name, value in spec.items():
        if isinstance(value, str):
            result.append(Input(name=name, type=value))
        else:
            type_, low, high = value
            result.append(Input(name=name, type=type_, min_count=low, max_count=high))
    return result


def _params(spec: dict[str, Any]) -> list[Parameter]:
    result = []
    for name, default in spec.items():
        if isinstance(default, Parameter):
            result.append(default)
            continue
        type_ = {bool: ParameterType.BOOL, int: ParameterType.INT,
                 float: ParameterType.FLOAT}.get(type(default), ParameterType.STR)
        result.append(Parameter(name=name, type=type_, default=default))
    return result


def operation(name: str, kind: str = "bash_jinja2", code: str = "", *,
              inputs: dict[str, Any] | None = None, outputs: dict[str, str] | None = None,
              params: dict[str, Any] | None = None, **fields: Any) -> Operation:
    """An operation; ``inputs`` values are a type or ``(type, min, max)``."""
    return Operation(name=name, kind=kind, code=code, inputs=_inputs(inputs or {}),
                     outputs=[Output(name=n, type=t) for n, t in (outputs or {}).items()],
                     parameters=_params(params or {}), **fields)


def bash(name: str, code: str, **kwargs: Any) -> Operation:
    return operation(name, "bash_jinja2", code, **kwargs)


def python(name: str, code: str, **kwargs: Any) -> Operation:
    return operation(name, "python", code, **kwargs)


def composite(name: str, nodes: dict[str, Operation], edges: list[str],
              outputs: dict[str, tuple[str, str]], **kwargs: Any) -> Operation:
    """A composite; ``outputs`` maps an output name to ``(type, "node.output")``."""
    graph = Graph(
        nodes=[Node(id=node_id, operation=op.id) for node_id, op in nodes.items()],
        edges=[parse_edge(e) for e in edges],
        outputs={name: OutputRef(node=ref.split(".", 1)[0], output=ref.split(".", 1)[1])
                 for name, (_, ref) in outputs.items()},
    )
    op = operation(name, "composite", graph=graph,
                   outputs={n: t for n, (t, _) in outputs.items()}, **kwargs)
    _INNER[op.id] = list(nodes.values())
    return op


#: Inner operations of composites built here, so that workflows can include them.
_INNER: dict[str, list[Operation]] = {}


def parse_edge(text: str) -> Edge:
    """``"a.out -> b.in"`` as an Edge (output and input names may contain dots)."""
    left, right = (part.strip() for part in text.split("->"))
    source, output = left.split(".", 1)
    target, input_ = right.split(".", 1)
    return Edge(source=source, output=output, target=target, input=input_)


def workflow(nodes: dict[str, Operation], edges: list[str] = (), *,
             params: dict[str, Any] | None = None,
             node_params: dict[str, dict[str, Any]] | None = None,
             refs: dict[str, dict[str, str]] | None = None,
             extra_operations: list[Operation] = ()) -> Workflow:
    """A workflow of ``nodes`` (id -> operation) connected by ``edges``."""
    operations = {op.id: op for op in [*nodes.values(), *extra_operations]}
    for op in list(operations.values()):
        _collect(op, operations)
    graph = Graph(
        nodes=[Node(id=node_id, operation=op.id, params=(node_params or {}).get(node_id, {}),
                    param_refs=(refs or {}).get(node_id, {}))
               for node_id, op in nodes.items()],
        edges=[parse_edge(e) for e in edges],
    )
    return Workflow(title="test", parameters=_params(params or {}), graph=graph,
                    operations=operations)


def _collect(op: Operation, operations: dict[str, Operation]) -> None:
    """Add the inner operations of composites, at any depth."""
    for inner in _INNER.get(op.id, []):
        operations.setdefault(inner.id, inner)
        _collect(inner, operations)
