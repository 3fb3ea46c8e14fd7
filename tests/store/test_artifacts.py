"""Artifacts: recording, listing, deleting, and what garbage collection must keep."""

from __future__ import annotations

from datetime import UTC, datetime

from plynx.model import (
    Artifact,
    CacheEntry,
    Node,
    NodeState,
    Operation,
    Output,
    Run,
    Status,
    Workflow,
)
from plynx.store import MetadataStore
from plynx.store.artifact_index import ArtifactIndex


def digest(char: str) -> str:
    return char * 64


def file_op(char: str) -> Operation:
    return Operation(name="data", kind="file", outputs=[Output(name="out")], artifact=digest(char))


def output_state(node_id: str, *chars: str) -> NodeState:
    outputs = {f"o{i}": Artifact(digest=digest(c), size=1) for i, c in enumerate(chars)}
    return NodeState(node_id=node_id, operation="op", status=Status.SUCCEEDED, outputs=outputs)


def workflow_with(op: Operation) -> Workflow:
    return Workflow(graph={"nodes": [Node(id="f", operation=op.id)]}, operations={op.id: op})


def test_record_ignores_known_digests(store: MetadataStore) -> None:
    a = Artifact(digest=digest("a"), size=3)
    b = Artifact(digest=digest("b"), size=2**40, directory=True)
    store.record_artifacts([a, b])
    store.record_artifacts([Artifact(digest=digest("a"), size=999), a])
    store.record_artifacts([])
    assert store.list_artifacts() == [a, b]


def test_delete_forgets_only_the_given_digests(store: MetadataStore) -> None:
    artifacts = [Artifact(digest=f"{i:064x}", size=i) for i in range(1100)]
    store.record_artifacts(artifacts)
    store.delete_artifacts(a.digest for a in artifacts[:1050])
    store.delete_artifacts([digest("f"), artifacts[1099].digest])
    store.delete_artifacts([])
    assert store.list_artifacts() == artifacts[1050:1099]


def test_referenced_digests_follow_the_garbage_collection_rules(store: MetadataStore) -> None:
    t = datetime(2024, 1, 1, tzinfo=UTC)
    store.put_cache_entry(
        CacheEntry(
            key="k",
            outputs={"out": Artifact(digest=digest("1"), size=1)},
            run_id="r",
            node_id="n",
            operation_id="op",
            created_at=t,
        )
    )
    kept = Run(workflow=workflow_with(file_op("2")), status=Status.SUCCEEDED, keep=True)
    running = Run(workflow=workflow_with(file_op("3")), status=Status.RUNNING)
    done = Run(workflow=workflow_with(file_op("9")), status=Status.SUCCEEDED)
    failed = Run(workflow=Workflow(), status=Status.FAILED)
    store.create_run(kept, [output_state("a", "4")])
    store.create_run(running, [output_state("a", "5", "6"), NodeState(node_id="b", operation="op")])
    store.create_run(done, [output_state("a", "a")])
    store.create_run(failed, [output_state("a", "b")])
    store.save_operation(file_op("7"))
    store.save_operation(Operation(name="echo", kind="bash_jinja2"))
    store.save_workflow(workflow_with(file_op("8")))
    ArtifactIndex(store.engine).record_upload(Artifact(digest=digest("c"), size=1), "x.csv", "ann")

    expected = {digest(c) for c in "12345678c"}
    assert store.referenced_digests() == expected

    store.update_run(running.id, status=Status.CANCELED)
    store.update_run(done.id, keep=True)
    assert store.referenced_digests() == expected - {digest(c) for c in "356"} | {
        digest("9"),
        digest("a"),
    }


def test_nothing_is_referenced_in_an_empty_store(store: MetadataStore) -> None:
    assert store.referenced_digests() == set()
