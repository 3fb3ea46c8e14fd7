"""Per-node overhead: a chain of trivial bash nodes in PLynx vs the same commands in bash.

PLynx runs a chain ``n0 -> n1 -> …`` where each node reads its input with ``cat`` and
writes its number with ``echo``. The baseline is one bash loop that, for each node, writes
the same script to a file and runs it as its own ``bash script`` process, input and output
being plain files. Being a chain, nothing runs in parallel in either case, so

    per-node overhead = (PLynx time - bare time) / nodes

is what PLynx adds around each process: the scheduler's decisions and bookkeeping, the
metadata store, the workspace, logs and storing the output by content hash.

The PLynx time is ``engine.run`` from launch to finish (validation and planning included)
on a fresh PLYNX_HOME; opening the engine (creating the database) is reported apart.
"""

from __future__ import annotations

import argparse
import subprocess

from _common import (
    chain_workflow,
    check_succeeded,
    cpu_timed,
    fresh_dir,
    header,
    line,
    median,
    open_engine,
    target,
    timed,
)

BARE_LOOP = r"""
set -e
dir=$1
prev=/dev/null
for i in $(seq 0 $(($2 - 1))); do
  printf 'cat %s > /dev/null\necho %d > %s\n' "$prev" "$i" "$dir/out$i" > "$dir/script$i.sh"
  bash "$dir/script$i.sh"
  prev=$dir/out$i
done
"""


def bare(nodes: int) -> float:
    """Seconds for the bare bash loop over ``nodes`` scripts."""
    with fresh_dir("plynx-bench-bare-", keep_until_exit=True) as folder:
        seconds, _ = timed(lambda: subprocess.run(
            ["bash", "-c", BARE_LOOP, "bare", str(folder), str(nodes)], check=True))
        last = (folder / f"out{nodes - 1}").read_text().strip()
        if last != str(nodes - 1):
            raise SystemExit(f"the bare loop wrote {last!r} last, expected {nodes - 1}")
    return seconds


def plynx(nodes: int) -> tuple[float, float, float]:
    """Seconds to open an engine on a fresh home, to run the chain in it, and the CPU
    seconds PLynx's own process used for the run."""
    workflow = chain_workflow(nodes)
    with fresh_dir("plynx-bench-home-", keep_until_exit=True) as home:
        opening, engine = timed(lambda: open_engine(home, concurrency=1))
        with engine:
            seconds, cpu, run = cpu_timed(lambda: engine.run(workflow))
        check_succeeded(run)
    return opening, seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=200, help="length of the chain")
    parser.add_argument("--repeats", type=int, default=5, help="measurements of each side")
    parser.add_argument("--target-ms", type=float, default=10.0, help="per-node target")
    args = parser.parse_args()

    header("per-node overhead: chain of trivial bash nodes", nodes=args.nodes,
           repeats=args.repeats, concurrency=1)
    bare_times, plynx_times, open_times, cpu_times = [], [], [], []
    for _ in range(args.repeats):  # interleaved, so that drifts of the machine hit both
        bare_times.append(bare(args.nodes))
        opening, seconds, cpu = plynx(args.nodes)
        open_times.append(opening)
        plynx_times.append(seconds)
        cpu_times.append(cpu)

    bare_median, plynx_median = median(bare_times), median(plynx_times)
    line("bare bash loop", bare_median, "s", bare_times)
    line("PLynx engine.run (launch to finish)", plynx_median, "s", plynx_times)
    line("PLynx opening the engine (not counted)", median(open_times), "s", open_times)
    line("bare time per node", 1000 * bare_median / args.nodes, "ms")
    line("PLynx time per node", 1000 * plynx_median / args.nodes, "ms")
    line("ratio PLynx / bare", plynx_median / bare_median, "x")
    line("PLynx process CPU per node (not the tasks)", 1000 * median(cpu_times) / args.nodes,
         "ms", [1000 * c / args.nodes for c in cpu_times])
    overhead = 1000 * (plynx_median - bare_median) / args.nodes
    target("per-node overhead (PLynx - bare) / nodes", overhead, "ms", args.target_ms,
           at_most=True)


if __name__ == "__main__":
    main()
