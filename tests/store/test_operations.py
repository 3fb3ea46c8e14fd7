"""Operations: round trips, immutability once published, listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from plynx.errors import Conflict, InvalidInput, NotFound
from plynx.model import (
    CachePolicy,
    Edge,
    Graph,
    Input,
    Node,
    Operation,
    OperationStatus,
    Output,
    OutputRef,
    Parameter,
    ParameterType,
    RetryPolicy,
)
from plynx.store import MetadataStore


def bash_op(**changes: object) -> Operation:
    """An operation with every field away from its default."""
    values: dict[str, object] = {
        "name": "split",
        "version": 3,
        "title": "Split a table",
        "description": "Splits rows into parts.",
        "kind": "bash_jinja2",
        "inputs": [Input(name="data.csv", type="csv", min_count=1, max_count=-1)],
        "outputs": [Output(name="out", type="directory")],
        "parameters": [
            Parameter(name="n", type=ParameterType.INT, default=2),
            Parameter(name="mode", type=ParameterType.ENUM, default="a", options=["a", "b"]),
        ],
        "code": "split -n {{ param['n'] }} {{ input['data.csv'] }} {{ output.out }}",
        "cache": CachePolicy(enabled=False, expiry_seconds=60.5, version="7"),
        "retries": RetryPolicy(max_attempts=3, backoff_seconds=0.5),
        "timeout_seconds": 12.0,
        "env": {"image": "sha256:abc"},
        "author": "ada",
    }
    values.update(changes)
    return Operation.model_validate(values)


def test_round_trip_keeps_every_field(store: MetadataStore) -> None:
    op = bash_op()
    saved = store.save_operation(op)
    assert saved.created_at is not None and saved.created_at.tzinfo is not None
    assert store.get_operation(op.id) == saved
    assert saved.model_copy(update={"created_at": None}) == op


def test_round_trip_of_composite_and_file_operations(store: MetadataStore) -> None:
    inner = store.save_operation(bash_op(status=OperationStatus.PUBLISHED))
    graph = Graph(
        nodes=[Node(id="s", operation=inner.id, params={"n": 4}, param_refs={"mode": "m"})],
        edges=[Edge(source="inputs", output="table", target="s", input="data.csv")],
        outputs={"parts": OutputRef(node="s", output="out")},
    )
    composite = Operation(name="composite", kind="composite", graph=graph)
    file_op = Operation(name="data", kind="file", outputs=[Output(name="out")], artifact="a" * 64)
    for op in (composite, file_op):
        store.save_operation(op)
        assert store.get_operation(op.id).model_dump(exclude={"created_at"}) == op.model_dump(
            exclude={"created_at"}
        )


def test_created_at_is_kept_in_utc(store: MetadataStore) -> None:
    moment = datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=2)))
    saved = store.save_operation(bash_op(created_at=moment))
    loaded = store.get_operation(saved.id)
    assert loaded.created_at == moment
    assert loaded.created_at is not None and loaded.created_at.utcoffset() == timedelta(0)
    again = store.save_operation(loaded.model_copy(update={"created_at": None, "code": "x"}))
    assert again.created_at == moment  # set once, on the first save


def test_missing_operation_is_not_found(store: MetadataStore) -> None:
    with pytest.raises(NotFound, match="nope"):
        store.get_operation("nope")


def test_drafts_change_freely(store: MetadataStore) -> None:
    op = store.save_operation(bash_op())
    store.save_operation(op.model_copy(update={"code": "echo changed", "title": "New"}))
    assert store.get_operation(op.id).code == "echo changed"


@pytest.mark.parametrize("status", [OperationStatus.PUBLISHED, OperationStatus.DEPRECATED])
def test_published_content_is_immutable(store: MetadataStore, status: OperationStatus) -> None:
    op = store.save_operation(bash_op(status=status))
    changes = [
        {"code": "echo changed"},
        {"parameters": []},
        {"inputs": [Input(name="other")]},
        {"cache": CachePolicy(version="8")},
        {"env": {}},
    ]
    for change in changes:
        with pytest.raises(Conflict, match="content cannot change"):
            store.save_operation(op.model_copy(update=change))
    with pytest.raises(Conflict, match="cannot return to draft"):
        store.save_operation(op.model_copy(update={"status": OperationStatus.DRAFT}))
    assert store.get_operation(op.id) == op


def test_published_status_and_successor_may_change(store: MetadataStore) -> None:
    op = store.save_operation(bash_op(status=OperationStatus.PUBLISHED))
    store.save_operation(op)  # saving unchanged content is fine
    successor = store.save_operation(bash_op(version=4, status=OperationStatus.PUBLISHED))
    deprecated = op.model_copy(
        update={"status": OperationStatus.MANDATORY_DEPRECATED, "successor": successor.id}
    )
    store.save_operation(deprecated)
    loaded = store.get_operation(op.id)
    assert loaded.status is OperationStatus.MANDATORY_DEPRECATED
    assert loaded.successor == successor.id
    assert loaded.created_at == op.created_at


def test_list_filters_by_name_and_status_in_name_version_order(store: MetadataStore) -> None:
    t = datetime(2024, 1, 1, tzinfo=UTC)
    ops = [
        bash_op(name="b", version=2, status=OperationStatus.PUBLISHED, created_at=t),
        bash_op(name="a", version=1, status=OperationStatus.DEPRECATED, created_at=t),
        bash_op(name="b", version=1, status=OperationStatus.PUBLISHED, created_at=t),
        bash_op(name="b", version=3, created_at=t),
    ]
    for op in ops:
        store.save_operation(op)

    def keys(found: list[Operation]) -> list[tuple[str, int]]:
        return [(op.name, op.version) for op in found]

    assert keys(store.list_operations()) == [("a", 1), ("b", 1), ("b", 2), ("b", 3)]
    assert keys(store.list_operations(name="b")) == [("b", 1), ("b", 2), ("b", 3)]
    assert keys(store.list_operations(status=OperationStatus.PUBLISHED)) == [("b", 1), ("b", 2)]
    assert keys(store.list_operations(name="a", status=OperationStatus.DRAFT)) == []
    assert store.list_operations(name="zzz") == []


def test_listing_by_an_unknown_status_is_refused(store: MetadataStore) -> None:
    with pytest.raises(InvalidInput, match="unknown operation status"):
        store.list_operations(status="bogus")  # type: ignore[arg-type]
