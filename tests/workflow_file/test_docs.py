"""The examples of docs/workflow-file.md load as they are written."""

from __future__ import annotations

import re
from pathlib import Path

from plynx.artifacts.store import ArtifactStore
from plynx.workflow_file import load_workflow
from tests.workflow_file.conftest import Write

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow-file.md"

LIBRARY = """\
operations:
  train:
    kind: python
    inputs: {repo: directory, data.csv: {type: csv, max: -1}}
    outputs: {model: file}
    parameters: {epochs: 1}
  predict: {kind: python, inputs: {model: file}, outputs: {predictions: csv}}
  concat: {kind: bash_jinja2, inputs: {parts: {type: csv, max: -1}}, outputs: {out: csv}}
"""


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), re.DOTALL)


def test_the_complete_example_loads(write: Write, store: ArtifactStore) -> None:
    example = blocks("yaml")[0]
    assert example.startswith("title: Sums")
    write("ops/common.yaml", LIBRARY)
    write("ops/split.py", "pass\n")
    write("data/data.csv", "a\n1\n")
    write("scripts/train.py", "pass\n")
    workflow = load_workflow(write("sums.yaml", example), store)
    assert [n.id for n in workflow.graph.nodes] == [
        "data", "repo", "seq", "grep", "split", "model", "both",
    ]
    names = {op.name for op in workflow.operations.values()}
    assert names == {"data.csv", "scripts", "seq", "grep", "split", "train_predict", "train",
                     "predict", "concat"}


def test_the_json_example_loads(write: Write, store: ArtifactStore) -> None:
    (example,) = blocks("json")
    write("split.py", "pass\n")
    write("data.csv", "1\n")
    workflow = load_workflow(write("split.json", example), store)
    assert workflow.title == "Split"
    assert len(workflow.graph.edges) == 1
