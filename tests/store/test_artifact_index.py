"""Uploads, the nodes that produced an artifact, and who may read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from plynx.model import Artifact, Node, NodeState, Operation, Run, Status, Workflow
from plynx.store import MetadataStore
from plynx.store.artifact_index import ArtifactIndex, Viewer

T0 = datetime(2024, 5, 17, 12, 0, tzinfo=UTC)
DIGEST = "d" * 64
OTHER = "e" * 64


@pytest.fixture
def index(store: MetadataStore) -> ArtifactIndex:
    return ArtifactIndex(store.engine)


def file_operation(digest: str, author: str = "alice") -> Operation:
    return Operation(name="data.csv", kind="file", artifact=digest, author=author,
                     outputs=[{"name": "out", "type": "csv"}])


def add_run(store: MetadataStore, author: str, outputs: dict[str, Artifact], minute: int = 0,
            embedded: Operation | None = None) -> Run:
    op = Operation(name="make", kind="bash_jinja2", author=author)
    operations = {op.id: op, **({embedded.id: embedded} if embedded else {})}
    wf = Workflow(graph={"nodes": [Node(id="a", operation=op.id)]}, operations=operations,
                  author=author)
    run = Run(workflow=wf, author=author, status=Status.SUCCEEDED,
              created_at=T0 + timedelta(minutes=minute))
    store.create_run(run, [NodeState(node_id="a", operation=op.id, status=Status.SUCCEEDED,
                                     outputs=outputs)])
    return run


def test_uploads_are_recorded_with_their_artifact(index: ArtifactIndex) -> None:
    artifact = Artifact(digest=DIGEST, size=12)
    first = index.record_upload(artifact, "a.csv", "alice")
    index.record_upload(artifact, "b.csv", "bob")
    assert {u.filename for u in index.uploads(DIGEST)} == {"a.csv", "b.csv"}
    assert [u.id for u in index.uploads(DIGEST, author="alice")] == [first.id]
    assert index.uploads(OTHER) == []
    assert index.known_artifact(DIGEST) == artifact
    assert index.known_artifact(OTHER) is None


def test_producers_are_node_outputs_holding_the_digest(store: MetadataStore,
                                                       index: ArtifactIndex) -> None:
    older = add_run(store, "alice", {"out": Artifact(digest=DIGEST, size=3)}, minute=0)
    newer = add_run(store, "bob", {"x": Artifact(digest=OTHER, size=1),
                                   "y": Artifact(digest=DIGEST, size=3)}, minute=1)
    # an output *named* like the digest does not hold it
    add_run(store, "carol", {DIGEST: Artifact(digest=OTHER, size=1)}, minute=2)

    found = index.producers(DIGEST)
    assert [(p.run_id, p.node_id, p.output) for p in found] == [
        (newer.id, "a", "y"), (older.id, "a", "out")]
    assert found[0].run_author == "bob" and found[0].status is Status.SUCCEEDED
    assert [p.run_id for p in index.producers(DIGEST, run_author="alice")] == [older.id]
    assert len(index.producers(DIGEST, limit=1)) == 1
    assert index.producers("not a digest") == []


def test_operations_providing_an_artifact(store: MetadataStore, index: ArtifactIndex) -> None:
    mine = store.save_operation(file_operation(DIGEST, "alice"))
    store.save_operation(file_operation(DIGEST, "bob"))
    assert len(index.operations(DIGEST)) == 2
    assert [op.id for op in index.operations(DIGEST, author="alice")] == [mine.id]


def test_an_artifact_nobody_refers_to_is_invisible(index: ArtifactIndex) -> None:
    assert not index.is_visible(DIGEST, Viewer("alice", True, True, True))
    assert not index.is_visible("../etc", Viewer("alice", True, True, True))


def test_own_uploads_are_visible_others_need_the_flag(index: ArtifactIndex) -> None:
    index.record_upload(Artifact(digest=DIGEST, size=1), "a.txt", "bob")
    assert index.is_visible(DIGEST, Viewer("bob"))
    assert not index.is_visible(DIGEST, Viewer("alice"))
    assert index.is_visible(DIGEST, Viewer("alice", others_uploads=True))


def test_run_outputs_are_as_visible_as_their_run(store: MetadataStore,
                                                 index: ArtifactIndex) -> None:
    add_run(store, "bob", {"out": Artifact(digest=DIGEST, size=1)})
    assert index.is_visible(DIGEST, Viewer("bob"))
    assert not index.is_visible(DIGEST, Viewer("alice", others_operations=True))
    assert index.is_visible(DIGEST, Viewer("alice", others_runs=True))


def test_operation_artifacts_are_as_visible_as_the_operation(store: MetadataStore,
                                                             index: ArtifactIndex) -> None:
    store.save_operation(file_operation(DIGEST, "bob"))
    assert index.is_visible(DIGEST, Viewer("bob"))
    assert not index.is_visible(DIGEST, Viewer("alice", others_runs=True))
    assert index.is_visible(DIGEST, Viewer("alice", others_operations=True))


def test_files_embedded_in_workflows_and_runs_are_visible_with_them(
        store: MetadataStore, index: ArtifactIndex) -> None:
    embedded = file_operation(DIGEST, "bob")
    wf = Workflow(graph={"nodes": [Node(id="f", operation=embedded.id)]},
                  operations={embedded.id: embedded}, author="bob")
    store.save_workflow(wf)
    assert index.is_visible(DIGEST, Viewer("bob"))
    assert not index.is_visible(DIGEST, Viewer("alice"))
    assert index.is_visible(DIGEST, Viewer("alice", others_runs=True))

    embedded_too = file_operation(OTHER, "carol")
    add_run(store, "carol", {}, embedded=embedded_too)
    assert index.is_visible(OTHER, Viewer("carol"))
    assert not index.is_visible(OTHER, Viewer("alice"))
