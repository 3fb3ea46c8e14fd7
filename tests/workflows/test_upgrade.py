"""Which operations a workflow needs, and upgrading nodes to the newest versions."""

from __future__ import annotations

from plynx.model import Operation, OperationStatus, Workflow
from plynx.workflows.upgrade import newest_version, resolve_operations, upgrade_workflow
from tests.factories import bash, composite, workflow

PUBLISHED, DEPRECATED = OperationStatus.PUBLISHED, OperationStatus.DEPRECATED


def version(op: Operation, number: int, status: OperationStatus = PUBLISHED,
            **fields: object) -> Operation:
    return op.model_copy(update={"id": f"{op.name}-v{number}", "version": number,
                                 "status": status, **fields})


class Catalog:
    """Operations by id and by name, as a store would give them."""

    def __init__(self, *ops: Operation) -> None:
        self.ops = {op.id: op for op in ops}

    def find(self, op_id: str) -> Operation | None:
        return self.ops.get(op_id)

    def versions(self, name: str) -> list[Operation]:
        return sorted((op for op in self.ops.values() if op.name == name),
                      key=lambda op: op.version)


BASE = bash("count", "wc {{ param['flags'] }} {{ input.rows }} > {{ output.n }}",
            inputs={"rows": "text"}, outputs={"n": "text"}, params={"flags": "-l", "old": 1})
SOURCE = bash("source", "echo > {{ output.out }}", outputs={"out": "text"})


def test_successors_are_followed_then_the_newest_published_version_wins() -> None:
    v1 = version(BASE, 1, DEPRECATED, successor="count-v2")
    v2 = version(BASE, 2, DEPRECATED, successor="count-v3")
    v3, v4 = version(BASE, 3), version(BASE, 4)
    catalog = Catalog(v1, v2, v3, v4, version(BASE, 5, OperationStatus.DRAFT))

    assert newest_version(v1, catalog.find, catalog.versions) == v4
    assert newest_version(v4, catalog.find, catalog.versions) == v4


def test_successors_may_have_another_name_and_drafts_stay() -> None:
    renamed = version(SOURCE, 1)
    old = version(BASE, 1, DEPRECATED, successor=renamed.id)
    draft = version(BASE, 7, OperationStatus.DRAFT)
    catalog = Catalog(old, renamed, draft, version(BASE, 2))

    assert newest_version(old, catalog.find, catalog.versions) == renamed
    assert newest_version(draft, catalog.find, catalog.versions) == draft


def test_a_deprecated_version_without_successor_moves_to_the_newest_published() -> None:
    v1, v2 = version(BASE, 1), version(BASE, 2, DEPRECATED)
    catalog = Catalog(v1, v2)

    assert newest_version(v2, catalog.find, catalog.versions) == v1
    lonely = version(SOURCE, 1, DEPRECATED)
    assert newest_version(lonely, Catalog(lonely).find, Catalog(lonely).versions) == lonely


def test_successor_cycles_end() -> None:
    a = version(BASE, 1, DEPRECATED, successor="count-v2")
    b = version(BASE, 2, DEPRECATED, successor="count-v1")
    catalog = Catalog(a, b)

    assert newest_version(a, catalog.find, catalog.versions) == b


def test_upgrade_keeps_values_and_edges_that_still_fit() -> None:
    v1 = version(BASE, 1)
    v2 = version(BASE, 2, parameters=[p for p in BASE.parameters if p.name == "flags"],
                 inputs=[])
    source = version(SOURCE, 1)
    catalog = Catalog(v1, v2, source)
    wf = workflow({"src": source, "count": v1}, ["src.out -> count.rows"],
                  params={"f": "-w"}, node_params={"count": {"old": 3}},
                  refs={"count": {"flags": "f"}})

    result = upgrade_workflow(wf, catalog.find, catalog.versions)

    assert [(c.node, c.old.id, c.new.id) for c in result.nodes] == [("count", v1.id, v2.id)]
    change = result.nodes[0]
    assert change.dropped_params == ["old"] and [str(e) for e in change.dropped_edges] == [
        "src.out -> count.rows"]
    count = result.workflow.graph.node("count")
    assert count is not None and count.operation == v2.id
    assert count.params == {} and count.param_refs == {"flags": "f"}
    assert result.workflow.graph.edges == []
    assert set(result.workflow.operations) == {source.id, v2.id}
    assert wf.graph.node("count").operation == v1.id  # type: ignore[union-attr]


def test_the_stored_status_counts_and_up_to_date_workflows_stay() -> None:
    embedded = version(BASE, 1)  # the workflow still thinks it is published
    catalog = Catalog(version(BASE, 1, DEPRECATED, successor="count-v2"), version(BASE, 2))
    wf = workflow({"count": embedded})

    assert [c.new.id for c in upgrade_workflow(wf, catalog.find, catalog.versions).nodes] == [
        "count-v2"]
    current = workflow({"count": version(BASE, 2)})
    unchanged = upgrade_workflow(current, catalog.find, catalog.versions)
    assert unchanged.nodes == [] and unchanged.workflow == current


def test_resolve_adds_stored_operations_of_composites_at_any_depth() -> None:
    leaf = version(SOURCE, 1)
    inner = composite("inner", {"leaf": leaf}, [], {"out": ("text", "leaf.out")})
    outer = composite("outer", {"mid": inner}, [], {"out": ("text", "mid.out")})
    catalog = Catalog(leaf, inner, outer)
    wf = Workflow(graph=workflow({"o": outer, "x": BASE}).graph, operations={BASE.id: BASE})

    found, problems = resolve_operations(wf, catalog.find)

    assert set(found) == {outer.id, inner.id, leaf.id, BASE.id}
    assert found[BASE.id] is BASE
    assert problems == []


def test_resolve_names_the_node_of_each_unknown_operation() -> None:
    broken = composite("broken", {"gone": SOURCE}, [], {"out": ("text", "gone.out")})
    wf = Workflow(graph=workflow({"b": broken, "c": BASE}).graph)

    found, problems = resolve_operations(wf, Catalog(broken).find)

    assert set(found) == {broken.id}
    assert [(p.where, p.message) for p in problems] == [
        ("operations.broken.nodes.gone", f"unknown operation {SOURCE.id!r}"),
        ("nodes.c", f"unknown operation {BASE.id!r}")]
