"""Workflows: round trips with embedded operations, timestamps, listing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from plynx.errors import NotFound
from plynx.model import Edge, Graph, Node, Operation, Output, Parameter, Position, Workflow
from plynx.store import MetadataStore


def workflow(title: str = "pipeline") -> Workflow:
    data = Operation(name="data", kind="file", outputs=[Output(name="out")], artifact="d" * 64)
    count = Operation(name="count", kind="python", code="print(1)")
    return Workflow(
        title=title,
        description="counts lines",
        parameters=[Parameter(name="limit", default="10")],
        graph=Graph(
            nodes=[
                Node(id="data", operation=data.id, position=Position(x=1.5, y=-2)),
                Node(id="count", operation=count.id, params={"k": [1, 2]}, title="Count"),
            ],
            edges=[Edge(source="data", output="out", target="count", input="in")],
        ),
        operations={data.id: data, count.id: count},
        author="grace",
    )


def test_round_trip(store: MetadataStore) -> None:
    wf = workflow()
    saved = store.save_workflow(wf)
    assert saved.created_at is not None and saved.updated_at is not None
    assert saved.created_at.tzinfo is not None
    assert store.get_workflow(wf.id) == saved
    assert saved.model_copy(update={"created_at": None, "updated_at": None}) == wf


def test_saving_again_keeps_created_at_and_moves_updated_at(store: MetadataStore) -> None:
    created = datetime(2020, 1, 1, tzinfo=UTC)
    first = store.save_workflow(workflow().model_copy(update={"created_at": created}))
    second = store.save_workflow(first.model_copy(update={"title": "renamed", "created_at": None}))
    loaded = store.get_workflow(first.id)
    assert loaded.title == "renamed"
    assert loaded.created_at == created == second.created_at
    assert loaded.updated_at is not None and first.updated_at is not None
    assert loaded.updated_at >= first.updated_at


def test_missing_workflow_is_not_found(store: MetadataStore) -> None:
    with pytest.raises(NotFound, match="nope"):
        store.get_workflow("nope")


def test_list_shows_the_most_recently_updated_first(store: MetadataStore) -> None:
    a = store.save_workflow(workflow("a"))
    b = store.save_workflow(workflow("b"))
    store.save_workflow(a)
    assert [wf.id for wf in store.list_workflows()] == [a.id, b.id]
