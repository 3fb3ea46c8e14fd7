"""Scheduling memory: peak RSS of validating, planning and scheduling a 10,000-node workflow.

Each measurement runs in a fresh Python process, whose RSS high-water mark
(``getrusage(RUSAGE_SELF).ru_maxrss``; the bash processes of the nodes are not counted)
is read at the end. The workflow has ``--nodes`` trivial bash nodes in layers of
``--width`` (a layer of sources, then each node reads one node of the layer before), built
in code inside the measured process.

Two modes:

- ``dispatch`` (default): ``engine.launch`` (validate, plan, snapshot the run and its node
  states into the metadata store, dispatch every ready node: the whole first layer), then
  cancel the run and wait for its end. Everything the scheduler holds for the run is in
  memory at once, without minutes of processes.
- ``full``: run the workflow for real, from launch to finish (minutes: every node is a
  process).

The baseline is the peak RSS of a fresh Python process that merely imports plynx and the
engine, measured the same way.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

from _common import fresh_dir, header, layered_workflow, line, median, open_engine, target

from plynx.model import Status


def peak_mb() -> float:
    """This process's RSS high-water mark in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, nodes: int, width: int, concurrency: int) -> dict[str, float]:
    """The measured work, in this (fresh) process; returns its figures."""
    figures = {"import_mb": peak_mb()}
    if mode == "import":
        return figures
    start = time.perf_counter()
    workflow = layered_workflow(nodes, width)
    figures["build_s"] = time.perf_counter() - start
    figures["build_mb"] = peak_mb()
    with fresh_dir("plynx-bench-home-") as home, open_engine(home, concurrency) as engine:
        start = time.perf_counter()
        run = engine.launch(workflow)
        figures["launch_s"] = time.perf_counter() - start
        figures["launch_mb"] = peak_mb()
        if mode == "dispatch":
            engine.cancel(run.id)
        finished = engine.wait(run.id)
        figures["total_s"] = time.perf_counter() - start
        expected = Status.SUCCEEDED if mode == "full" else Status.CANCELED
        if finished.status is not expected:
            raise SystemExit(f"the run ended {finished.status}, expected {expected}: "
                             f"{finished.error}")
    figures["peak_mb"] = peak_mb()
    return figures


def measure(mode: str, nodes: int, width: int, concurrency: int) -> dict[str, float]:
    """Run :func:`child` in a fresh interpreter and return its figures."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--nodes", str(nodes), "--width",
         str(width), "--concurrency", str(concurrency)],
        check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=10_000, help="nodes in the workflow")
    parser.add_argument("--width", type=int, default=100, help="nodes per layer")
    parser.add_argument("--mode", choices=["dispatch", "full"], default="dispatch")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="processes measured")
    parser.add_argument("--target", type=float, default=500.0, help="peak RSS target, MiB")
    parser.add_argument("--child", choices=["import", "dispatch", "full"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.nodes, args.width, args.concurrency)))
        return

    header("scheduling memory: peak RSS of a large workflow", nodes=args.nodes,
           width=args.width, mode=args.mode, concurrency=args.concurrency,
           repeats=args.repeats)
    samples: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        baseline = measure("import", args.nodes, args.width, args.concurrency)
        samples.setdefault("baseline_mb", []).append(baseline["import_mb"])
        for name, value in measure(args.mode, args.nodes, args.width, args.concurrency).items():
            samples.setdefault(name, []).append(value)

    def med(name: str) -> float:
        return median(samples[name])

    line("baseline: a process that imports plynx", med("baseline_mb"), "MiB")
    line("workflow built in code", med("build_mb"), "MiB")
    line("after launch (validate, plan, store, dispatch)", med("launch_mb"), "MiB")
    line("peak - baseline", med("peak_mb") - med("baseline_mb"), "MiB")
    line("peak / baseline", med("peak_mb") / med("baseline_mb"), "x")
    line("time to build the workflow", med("build_s"), "s", samples["build_s"])
    line("time to launch", med("launch_s"), "s", samples["launch_s"])
    ended = "cancel and end" if args.mode == "dispatch" else "finish"
    line(f"time from launch to {ended}", med("total_s"), "s", samples["total_s"])
    target("peak RSS", med("peak_mb"), "MiB", args.target, at_most=True)


if __name__ == "__main__":
    main()
