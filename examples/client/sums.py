"""Sums of numbers by first digit, built and run with the Python client.

seq 1..100 → nine greps (^1 … ^9) → nine sums in Python → one sum of sums: 5050.
The same workflow as examples/sums/workflow.yaml. Start a server first (``plynx local``),
then run::

    python examples/client/sums.py [URL]        # URL defaults to http://127.0.0.1:5005

Set PLYNX_TOKEN to an API token (``plx_…``) when the server runs in multi-user mode.
"""

from __future__ import annotations

import os
import sys

from plynx.client import DEFAULT_URL, Client, Workflow, bash_operation, operation

# The operations have names of their own, so that running this example never publishes
# new versions of the demo operations ("sequence", "grep"…) that `plynx local` ships.
sequence = bash_operation(
    "sums-sequence", "seq {{ param['count'] }} > {{ output.numbers }}",
    outputs={"numbers": "text"}, params={"count": 100}, title="Numbers 1..N")

grep = bash_operation(
    "sums-grep", "grep -E {{ param['pattern'] }} {{ input.lines }} > {{ output.matches }} || true",
    inputs={"lines": "text"}, outputs={"matches": "text"}, params={"pattern": "^1"},
    title="Lines matching a pattern")


@operation(inputs={"numbers": "text"}, outputs={"total": "int"}, name="sums-sum-lines",
           title="Sum of the numbers in a file")
def sum_lines(input, output, param):
    with open(input["numbers"]) as lines:
        output["total"] = sum(int(line) for line in lines if line.strip())


@operation(inputs={"values": ("int", 1, -1)}, outputs={"total": "int"}, name="sums-total",
           title="Sum of values")
def sum_of_sums(input, output, param):
    output["total"] = sum(input["values"])


def build(count: int = 100) -> Workflow:
    """The workflow: one grep and one sum per first digit, then the sum of the sums."""
    with Workflow("Sums of numbers by first digit",
                  description="Splits 1..N by first digit and sums each group.") as wf:
        numbers = sequence(count=count)
        sums = [sum_lines(grep(numbers.numbers, pattern=f"^{digit}"))
                for digit in range(1, 10)]
        sum_of_sums(values=[s.total for s in sums])
    return wf


def main(url: str = DEFAULT_URL) -> int:
    workflow = build()
    with Client(url, token=os.environ.get("PLYNX_TOKEN")) as client:
        run = client.submit(workflow)
        print(f"run {run.id} started", file=sys.stderr)
        finished = run.wait(on_change=lambda node: print(f"  {node.node_id}: {node.status.value}",
                                                         file=sys.stderr))
        finished.raise_for_status()  # RunFailed, naming each failed node, unless it succeeded
        total = int(run.output("sums-total", "total"))
    print(total)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
