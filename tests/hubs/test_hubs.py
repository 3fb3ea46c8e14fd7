"""Hubs list and search operations: from the metadata store and from files."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.artifacts import ArtifactStore
from plynx.errors import ConfigError
from plynx.hubs import DatabaseHub, StaticHub
from plynx.model import OperationStatus
from plynx.store import MetadataStore
from tests.factories import bash

OPERATIONS = """\
title: Text tools
operations:
  grep:
    kind: bash_jinja2
    description: Lines matching a pattern
    inputs: {lines: text}
    outputs: {matches: text}
    code: grep x {{ input.lines }} > {{ output.matches }}
  count:
    kind: python
    description: Number of lines
    inputs: {lines: text}
    outputs: {n: int}
    code: output['n'] = len(open(input['lines']).readlines())
  words:
    kind: file
    file: words.txt
"""


@pytest.fixture
def store(tmp_path: Path):
    with MetadataStore(f"sqlite:///{tmp_path / 'hub.db'}") as store:
        store.upgrade()
        yield store


def test_database_hub_lists_the_newest_published_version(store):
    v1 = bash("grep", "grep a", status=OperationStatus.PUBLISHED, version=1)
    v2 = bash("grep", "grep b", status=OperationStatus.PUBLISHED, version=2)
    draft = bash("draft", "true")
    for op in (v1, v2, draft):
        store.save_operation(op)
    assert [(op.name, op.version) for op in DatabaseHub(store).operations()] == [("grep", 2)]


def test_static_hub_reads_operations_files(tmp_path: Path):
    (tmp_path / "words.txt").write_text("alpha\nbeta\n")
    path = tmp_path / "tools.yaml"
    path.write_text(OPERATIONS)
    artifacts = ArtifactStore(str(tmp_path / "artifacts"))
    hub = StaticHub(paths=[path], artifacts=artifacts)
    names = [op.name for op in hub.operations()]
    assert names == ["count", "grep", "words"]
    words = next(op for op in hub.operations() if op.name == "words")
    with artifacts.open(words.artifact) as handle:
        assert handle.read() == b"alpha\nbeta\n"
    assert [op.name for op in hub.search("lines")] == ["count", "grep"]
    assert [op.name for op in hub.search(output_type="int")] == ["count"]
    assert [op.name for op in hub.search("MATCHING", input_type="text")] == ["grep"]


def test_static_hub_of_files_needs_an_artifact_store(tmp_path: Path):
    with pytest.raises(ConfigError, match="needs an artifact store"):
        StaticHub(paths=[tmp_path / "tools.yaml"]).operations()


def test_static_hub_of_given_operations():
    hub = StaticHub(operations=[bash("b", "true"), bash("a", "true")])
    assert [op.name for op in hub.operations()] == ["a", "b"]
