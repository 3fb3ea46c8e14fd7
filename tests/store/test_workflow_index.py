"""Listing, searching, archiving and deleting workflows."""

from __future__ import annotations

import pytest

from plynx.errors import NotFound
from plynx.model import Graph, Node, Operation, Run, Workflow
from plynx.store import MetadataStore
from plynx.store.workflow_index import WorkflowIndex


def save(store: MetadataStore, title: str, description: str = "", author: str = "ada",
         nodes: int = 0) -> Workflow:
    op = Operation(name="op", kind="python")
    graph = Graph(nodes=[Node(id=f"n{i}", operation=op.id) for i in range(nodes)])
    return store.save_workflow(Workflow(title=title, description=description, author=author,
                                        graph=graph, operations={op.id: op} if nodes else {}))


def titles(found: tuple[list, int]) -> list[str]:
    return [record.title for record in found[0]]


def test_search_by_words_author_and_visibility(store: MetadataStore) -> None:
    index = WorkflowIndex(store.engine)
    save(store, "Train ResNet", "on images", author="ada")
    save(store, "Clean rows", "drop 100% empty_rows", author="bob")
    save(store, "Train again", author="bob")

    assert titles(index.search()) == ["Train again", "Clean rows", "Train ResNet"]
    assert titles(index.search(q="train")) == ["Train again", "Train ResNet"]
    assert titles(index.search(q="IMAGES train")) == ["Train ResNet"]
    assert titles(index.search(q="100%")) == ["Clean rows"]
    assert titles(index.search(q="_")) == ["Clean rows"]  # no LIKE wildcards
    assert titles(index.search(author="bob")) == ["Train again", "Clean rows"]
    assert titles(index.search(visible_to="ada")) == ["Train ResNet"]
    assert titles(index.search(visible_to="ada", author="bob")) == []


def test_records_carry_description_and_node_count_and_pages_count_all(
        store: MetadataStore) -> None:
    index = WorkflowIndex(store.engine)
    for i in range(5):
        save(store, f"w{i}", description=f"about {i}", nodes=i)

    records, total = index.search(offset=1, limit=2)

    assert total == 5
    assert [(r.title, r.description, r.node_count) for r in records] == [
        ("w3", "about 3", 3), ("w2", "about 2", 2)]
    assert records[0].created_at.tzinfo is not None and records[0].archived is False


def test_archived_workflows_are_listed_only_on_request(store: MetadataStore) -> None:
    index = WorkflowIndex(store.engine)
    kept, hidden = save(store, "kept"), save(store, "hidden")

    index.set_archived(hidden.id, True)

    assert titles(index.search()) == ["kept"]
    assert titles(index.search(include_archived=True)) == ["hidden", "kept"]
    assert index.get(hidden.id).archived is True
    store.save_workflow(store.get_workflow(hidden.id))  # saving keeps the flag
    assert index.get(hidden.id).archived is True
    index.set_archived(hidden.id, False)
    assert index.get(hidden.id).archived is False and index.get(kept.id).workflow == kept


def test_delete_removes_the_workflow_but_not_its_runs(store: MetadataStore) -> None:
    index = WorkflowIndex(store.engine)
    wf = save(store, "gone")
    run = Run(workflow_id=wf.id, workflow=wf)
    store.create_run(run, [])

    index.delete(wf.id)

    with pytest.raises(NotFound):
        store.get_workflow(wf.id)
    assert store.get_run(run.id).workflow.title == "gone"


def test_unknown_workflows_are_not_found(store: MetadataStore) -> None:
    index = WorkflowIndex(store.engine)
    for call in (lambda: index.get("nope"), lambda: index.delete("nope"),
                 lambda: index.set_archived("nope", True)):
        with pytest.raises(NotFound, match="nope"):
            call()


def test_operations_are_read_in_bulk(store: MetadataStore) -> None:
    index = WorkflowIndex(store.engine)
    ops = [store.save_operation(Operation(name=f"op{i}", kind="python")) for i in range(3)]

    found = index.operations([ops[0].id, ops[2].id, "unknown", ops[0].id])

    assert found == {ops[0].id: ops[0], ops[2].id: ops[2]}
    assert index.operations([]) == {}
