"""Throughput: many independent trivial bash nodes, as many at once as there are CPUs.

PLynx runs ``--nodes`` nodes with no edges, each ``echo N > {{ output.out }}``, with
``concurrency`` = the number of CPUs. The baseline runs the same number of ``bash``
processes with the same parallelism through ``xargs -P``, each writing its number to its
own file. Both are reported in nodes per second; PLynx's time is ``engine.run`` from launch
to finish on a fresh PLYNX_HOME.
"""

from __future__ import annotations

import argparse
import os
import subprocess

from _common import (
    check_succeeded,
    cpu_timed,
    fresh_dir,
    header,
    independent_workflow,
    line,
    median,
    open_engine,
    target,
    timed,
)

#: Run by xargs once per number: write it to its own file, as a PLynx node does.
BARE_COMMAND = 'echo "$1" > "$0/out$1"'


def bare(nodes: int, parallelism: int) -> float:
    """Seconds for ``nodes`` bash processes run ``parallelism`` at a time by xargs."""
    with fresh_dir("plynx-bench-bare-", keep_until_exit=True) as folder:
        numbers = "".join(f"{i}\n" for i in range(nodes)).encode()
        seconds, _ = timed(lambda: subprocess.run(
            ["xargs", "-P", str(parallelism), "-n", "1", "bash", "-c", BARE_COMMAND,
             str(folder)], input=numbers, check=True))
        written = len(list(folder.glob("out*")))
        if written != nodes:
            raise SystemExit(f"the bare processes wrote {written} files, expected {nodes}")
    return seconds


def plynx(nodes: int, concurrency: int) -> tuple[float, float]:
    """Seconds for PLynx to run ``nodes`` independent nodes, and its own CPU seconds."""
    workflow = independent_workflow(nodes)
    with fresh_dir("plynx-bench-home-", keep_until_exit=True) as home:
        with open_engine(home, concurrency) as engine:
            seconds, cpu, run = cpu_timed(lambda: engine.run(workflow))
        check_succeeded(run)
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1000, help="independent nodes")
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 1,
                        help="processes at once (default: the number of CPUs)")
    parser.add_argument("--repeats", type=int, default=3, help="measurements of each side")
    parser.add_argument("--target", type=float, default=150.0, help="nodes/s target")
    args = parser.parse_args()

    header("throughput: independent trivial bash nodes", nodes=args.nodes,
           concurrency=args.concurrency, repeats=args.repeats)
    bare_times, plynx_times, cpu_times = [], [], []
    for _ in range(args.repeats):
        bare_times.append(bare(args.nodes, args.concurrency))
        seconds, cpu = plynx(args.nodes, args.concurrency)
        plynx_times.append(seconds)
        cpu_times.append(cpu)

    bare_median, plynx_median = median(bare_times), median(plynx_times)
    line("bare xargs -P time", bare_median, "s", bare_times)
    line("PLynx engine.run time", plynx_median, "s", plynx_times)
    line("bare throughput", args.nodes / bare_median, "nodes/s")
    line("PLynx throughput / bare throughput", bare_median / plynx_median, "x")
    line("PLynx time per node beyond bare", 1000 * (plynx_median - bare_median) / args.nodes,
         "ms")
    line("PLynx process CPU per node (not the tasks)", 1000 * median(cpu_times) / args.nodes,
         "ms", [1000 * c / args.nodes for c in cpu_times])
    target("PLynx throughput", args.nodes / plynx_median, "nodes/s", args.target,
           at_most=False)


if __name__ == "__main__":
    main()
