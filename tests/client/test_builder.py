"""Workflows built by calling operations inside ``with Workflow(...)``."""

from __future__ import annotations

import pytest

from plynx.client import BuildError, Node, NodeOutput, Workflow, bash_operation, operation
from plynx.model import Edge

seq = bash_operation("seq", "seq {{ param['n'] }} > {{ output.out }}",
                     outputs={"out": "text"}, params={"n": 10})
grep = bash_operation("grep", "grep {{ param['pattern'] }} {{ input.lines }} > {{ output.out }}",
                      inputs={"lines": "text"}, outputs={"out": "text"},
                      params={"pattern": "1"})
split = bash_operation("split", "true", inputs={"data.csv": ("csv", 1, -1)},
                       outputs={"a.csv": "csv", "b.csv": "csv"}, params={"rate": 0.5})
pair = bash_operation("pair", "true", inputs={"left": "text", "right": "text"},
                      outputs={"out": "text"})


@operation(inputs={"values": ("text", 1, -1)}, outputs={"total": "int"})
def sum_all(input, output, param):
    output["total"] = len(input["values"])


def ids(op_defs: list) -> dict:
    return {op: f"stored-{op.name}" for op in op_defs}


def test_nodes_edges_and_list_inputs() -> None:
    with Workflow("sums") as wf:
        numbers = seq(n=100)
        evens = grep(numbers.out, pattern="2$")
        odds = grep(lines=numbers.out, pattern="[13579]$")
        total = sum_all(values=[numbers.out, evens.out, odds])

    assert [n.node_id for n in wf.nodes] == ["seq", "grep", "grep_2", "sum_all"]
    assert isinstance(total, Node) and isinstance(evens.out, NodeOutput)
    assert wf.operations() == [seq, grep, sum_all]
    model = wf.to_model(ids(wf.operations()))
    assert model.title == "sums"
    assert [(n.id, n.operation, n.params) for n in model.graph.nodes] == [
        ("seq", "stored-seq", {"n": 100}),
        ("grep", "stored-grep", {"pattern": "2$"}),
        ("grep_2", "stored-grep", {"pattern": "[13579]$"}),
        ("sum_all", "stored-sum_all", {}),
    ]
    assert model.graph.edges == [
        Edge(source="seq", output="out", target="grep", input="lines"),
        Edge(source="seq", output="out", target="grep_2", input="lines"),
        Edge(source="seq", output="out", target="sum_all", input="values"),
        Edge(source="grep", output="out", target="sum_all", input="values"),
        Edge(source="grep_2", output="out", target="sum_all", input="values"),
    ]


def test_dotted_names_explicit_ids_and_titles() -> None:
    with Workflow("split") as wf:
        first = seq()
        parts = split(**{"data.csv": [first.out]}, rate=0.1)
        wf.add(pair, parts["a.csv"], parts["b.csv"], node_id="joined", title="Join")

    model = wf.to_model(ids(wf.operations()))
    joined = model.graph.node("joined")
    assert joined is not None and joined.title == "Join"
    assert [str(e) for e in model.graph.edges] == [
        "seq.out -> split.data.csv", "split.a.csv -> joined.left", "split.b.csv -> joined.right"]
    assert model.graph.node("split").params == {"rate": 0.1}


def test_workflow_parameters_are_linked_by_reference() -> None:
    with Workflow("param", params={"count": 5}) as wf:
        seq(n=wf.param("count"))
    model = wf.to_model(ids(wf.operations()))
    assert model.parameters[0].name == "count" and model.parameters[0].default == 5
    assert model.graph.nodes[0].param_refs == {"n": "count"}
    assert model.graph.nodes[0].params == {}
    with pytest.raises(BuildError, match="has no parameter 'cnt'; did you mean 'count'"):
        wf.param("cnt")


def test_parameter_values_are_coerced_or_refused() -> None:
    with Workflow("w") as wf:
        node = seq(n="7")
        assert wf.to_model(ids([seq])).graph.node(node.node_id).params == {"n": 7}
        with pytest.raises(BuildError, match="node 'seq_2' \\(seq\\): parameter 'n' expects int"):
            seq(n="many")


def test_an_output_of_another_workflow_is_refused() -> None:
    with Workflow("first"):
        numbers = seq()
    with Workflow("second"), pytest.raises(
            BuildError, match="seq.out is an output of workflow 'first', not of 'second'"):
        grep(numbers.out)


@pytest.mark.parametrize("build, message", [
    (lambda n: grep(n.out, pattern="x", colour=1),
     "node 'grep' \\(grep\\) has no input or parameter 'colour'"),
    (lambda n: grep(n.out, patern="x"), "did you mean 'pattern'"),
    (lambda n: grep(), "input 'lines' takes 1..1 value\\(s\\), got 0"),
    (lambda n: grep(n.out, n.out), "takes 1 input\\(s\\) \\(lines\\), got 2 positional"),
    (lambda n: grep(n.out, lines=n.out), "input 'lines' is given twice"),
    (lambda n: grep([n.out, n.out]), "input 'lines' takes one value, got a list of 2"),
    (lambda n: grep("file.txt"), "expected an output of another node \\(node.NAME\\), got"),
    (lambda n: sum_all(values=[]), "input 'values' takes 1..unbounded value\\(s\\), got 0"),
    (lambda n: n.missing, "has no output 'missing'; outputs: out"),
    (lambda n: n["ou"], "did you mean 'out'"),
    (lambda n: grep(split(n.out)), "node 'split' has 2 outputs; name one \\(a.csv, b.csv\\)"),
    (lambda n: Workflow("w").add("grep"), "expected an operation"),
    (lambda n: Workflow("w").add(seq, node_id="a/b"), "node id 'a/b'"),
])
def test_mistakes_are_clear_build_errors(build, message: str) -> None:  # noqa: ANN001
    with Workflow("w"):
        numbers = seq()
        with pytest.raises((BuildError, AttributeError), match=message):
            build(numbers)


def test_node_ids_must_be_unique() -> None:
    with Workflow("w") as wf:
        wf.add(seq, node_id="numbers")
        with pytest.raises(BuildError, match="node id 'numbers' is used twice"):
            wf.add(seq, node_id="numbers")
    assert wf.node("numbers").node_id == "numbers"
    with pytest.raises(BuildError, match="has no node 'number'; did you mean 'numbers'"):
        wf.node("number")


def test_builders_nest_and_close_in_order() -> None:
    with Workflow("outer") as outer:
        seq()
        with Workflow("inner") as inner:
            seq()
        seq()
    assert len(outer.nodes) == 2 and len(inner.nodes) == 1


def test_the_model_needs_a_stored_id_for_every_operation() -> None:
    with Workflow("w") as wf:
        seq()
    with pytest.raises(BuildError, match="operation 'seq' of node 'seq' is not stored yet"):
        wf.to_model()
    assert wf.to_model({seq: "s1"}).graph.nodes[0].operation == "s1"
