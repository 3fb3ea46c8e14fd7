"""Cancel latency: from cancelling a run to the last of its processes gone.

PLynx runs ``--nodes`` nodes at once, each a bash script that starts a background ``sleep``
and waits for another (two processes besides bash). Once every node runs, the run is
cancelled; the time measured ends when no process of any task's process group still runs
and the run has ended. The baseline starts the same scripts as bare process groups and kills
them with ``killpg`` (SIGTERM), timed until every group is gone.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import threading
import time

import psutil
from _common import fresh_dir, header, line, median, open_engine, target

from plynx.model import Graph, Node, Operation, Output, Parameter, ParameterType, Status, Workflow

SCRIPT = "sleep 60 & sleep 60; echo {{ param['n'] }} > {{ output.out }}\n"
#: Seconds between two looks at the processes.
POLL = 0.002


def alive(pgids: set[int]) -> bool:
    """Whether a process of the groups ``pgids`` still runs (zombies are dead: they only
    wait for their parent, or this machine's init, to collect them)."""
    for process in psutil.process_iter(["status"]):
        try:
            if process.info["status"] != psutil.STATUS_ZOMBIE and os.getpgid(process.pid) in pgids:
                return True
        except (ProcessLookupError, psutil.Error):
            continue
    return False


def wait_gone(pgids: list[int]) -> None:
    groups = set(pgids)
    while alive(groups):
        time.sleep(POLL)


def bare(nodes: int) -> float:
    """Seconds from killpg to no process left, for ``nodes`` bare process groups."""
    script = SCRIPT.replace("{{ param['n'] }}", "0").replace("{{ output.out }}", "/dev/null")
    processes = [subprocess.Popen(["bash", "-c", script], start_new_session=True)
                 for _ in range(nodes)]
    time.sleep(0.2)  # let every script start its sleeps
    start = time.perf_counter()
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait()
    wait_gone([p.pid for p in processes])
    return time.perf_counter() - start


def workflow(nodes: int) -> Workflow:
    sleeper = Operation(name="sleeper", kind="bash_jinja2", code=SCRIPT,
                        outputs=[Output(name="out")],
                        parameters=[Parameter(name="n", type=ParameterType.INT, default=0)])
    graph = Graph(nodes=[Node(id=f"n{i}", operation=sleeper.id, params={"n": i})
                         for i in range(nodes)])
    return Workflow(title="sleepers", graph=graph, operations={sleeper.id: sleeper})


def plynx(nodes: int) -> float:
    """Seconds from ``engine.cancel`` to the run ended and no task process left."""
    measured: dict[str, float] = {}
    with fresh_dir("plynx-bench-home-") as home, open_engine(home, nodes) as engine:
        run = engine.launch(workflow(nodes))

        def cancel_when_running() -> None:
            while True:
                states = engine.store.node_states(run.id).values()
                if all(s.status is Status.RUNNING for s in states):
                    measured["pgids"] = [s.pid for s in states if s.pid]
                    measured["start"] = time.perf_counter()
                    engine.cancel(run.id)
                    return
                time.sleep(POLL)

        canceller = threading.Thread(target=cancel_when_running)
        canceller.start()
        finished = engine.wait(run.id)
        canceller.join()
        wait_gone([int(p) for p in measured["pgids"]])
        seconds = time.perf_counter() - measured["start"]
    if finished.status is not Status.CANCELED:
        raise SystemExit(f"the run ended {finished.status}, not canceled")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=4, help="nodes running when cancelled")
    parser.add_argument("--repeats", type=int, default=5, help="measurements of each side")
    parser.add_argument("--target", type=float, default=1.0, help="seconds")
    args = parser.parse_args()

    header("cancel latency: cancel a run of running nodes", nodes=args.nodes,
           repeats=args.repeats)
    bare_times, plynx_times = [], []
    for _ in range(args.repeats):
        bare_times.append(bare(args.nodes))
        plynx_times.append(plynx(args.nodes))
    line("bare killpg until gone", median(bare_times), "s", bare_times)
    line("PLynx cancel until gone", median(plynx_times), "s", plynx_times)
    target("PLynx cancel latency", median(plynx_times), "s", args.target, at_most=True)


if __name__ == "__main__":
    main()
