"""Cached re-run: a large workflow run once, then again with every node a cache hit.

The workflow has ``--nodes`` trivial bash nodes in layers of ``--width`` (a layer of
sources, then each node reads one node of the layer before). It runs once to fill the
cache; the second ``engine.run`` of the same workflow, timed from launch to finish
(validation, planning, creating the run, every cache decision and the run's end), is the
figure with a target. Validation and planning are also timed on their own, and the bare
baseline is what any re-run must do at least: read the workflow's cache entries'
artifacts, i.e. ``stat`` every output file of the first run.
"""

from __future__ import annotations

import argparse
import os

from _common import (
    check_succeeded,
    fresh_dir,
    header,
    layered_workflow,
    line,
    median,
    open_engine,
    target,
    timed,
)

from plynx.graph import build_plan
from plynx.model import Status


def measure(nodes: int, width: int, concurrency: int) -> dict[str, float]:
    """Seconds of each phase for one workflow on a fresh PLYNX_HOME."""
    workflow = layered_workflow(nodes, width)
    with fresh_dir("plynx-bench-home-") as home, open_engine(home, concurrency) as engine:
        first, run = timed(lambda: engine.run(workflow))
        check_succeeded(run)
        validation, problems = timed(lambda: engine.validate(workflow))
        if problems:
            raise SystemExit(f"the workflow is invalid: {problems}")
        planning, _ = timed(lambda: build_plan(workflow, {}))
        second, rerun = timed(lambda: engine.run(workflow))
        check_succeeded(rerun)
        states = engine.node_states(rerun.id).values()
        cached = sum(1 for s in states if s.status is Status.CACHED)
        if cached != nodes:
            raise SystemExit(f"the re-run restored {cached} nodes from the cache, not {nodes}")
        blobs = [engine.artifacts.local_path(a.digest) for s in states for a in s.outputs.values()]
        bare, _ = timed(lambda: [os.stat(path) for path in blobs if path is not None])
    return {"first": first, "validation": validation, "planning": planning,
            "second": second, "bare": bare}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1000, help="nodes in the workflow")
    parser.add_argument("--width", type=int, default=10, help="nodes per layer")
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeats", type=int, default=3, help="workflows measured")
    parser.add_argument("--target", type=float, default=2.0, help="seconds for the re-run")
    args = parser.parse_args()

    header("cached re-run of a layered DAG", nodes=args.nodes, width=args.width,
           concurrency=args.concurrency, repeats=args.repeats)
    samples: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        for phase, seconds in measure(args.nodes, args.width, args.concurrency).items():
            samples.setdefault(phase, []).append(seconds)

    def med(phase: str) -> float:
        return median(samples[phase])

    line("first run (every node executed)", med("first"), "s", samples["first"])
    line("validation alone", med("validation"), "s", samples["validation"])
    line("planning alone", med("planning"), "s", samples["planning"])
    line("validation + planning", med("validation") + med("planning"), "s")
    line("bare: stat every cached output", med("bare"), "s", samples["bare"])
    line("re-run (launch to finish)", med("second"), "s", samples["second"])
    line("re-run / bare", med("second") / med("bare"), "x")
    line("re-run per node", 1000 * med("second") / args.nodes, "ms")
    target("fully cached re-run (launch to finish)", med("second"), "s", args.target,
           at_most=True)


if __name__ == "__main__":
    main()
