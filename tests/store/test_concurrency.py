"""Many threads using one store at once, as the scheduler does."""

from __future__ import annotations

import threading
from collections.abc import Callable

from plynx.model import NodeState, Run, Status, Workflow
from plynx.store import MetadataStore

THREADS = 8
ROUNDS = 10


def run_in_threads(work: Callable[[int], None]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def target(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_threads_save_states_update_runs_and_read_at_once(store: MetadataStore) -> None:
    run = Run(workflow=Workflow())
    nodes = [
        NodeState(node_id=f"t{t}-n{n}", operation="op") for t in range(THREADS) for n in range(10)
    ]
    store.create_run(run, nodes)

    def work(index: int) -> None:
        mine = [s for s in nodes if s.node_id.startswith(f"t{index}-")]
        for round_ in range(ROUNDS):
            single = mine[round_ % len(mine)].model_copy(
                update={"status": Status.RUNNING, "attempts": round_}
            )
            store.save_node_states(run.id, [single])
            store.save_node_states(
                run.id, [s.model_copy(update={"attempts": round_ + 1}) for s in mine]
            )
            store.update_run(run.id, status=Status.RUNNING)
            assert len(store.node_states(run.id)) == len(nodes)
            assert store.get_run(run.id).status is Status.RUNNING

    assert run_in_threads(work) == []
    states = store.node_states(run.id)
    assert len(states) == len(nodes)
    assert {s.attempts for s in states.values()} == {ROUNDS}


def test_threads_creating_runs_and_operations_at_once(store: MetadataStore) -> None:
    created: list[str] = []

    def work(index: int) -> None:
        for _ in range(5):
            run = Run(workflow=Workflow(), title=f"t{index}")
            store.create_run(run, [NodeState(node_id="a", operation="op")])
            created.append(run.id)

    assert run_in_threads(work) == []
    assert {r.id for r in store.list_runs()} == set(created)
    assert len(created) == THREADS * 5


def test_threads_saving_the_same_nodes_in_opposite_orders(store: MetadataStore) -> None:
    run = Run(workflow=Workflow())
    nodes = [NodeState(node_id=f"n{n:02d}", operation="op") for n in range(40)]
    store.create_run(run, nodes)

    def work(index: int) -> None:
        ordered = nodes if index % 2 else nodes[::-1]
        for round_ in range(ROUNDS):
            update = {"attempts": round_, "pid": index}
            store.save_node_states(run.id, [s.model_copy(update=update) for s in ordered])

    assert run_in_threads(work) == []
    states = store.node_states(run.id).values()
    assert {s.attempts for s in states} == {ROUNDS - 1}
