"""The kinds that never run: file (a known artifact) and composite (a sub-graph)."""

from __future__ import annotations

from plynx.kinds import CompositeKind, FileKind
from plynx.model import Graph, Node, OutputRef
from tests.factories import operation

DIGEST = "ab" * 32


def messages(problems):
    return [str(p) for p in problems]


def test_a_valid_file():
    kind = FileKind()
    assert not kind.executable
    assert kind.validate(operation("data", "file", outputs={"out": "csv"}, artifact=DIGEST)) == []


def test_a_file_needs_one_output_out_no_inputs_and_a_digest():
    bad = operation("data", "file", inputs={"x": "file"}, outputs={"out": "csv", "b": "csv"})
    assert messages(FileKind().validate(bad)) == [
        "outputs: a file has exactly one output named 'out' (found: 'out', 'b')",
        "inputs: a file has no inputs",
        "artifact: a file needs the digest of its artifact",
    ]
    wrong = operation("data", "file", outputs={"data": "csv"}, artifact="not-a-digest")
    assert messages(FileKind().validate(wrong)) == [
        "outputs: a file has exactly one output named 'out' (found: 'data')",
        "artifact: 'not-a-digest' is not a SHA-256 digest (64 lowercase hex digits)",
    ]


def composite_op(outputs: dict[str, str], mapped: dict[str, OutputRef], nodes=("inner",)):
    graph = Graph(nodes=[Node(id=n, operation="op") for n in nodes], outputs=mapped)
    return operation("sub", "composite", outputs=outputs, graph=graph)


def test_a_valid_composite():
    kind = CompositeKind()
    assert not kind.executable
    op = composite_op({"out": "file"}, {"out": OutputRef(node="inner", output="result")})
    assert kind.validate(op) == []


def test_a_composite_needs_a_graph_with_nodes():
    assert messages(CompositeKind().validate(operation("sub", "composite"))) == [
        "graph: a composite operation needs a graph with nodes"
    ]
    assert messages(CompositeKind().validate(composite_op({}, {}, nodes=()))) == [
        "graph: a composite operation needs a graph with nodes"
    ]


def test_every_composite_output_maps_to_an_inner_node():
    op = composite_op({"a": "file", "b": "file"},
                      {"b": OutputRef(node="ghost", output="x"),
                       "c": OutputRef(node="inner", output="y")})
    assert messages(CompositeKind().validate(op)) == [
        "graph.outputs.a: the output is not mapped to an inner node's output",
        "graph.outputs.b: refers to node 'ghost', not in the graph",
        "graph.outputs.c: maps an output the operation does not declare",
    ]
