"""Composites are flattened into one plan; parameters resolve through every level."""

from __future__ import annotations

from plynx.graph import build_plan
from tests.factories import bash, composite, workflow


def _step(name: str) -> object:
    return bash(name, "cat {{ input.x }} > {{ output.y }}", inputs={"x": "file"},
                outputs={"y": "file"}, params={"n": 0})


def test_nested_composites_are_flattened_and_rewired():
    source = bash("source", "echo hi > {{ output.out }}", outputs={"out": "file"})
    inner = composite("inner", {"s": _step("s")}, ["inputs.x -> s.x"], {"y": ("file", "s.y")},
                      inputs={"x": "file"})
    outer = composite("outer", {"a": _step("a"), "in": inner},
                      ["inputs.x -> a.x", "a.y -> in.x"], {"y": ("file", "in.y")},
                      inputs={"x": "file"})
    sink = _step("sink")
    plan = build_plan(workflow({"src": source, "box": outer, "sink": sink},
                               ["src.out -> box.x", "box.y -> sink.x"]))
    assert set(plan.nodes) == {"src", "box/a", "box/in/s", "sink"}
    assert plan.nodes["box/a"].inputs == {"x": [("src", "out")]}
    assert plan.nodes["box/in/s"].inputs == {"x": [("box/a", "y")]}
    assert plan.nodes["sink"].inputs == {"x": [("box/in/s", "y")]}
    assert plan.groups["box"].outputs == {"y": ("box/in/s", "y")}
    assert plan.leaves_of("box") == ["box/a", "box/in/s"]
    assert plan.nodes["src"].dependents == {"box/a"}


def test_list_inputs_keep_edge_order_through_composites():
    one = bash("one", "echo 1 > {{ output.out }}", outputs={"out": "file"})
    gather = bash("gather", "cat {{ input.xs }}", inputs={"xs": ("file", 1, -1)})
    box = composite("box", {"g": gather}, ["inputs.xs -> g.xs"], {},
                    inputs={"xs": ("file", 1, -1)})
    plan = build_plan(workflow({"a": one, "b": one, "c": one, "box": box},
                               ["c.out -> box.xs", "a.out -> box.xs", "b.out -> box.xs"]))
    assert plan.nodes["box/g"].inputs["xs"] == [("c", "out"), ("a", "out"), ("b", "out")]


def test_parameters_resolve_from_workflow_and_composite_scopes():
    leaf = bash("leaf", "echo", params={"n": 0, "label": "x"})
    box = composite("box", {"l": leaf}, [], {}, params={"size": 5})
    box.graph.nodes[0].param_refs = {"n": "size"}
    wf = workflow({"box": box, "top": leaf}, params={"count": 3},
                  refs={"top": {"n": "count"}, "box": {"size": "count"}},
                  node_params={"top": {"label": "hello"}})
    plan = build_plan(wf, params={"count": "7"})
    assert plan.nodes["top"].params == {"n": 7, "label": "hello"}
    assert plan.nodes["box/l"].params == {"n": 7, "label": "x"}
