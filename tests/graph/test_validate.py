"""Workflow validation reports every problem at once, pointing at what it concerns."""

from __future__ import annotations

import pytest

from plynx.graph import validate_workflow
from plynx.model import OperationStatus
from plynx.model.names import name_problem
from plynx.plugins import get_registry
from tests.factories import bash, composite, operation, parse_edge, python, workflow


def problems_of(wf, **kwargs) -> list[str]:
    return [str(p) for p in validate_workflow(wf, get_registry(), **kwargs)]


def test_valid_workflow_has_no_problems():
    producer = bash("produce", "echo 1 > {{ output.out }}", outputs={"out": "csv"})
    consumer = bash("consume", "cat {{ input.data }}", inputs={"data": "file"})
    assert problems_of(workflow({"a": producer, "b": consumer}, ["a.out -> b.data"])) == []


def test_every_problem_is_reported_at_once():
    producer = bash("produce", "echo 1 > {{ output.out }}", outputs={"out": "file"},
                    params={"n": 1})
    consumer = bash("consume", "cat {{ input.data }}", inputs={"data": "csv"})
    wf = workflow(
        {"a": producer, "b": consumer, "c": consumer, "d": consumer},
        ["a.out -> b.data", "a.nope -> c.data"],
        node_params={"a": {"n": "many", "ghost": 1}},
    )
    found = problems_of(wf)
    joined = "\n".join(found)
    assert "type mismatch: a.out gives file, input expects csv" in joined
    assert "has no output 'nope'" in joined
    assert "nodes.d.inputs.data: has 0 connection(s), needs 1..1" in joined
    assert "nodes.a.params.n" in joined and "expects int" in joined
    assert "nodes.a.params.ghost: unknown parameter" in joined
    assert len(found) == 5


def test_a_node_id_cannot_look_like_a_path_into_a_composite():
    producer = bash("produce", "echo 1 > {{ output.out }}", outputs={"out": "file"})
    [problem] = problems_of(workflow({"c/inner": producer}))
    assert problem.startswith("nodes.c/inner: 'c/inner' is not a valid node id ('/' is not "
                              "allowed): use letters, digits")


BAD_NAMES = ["..", ".", "/tmp/x", "../../x", "a\x00b", "bad name!", "x" * 101]


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_bad_node_ids_are_reported_at_top_level_and_in_composites(bad: str) -> None:
    leaf = bash("leaf", "echo 1 > {{ output.out }}", outputs={"out": "file"})
    box = composite("box", {bad: leaf}, [], {})
    found = problems_of(workflow({bad: leaf, "b": box}))
    assert sorted(found) == [f"nodes.{bad}: {name_problem(bad, 'node id')}",
                             f"operations.box.nodes.{bad}: {name_problem(bad, 'node id')}"]


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_bad_input_output_parameter_and_operation_names_are_all_reported(bad: str) -> None:
    op = bash(bad, "true", inputs={bad: "file"}, outputs={bad: "file"}, params={bad: 1})
    found = problems_of(workflow({"n": op}, params={bad: 2}))
    where = f"operations.{bad}"
    assert f"parameters.{bad}: {name_problem(bad, 'workflow parameter name')}" in found
    assert f"{where}.name: {name_problem(bad, 'operation name')}" in found
    assert f"{where}.inputs.{bad}: {name_problem(bad, 'input name')}" in found
    assert f"{where}.outputs.{bad}: {name_problem(bad, 'output name')}" in found
    assert f"{where}.parameters.{bad}: {name_problem(bad, 'parameter name')}" in found


def test_names_following_the_rule_are_valid() -> None:
    split = python("split.v2", "pass", inputs={"data.csv": ("csv", 0, -1)},
                   outputs={"a.csv": "csv", "b-2.csv": "csv"}, params={"_seed": 0})
    assert problems_of(workflow({"1st_split-a": split, "_x": split})) == []


def test_cycles_are_refused():
    step = bash("step", "cat {{ input.x }} > {{ output.y }}", inputs={"x": "file"},
                outputs={"y": "file"})
    wf = workflow({"a": step, "b": step}, ["a.y -> b.x", "b.y -> a.x"])
    assert any("cycle" in p for p in problems_of(wf))


def test_count_ranges_and_surplus_connections():
    source = bash("source", "echo > {{ output.out }}", outputs={"out": "file"})
    many = bash("many", "cat {{ input.xs }}", inputs={"xs": ("file", 2, 3)})
    one = bash("one", "cat {{ input.x }}", inputs={"x": "file"})
    wf = workflow({"s": source, "m": many, "o": one}, ["s.out -> m.xs", "s.out -> o.x",
                                                        "s.out -> o.x"])
    found = problems_of(wf)
    assert any("nodes.m.inputs.xs: has 1 connection(s), needs 2..3" in p for p in found)
    assert any("nodes.o.inputs.x: connected twice" in p for p in found)


def test_unknown_kind_type_and_code_errors_are_reported():
    broken = python("broken", "def f(:\n  pass", outputs={"out": "nonsense"})
    odd = operation("odd", "teleport", "beam me up")
    unclosed = bash("unclosed", "echo {{ param['x'] ")
    found = problems_of(workflow({"a": broken, "b": odd, "c": unclosed}))
    joined = "\n".join(found)
    assert "unknown resource type 'nonsense'" in joined
    assert "unknown kind 'teleport'" in joined
    assert "operations.broken" in joined
    assert "operations.unclosed" in joined


def test_workflow_parameter_overrides_and_references_are_checked():
    op = bash("op", "echo {{ param['n'] }}", params={"n": 1})
    wf = workflow({"a": op}, params={"count": 2}, refs={"a": {"n": "missing"}})
    found = problems_of(wf, params={"count": "x", "other": 1})
    joined = "\n".join(found)
    assert "parameters.count" in joined and "expects int" in joined
    assert "parameters.other: unknown parameter" in joined
    assert "refers to unknown parameter ${missing}" in joined


def test_composite_inner_graph_is_validated():
    inner = bash("inner", "cat {{ input.x }} > {{ output.y }}", inputs={"x": "csv"},
                 outputs={"y": "csv"})
    box = composite("box", {"i": inner}, ["inputs.x -> i.x"], {"y": ("csv", "i.y")},
                    inputs={"x": "file"})
    found = problems_of(workflow({"b": box}))
    joined = "\n".join(found)
    assert "type mismatch: inputs.x gives file, input expects csv" in joined
    assert "nodes.b.inputs.x: has 0 connection(s)" in joined


def test_mandatory_deprecated_operations_cannot_run_but_deprecated_ones_can():
    old = bash("old", "true", status=OperationStatus.MANDATORY_DEPRECATED, version=3,
               successor="new-id")
    tired = bash("tired", "true", status=OperationStatus.DEPRECATED)
    assert problems_of(workflow({"a": old, "b": tired})) == [
        "nodes.a: old version 3 is mandatory_deprecated; upgrade to new-id"]


def test_edge_parser_keeps_dots_in_names():
    edge = parse_edge("split.a.csv -> train.data.csv")
    assert (edge.source, edge.output, edge.target, edge.input) == (
        "split", "a.csv", "train", "data.csv")
