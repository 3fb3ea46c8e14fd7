"""Loading valid workflow files: every feature of the format and how it maps to the model."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from plynx.artifacts.store import ArtifactStore
from plynx.model import COMPOSITE_INPUTS, Edge, OutputRef, ParameterType, Position, Workflow
from plynx.workflow_file import load_workflow
from tests.workflow_file.conftest import Write

SUMS = """\
title: Sums
description: Count the lines that start with 1.
parameters:
  rate: {type: float, default: 0.5}
  label: totals
operations:
  seq:
    kind: bash_jinja2
    outputs: {out: text}
    code: seq 1 20 > {{ output.out }}
  grep:
    kind: bash_jinja2
    title: Grep lines
    description: Keep matching lines.
    inputs:  {lines: text}
    outputs: {out: text}
    parameters: {pattern: {type: str, default: "^1"}}
    code: |
      grep {{ param['pattern'] }} {{ input.lines }} > {{ output.out }} || true
    cache: {enabled: true, expiry: 1h, version: 2}
    retries: {max_attempts: 3, backoff: 500ms, backoff_factor: 3}
    timeout: 30s
    env: {LANG: C, LEVEL: 3}
nodes:
  seq: {operation: seq}
  grep1:
    operation: grep
    title: First grep
    inputs: {lines: seq.out}
    params: {pattern: "^1"}
    position: {x: 10, y: -20.5}
  grep2: {operation: grep, inputs: {lines: grep1}, params: {pattern: "${label}"}}
"""


def node_op(workflow: Workflow, node_id: str):  # noqa: ANN201 - an Operation
    node = workflow.graph.node(node_id)
    assert node is not None
    return workflow.operations[node.operation]


def test_a_workflow_file_becomes_a_workflow(write: Write, store: ArtifactStore) -> None:
    workflow = load_workflow(write("sums.yaml", SUMS), store)

    assert workflow.title == "Sums"
    assert workflow.description == "Count the lines that start with 1."
    rate, label = workflow.parameters
    assert (rate.name, rate.type, rate.default) == ("rate", ParameterType.FLOAT, 0.5)
    assert (label.name, label.type, label.default) == ("label", ParameterType.STR, "totals")
    assert [n.id for n in workflow.graph.nodes] == ["seq", "grep1", "grep2"]
    assert workflow.graph.edges == [
        Edge(source="seq", output="out", target="grep1", input="lines"),
        Edge(source="grep1", output="out", target="grep2", input="lines"),
    ]
    grep1 = workflow.graph.node("grep1")
    assert grep1 is not None
    assert grep1.title == "First grep"
    assert grep1.params == {"pattern": "^1"}
    assert grep1.position == Position(x=10, y=-20.5)
    grep2 = workflow.graph.node("grep2")
    assert grep2 is not None
    assert grep2.params == {}
    assert grep2.param_refs == {"pattern": "label"}


def test_operation_fields(write: Write, store: ArtifactStore) -> None:
    workflow = load_workflow(write("sums.yaml", SUMS), store)
    grep = node_op(workflow, "grep1")

    assert (grep.name, grep.kind, grep.title) == ("grep", "bash_jinja2", "Grep lines")
    assert grep.description == "Keep matching lines."
    assert [(i.name, i.type, i.min_count, i.max_count) for i in grep.inputs] == [
        ("lines", "text", 1, 1)
    ]
    assert [(o.name, o.type) for o in grep.outputs] == [("out", "text")]
    assert [(p.name, p.type, p.default) for p in grep.parameters] == [
        ("pattern", ParameterType.STR, "^1")
    ]
    assert grep.code.startswith("grep {{ param['pattern'] }}")
    assert (grep.cache.enabled, grep.cache.expiry_seconds, grep.cache.version) == (
        True, 3600.0, "2",
    )
    assert (grep.retries.max_attempts, grep.retries.backoff_seconds) == (3, 0.5)
    assert grep.retries.backoff_factor == 3
    assert grep.timeout_seconds == 30.0
    assert grep.env == {"LANG": "C", "LEVEL": "3"}


def test_one_operation_object_per_name(write: Write, store: ArtifactStore) -> None:
    workflow = load_workflow(write("sums.yaml", SUMS), store)
    grep1, grep2 = workflow.graph.node("grep1"), workflow.graph.node("grep2")
    assert grep1 is not None and grep2 is not None
    assert grep1.operation == grep2.operation
    assert sorted(op.name for op in workflow.operations.values()) == ["grep", "seq"]
    assert all(op_id == op.id for op_id, op in workflow.operations.items())


def test_only_used_operations_are_included(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        operations:
          used: {kind: python, outputs: {out: file}}
          unused: {kind: python}
        nodes:
          a: {operation: used}
        """)
    workflow = load_workflow(path, store)
    assert [op.name for op in workflow.operations.values()] == ["used"]


def test_the_title_defaults_to_the_file_name(write: Write, store: ArtifactStore) -> None:
    workflow = load_workflow(write("my-flow.yaml", "nodes: {}\n"), store)
    assert workflow.title == "my-flow"
    assert workflow.graph.nodes == []


def test_parameter_types_are_inferred_from_defaults(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        parameters:
          s: hello
          i: 3
          f: 0.25
          b: false
          ints: [1, 2]
          strs: [a, 1]
          text: |
            line one
            line two
          nothing:
          choice: {options: [red, green], default: red, description: A colour.}
          secret: {type: str, hidden: true}
          color: {type: color, default: "#aabbcc"}
        nodes: {}
        """)
    params = {p.name: p for p in load_workflow(path, store).parameters}
    assert {name: p.type.value for name, p in params.items()} == {
        "s": "str", "i": "int", "f": "float", "b": "bool", "ints": "list_int",
        "strs": "list_str", "text": "text", "nothing": "str", "choice": "enum",
        "secret": "str", "color": "color",
    }
    assert params["strs"].default == ["a", 1]
    assert params["nothing"].default is None
    assert params["choice"].options == ["red", "green"]
    assert params["choice"].description == "A colour."
    assert params["secret"].hidden is True


def test_dotted_outputs_and_list_inputs(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        operations:
          split:
            kind: python
            inputs: {data.csv: {type: csv, min: 1, max: -1}}
            outputs: {a.csv: csv, b.csv: csv}
          train:
            kind: python
            inputs: {data.csv: {type: csv, min: 0, max: 5}}
            outputs: {model: file}
        nodes:
          split: {operation: split}
          train: {operation: train, inputs: {data.csv: [split.a.csv, split.b.csv]}}
        """)
    workflow = load_workflow(path, store)
    assert workflow.graph.edges == [
        Edge(source="split", output="a.csv", target="train", input="data.csv"),
        Edge(source="split", output="b.csv", target="train", input="data.csv"),
    ]
    split = node_op(workflow, "split")
    assert [(i.name, i.min_count, i.max_count, i.is_list) for i in split.inputs] == [
        ("data.csv", 1, -1, True)
    ]
    assert [(i.min_count, i.max_count) for i in node_op(workflow, "train").inputs] == [(0, 5)]


def test_parameter_references_and_escapes(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        parameters: {rate: 0.5}
        operations:
          op: {kind: python, parameters: {a: x, b: x, c: x, d: 1, e: [x]}}
        nodes:
          n:
            operation: op
            params: {a: "${rate}", b: "$${rate}", c: "cost: $$5 and $${x} and $", d: 7, e: [y]}
        """)
    node = load_workflow(path, store).graph.node("n")
    assert node is not None
    assert node.param_refs == {"a": "rate"}
    assert node.params == {"b": "${rate}", "c": "cost: $$5 and ${x} and $", "d": 7, "e": ["y"]}


def test_file_nodes_store_their_content(write: Write, store: ArtifactStore,
                                        tmp_path: Path) -> None:
    write("data/data.csv", "a,b\n1,2\n")
    write("data/notes", "plain\n")
    write("repo/script.sh", "echo hi\n")
    path = write("w.yaml", """\
        nodes:
          data: {file: data/data.csv}
          notes: {file: data/notes, title: Notes}
          typed: {file: data/data.csv, type: file}
          repo: {file: repo}
        """)
    workflow = load_workflow(path, store)
    data = node_op(workflow, "data")
    expected = hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert (data.kind, data.name, data.title, data.artifact) == (
        "file", "data.csv", "data/data.csv", expected,
    )
    assert [(o.name, o.type) for o in data.outputs] == [("out", "csv")]
    assert store.exists(expected)
    assert [o.type for o in node_op(workflow, "notes").outputs] == ["file"]
    assert workflow.graph.node("notes").title == "Notes"  # type: ignore[union-attr]
    assert [o.type for o in node_op(workflow, "typed").outputs] == ["file"]
    repo = node_op(workflow, "repo")
    assert [o.type for o in repo.outputs] == ["directory"]
    assert repo.artifact is not None and store.exists(repo.artifact)
    target = tmp_path / "copy"
    store.materialize(store_artifact(store, repo.artifact, directory=True), target)
    assert (target / "script.sh").read_text() == "echo hi\n"


def store_artifact(store: ArtifactStore, digest: str, directory: bool = False):  # noqa: ANN201
    from plynx.model import Artifact

    return Artifact(digest=digest, size=store.size(digest), directory=directory)


def test_a_file_operation_declared_once(write: Write, store: ArtifactStore) -> None:
    write("in.txt", "hello\n")
    path = write("w.yaml", """\
        operations:
          greeting: {kind: file, file: in.txt, title: Greeting}
          cat: {kind: bash_jinja2, inputs: {text: text}, outputs: {out: text}}
        nodes:
          g: {operation: greeting}
          c: {operation: cat, inputs: {text: g}}
        """)
    workflow = load_workflow(path, store)
    greeting = node_op(workflow, "g")
    assert greeting.artifact == hashlib.sha256(b"hello\n").hexdigest()
    assert [(o.name, o.type) for o in greeting.outputs] == [("out", "text")]
    assert workflow.graph.edges == [Edge(source="g", output="out", target="c", input="text")]


def test_code_file_is_read_relative_to_its_file(write: Write, store: ArtifactStore) -> None:
    write("ops/scripts/count.sh", "wc -l {{ input.data }}\n")
    write("ops/lib.yaml", """\
        operations:
          count: {kind: bash_jinja2, inputs: {data: file}, code_file: scripts/count.sh}
        """)
    path = write("w.yaml", "imports: [ops/lib.yaml]\nnodes: {c: {operation: count}}\n")
    assert node_op(load_workflow(path, store), "c").code == "wc -l {{ input.data }}\n"


def test_inline_operations(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        nodes:
          make:
            operation: {kind: bash_jinja2, outputs: {out: text}, code: "echo 1 > {{ output.out }}"}
          show:
            operation:
              kind: python
              inputs: {text: text}
              code: print(open(input['text']).read())
            inputs: {text: make}
        """)
    workflow = load_workflow(path, store)
    make, show = node_op(workflow, "make"), node_op(workflow, "show")
    assert (make.name, make.kind, show.name, show.kind) == ("make", "bash_jinja2", "show", "python")
    assert make.id != show.id
    assert workflow.graph.edges == [Edge(source="make", output="out", target="show", input="text")]


def test_cache_shorthand_and_zero_backoff(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        operations:
          op: {kind: python, cache: false, retries: {max_attempts: 2, backoff: 0}, timeout: 90}
        nodes: {n: {operation: op}}
        """)
    op = node_op(load_workflow(path, store), "n")
    assert op.cache.enabled is False
    assert (op.retries.max_attempts, op.retries.backoff_seconds) == (2, 0.0)
    assert op.timeout_seconds == 90.0


COMPOSITE = """\
parameters: {epochs: 5}
operations:
  train:
    kind: python
    inputs: {repo: directory, data.csv: {type: csv, max: -1}}
    outputs: {model: file}
    parameters: {epochs: 1}
  predict:
    kind: python
    inputs: {model: file, data.csv: csv}
    outputs: {predictions: csv, report.txt: text}
  train_predict:
    kind: composite
    title: Train and predict
    inputs: {repo: directory, train: csv}
    outputs:
      predictions: {type: csv, from: predict.predictions}
      report: {from: predict.report.txt}
    parameters: {epochs: 3}
    nodes:
      fit:
        operation: train
        inputs: {repo: inputs.repo, data.csv: inputs.train}
        params: {epochs: "${epochs}"}
      predict: {operation: predict, inputs: {model: fit.model, data.csv: inputs.train}}
nodes:
  repo: {file: repo}
  data: {file: data.csv}
  tp: {operation: train_predict, inputs: {repo: repo, train: data}, params: {epochs: "${epochs}"}}
"""


def test_composite_operations(write: Write, store: ArtifactStore) -> None:
    write("repo/README", "x\n")
    write("data.csv", "a\n1\n")
    workflow = load_workflow(write("w.yaml", COMPOSITE), store)
    composite = node_op(workflow, "tp")
    assert (composite.kind, composite.title) == ("composite", "Train and predict")
    assert [(o.name, o.type) for o in composite.outputs] == [
        ("predictions", "csv"), ("report", "text"),
    ]
    graph = composite.graph
    assert graph is not None
    assert [n.id for n in graph.nodes] == ["fit", "predict"]
    assert graph.edges == [
        Edge(source=COMPOSITE_INPUTS, output="repo", target="fit", input="repo"),
        Edge(source=COMPOSITE_INPUTS, output="train", target="fit", input="data.csv"),
        Edge(source="fit", output="model", target="predict", input="model"),
        Edge(source=COMPOSITE_INPUTS, output="train", target="predict", input="data.csv"),
    ]
    assert graph.outputs == {
        "predictions": OutputRef(node="predict", output="predictions"),
        "report": OutputRef(node="predict", output="report.txt"),
    }
    fit = graph.node("fit")
    assert fit is not None and fit.param_refs == {"epochs": "epochs"}
    names = sorted(op.name for op in workflow.operations.values())
    assert names == ["data.csv", "predict", "repo", "train", "train_predict"]
    assert workflow.operations[fit.operation].name == "train"


def test_composites_may_use_composites(write: Write, store: ArtifactStore) -> None:
    path = write("w.yaml", """\
        operations:
          leaf: {kind: python, outputs: {out: text}}
          inner: {nodes: {l: {operation: leaf}}, outputs: {out: {from: l.out}}}
          outer:
            kind: composite
            nodes: {i: {operation: inner}}
            outputs: {out: {type: file, from: i.out}}
        nodes: {o: {operation: outer}}
        """)
    workflow = load_workflow(path, store)
    assert sorted(op.name for op in workflow.operations.values()) == ["inner", "leaf", "outer"]
    inner = next(op for op in workflow.operations.values() if op.name == "inner")
    assert inner.kind == "composite"
    assert [(o.name, o.type) for o in inner.outputs] == [("out", "text")]


def test_imports_nested_and_shared(write: Write, store: ArtifactStore) -> None:
    write("ops/base.yaml", "operations:\n  base: {kind: python, outputs: {out: file}}\n")
    write("ops/a.yaml", """\
        title: A library
        description: Operations of team A.
        imports: [base.yaml]
        operations:
          a: {nodes: {b: {operation: base}}, outputs: {out: {from: b.out}}}
        """)
    write("ops/b.yaml", "imports: [base.yaml]\noperations:\n  b: {kind: python}\n")
    path = write("w.yaml", """\
        imports: [ops/a.yaml, ops/b.yaml]
        nodes:
          x: {operation: a}
          y: {operation: b}
          z: {operation: base}
        """)
    workflow = load_workflow(path, store)
    assert sorted(op.name for op in workflow.operations.values()) == ["a", "b", "base"]


def test_the_json_variant(write: Write, store: ArtifactStore) -> None:
    write("data.csv", "1\n")
    document = {
        "title": "JSON",
        "parameters": {"rate": {"type": "float", "default": 0.5}},
        "operations": {
            "split": {"kind": "python", "inputs": {"data.csv": {"type": "csv", "max": -1}},
                      "outputs": {"a.csv": "csv"}, "parameters": {"rate": 0.1},
                      "timeout": "5m"},
        },
        "nodes": {
            "data": {"file": "data.csv"},
            "split": {"operation": "split", "inputs": {"data.csv": ["data.out"]},
                      "params": {"rate": "${rate}"}},
        },
    }
    workflow = load_workflow(write("w.json", json.dumps(document)), store)
    assert workflow.title == "JSON"
    assert workflow.graph.edges == [
        Edge(source="data", output="out", target="split", input="data.csv")
    ]
    assert node_op(workflow, "split").timeout_seconds == 300
    assert workflow.graph.node("split").param_refs == {"rate": "rate"}  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", [".yml", ".YAML"])
def test_yaml_suffixes(write: Write, store: ArtifactStore, suffix: str) -> None:
    assert load_workflow(write(f"w{suffix}", "nodes: {}\n"), store).graph.nodes == []


def test_loading_twice_gives_equal_graphs(write: Write, store: ArtifactStore) -> None:
    path = write("sums.yaml", SUMS)
    first, second = load_workflow(path, store), load_workflow(str(path), store)
    assert [n.id for n in first.graph.nodes] == [n.id for n in second.graph.nodes]
    assert first.graph.edges == second.graph.edges
