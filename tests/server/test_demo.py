"""Demo content: loaded once into an empty catalogue; its workflow and operations run."""

from __future__ import annotations

from plynx.engine import Engine
from plynx.model import Edge, Graph, Node, OperationStatus, Status, Workflow
from plynx.server.demo import DEMO_AUTHOR, demo_operations, demo_workflow, load_demo
from tests.factories import bash, workflow


def test_demo_content_is_loaded_once(engine: Engine) -> None:
    assert load_demo(engine.store)
    assert not load_demo(engine.store)

    operations = engine.store.list_operations()
    assert sorted(op.name for op in operations) == sorted(demo_operations())
    assert {(op.status, op.author) for op in operations} == {
        (OperationStatus.PUBLISHED, DEMO_AUTHOR)}
    [stored] = engine.store.list_workflows()
    assert stored.id == demo_workflow().id and stored.author == DEMO_AUTHOR
    assert all(node.position is not None for node in stored.graph.nodes)


def test_nothing_is_loaded_next_to_existing_content(engine: Engine) -> None:
    engine.store.save_workflow(workflow({"a": bash("echo", "echo hi")}))

    assert not load_demo(engine.store)
    assert engine.store.list_operations() == []


def test_the_demo_workflow_sums_one_to_a_hundred(engine: Engine) -> None:
    load_demo(engine.store)
    flow = engine.store.get_workflow(demo_workflow().id)
    assert engine.validate(flow) == []

    run = engine.run(flow)

    assert run.status is Status.SUCCEEDED, run.error
    total = engine.node_states(run.id)["total"].outputs["total"]
    with engine.artifacts.open(total.digest) as stream:
        assert stream.read() == b"5050"


def test_the_seed_split_operation_splits_every_line(engine: Engine) -> None:
    split = demo_operations()["split"]
    rows = bash("rows", "seq 1 50 > {{ output.out }}", outputs={"out": "csv"})
    flow = Workflow(
        title="split",
        graph=Graph(nodes=[Node(id="rows", operation=rows.id),
                           Node(id="split", operation=split.id, params={"rate": 0.5})],
                    edges=[Edge(source="rows", output="out", target="split",
                                input="data.csv")]),
        operations={rows.id: rows, split.id: split})

    run = engine.run(flow)

    assert run.status is Status.SUCCEEDED, run.error
    outputs = engine.node_states(run.id)["split"].outputs
    lines = []
    for name in ("a.csv", "b.csv"):
        with engine.artifacts.open(outputs[name].digest) as stream:
            lines += stream.read().decode().split()
    assert sorted(map(int, lines)) == list(range(1, 51))
