"""Warnings of workflows: doubts that never stop a run, located at their operation."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.artifacts import ArtifactStore
from plynx.graph.warnings import workflow_warnings
from plynx.model import Workflow
from plynx.plugins import get_registry
from plynx.server.demo import demo_operations
from plynx.workflow_file import load_workflow
from tests.factories import bash, workflow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_warnings_name_the_operation_and_keep_the_line() -> None:
    quoted = bash("say", "echo ok\necho '{{ param.text }}'", params={"text": "hi"})
    unknown = bash("odd", "echo \"{{ param.text }}\"", params={"text": "hi"}).model_copy(
        update={"kind": "nope"})

    warnings = workflow_warnings(workflow({"s": quoted, "o": unknown}), get_registry())

    assert [(w.where, w.line) for w in warnings] == [("operations.say.code", 2)]
    assert "is inside single quotes" in warnings[0].message


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/workflow.yaml")),
                         ids=lambda path: path.parent.name)
def test_the_examples_have_no_warnings(path: Path, tmp_path: Path) -> None:
    loaded = load_workflow(path, ArtifactStore(str(tmp_path / "artifacts")))
    assert workflow_warnings(loaded, get_registry()) == []


def test_the_demo_operations_and_the_seed_git_example_have_no_warnings() -> None:
    operations = demo_operations()
    assert operations["git_checkout"].title == "Git - checkout directory"
    demo = Workflow(title="demo", operations={op.id: op for op in operations.values()})
    assert workflow_warnings(demo, get_registry()) == []
