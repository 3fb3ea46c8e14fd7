"""Demo content: the operations and the workflow a new ``plynx local`` starts with.

Loaded into a database whose catalogue is empty (no operation, no workflow), so a first
start shows something to open, run and clone. The operations are published and authored by
``default``: ``sequence``, ``grep``, ``sum`` and ``sum_of_sums`` (the sums example), and
the seed's ``split`` (Python) and ``git_checkout`` (bash) examples. The workflow is the
sums example: 1..100 split by first digit, each group summed, the sums summed (5050).

Every object has a fixed id, so two processes starting together store one copy.
"""

from __future__ import annotations

import uuid

from plynx.model import (
    Edge,
    Graph,
    Input,
    Node,
    Operation,
    OperationStatus,
    Output,
    Parameter,
    ParameterType,
    Position,
    Workflow,
)
from plynx.store import MetadataStore
from plynx.store.statistics import Statistics

__all__ = ["DEMO_AUTHOR", "demo_operations", "demo_workflow", "load_demo"]

#: Who the demo content belongs to: the user of single-user mode.
DEMO_AUTHOR = "default"

_NAMESPACE = uuid.UUID("5b0c3f9e-2f4a-4d8e-9a57-6c1f0a4e7d21")

SPLIT_CODE = """\
import random


def split(inputs, output_a, output_b, sample_rate, seed):
    random.seed(seed)
    with open(output_a, 'w') as fa, open(output_b, 'w') as fb:
        for input_filename in inputs:
            with open(input_filename, 'r') as fi:
                for line in fi:
                    if random.random() < sample_rate:
                        fa.write(line)
                    else:
                        fb.write(line)


split(
    inputs=input['data.csv'],
    output_a=output['a.csv'],
    output_b=output['b.csv'],
    seed=int(param['seed']),
    sample_rate=float(param['rate']),
)
"""

GIT_CHECKOUT_CODE = """\
set -e

# clone repo
export DIRECTORY=directory
git clone {{ param['repo'] }} $DIRECTORY
cd $DIRECTORY

# reset to custom commit hash
git reset --hard {{ param['commit'] }}

# build using custom build command
cp -r . {{ output.dir }}
"""


def demo_id(name: str) -> str:
    """The fixed id of a demo object."""
    return uuid.uuid5(_NAMESPACE, name).hex


def _operation(name: str, **fields: object) -> Operation:
    return Operation.model_validate({"id": demo_id(f"operation/{name}"), "name": name,
                                     "status": OperationStatus.PUBLISHED,
                                     "author": DEMO_AUTHOR, **fields})


def demo_operations() -> dict[str, Operation]:
    """The demo operations by name."""
    operations = [
        _operation(
            "sequence", kind="bash_jinja2", title="Numbers 1..N",
            description="Writes the numbers from 1 to `count`, one per line.",
            parameters=[Parameter(name="count", type=ParameterType.INT, default=100)],
            outputs=[Output(name="numbers", type="text")],
            code="seq {{ param['count'] }} > {{ output.numbers }}"),
        _operation(
            "grep", kind="bash_jinja2", title="Lines matching a pattern",
            description="Keeps the lines matching an extended regular expression.",
            inputs=[Input(name="lines", type="text")],
            outputs=[Output(name="matches", type="text")],
            parameters=[Parameter(name="pattern", type=ParameterType.STR, default="^1")],
            code="grep -E {{ param['pattern'] }} {{ input.lines }} > {{ output.matches }} "
                 "|| true"),
        _operation(
            "sum", kind="python", title="Sum of the numbers in a file",
            description="Adds up the numbers of a text file, one per line.",
            inputs=[Input(name="numbers", type="text")],
            outputs=[Output(name="total", type="int")],
            code="with open(input['numbers']) as lines:\n"
                 "    output['total'] = sum(int(line) for line in lines if line.strip())\n"),
        _operation(
            "sum_of_sums", kind="python", title="Sum of values",
            description="Adds up any number of integers.",
            inputs=[Input(name="values", type="int", min_count=1, max_count=-1)],
            outputs=[Output(name="total", type="int")],
            code="output['total'] = sum(input['values'])\n"),
        _operation(
            "split", kind="python", title="Split lines at random",
            description="Sends each line of the inputs to `a.csv` with probability `rate`, "
                        "to `b.csv` otherwise; the same `seed` splits the same way.",
            inputs=[Input(name="data.csv", type="csv", min_count=1, max_count=-1)],
            outputs=[Output(name="a.csv", type="csv"), Output(name="b.csv", type="csv")],
            parameters=[Parameter(name="rate", type=ParameterType.FLOAT, default=0.2),
                        Parameter(name="seed", type=ParameterType.INT, default=0)],
            code=SPLIT_CODE),
        _operation(
            "git_checkout", kind="bash_jinja2", title="Git - checkout directory",
            description="Clones a repository and resets it to a commit.",
            outputs=[Output(name="dir", type="directory")],
            parameters=[Parameter(name="repo", type=ParameterType.STR, default=""),
                        Parameter(name="commit", type=ParameterType.STR, default="HEAD")],
            code=GIT_CHECKOUT_CODE),
    ]
    return {op.name: op for op in operations}


def demo_workflow(operations: dict[str, Operation] | None = None) -> Workflow:
    """The sums example, made of the demo operations."""
    ops = operations or demo_operations()
    digits = range(1, 10)

    def node(node_id: str, op: str, x: float, y: float, **params: object) -> Node:
        return Node(id=node_id, operation=ops[op].id, params=dict(params),
                    position=Position(x=x, y=y))

    column, row = 300.0, 150.0  # room for the cards the web UI draws
    middle = row * (len(digits) - 1) / 2
    nodes = [node("numbers", "sequence", 0, middle)]
    nodes += [node(f"grep{d}", "grep", column, row * (d - 1), pattern=f"^{d}") for d in digits]
    nodes += [node(f"sum{d}", "sum", 2 * column, row * (d - 1)) for d in digits]
    nodes.append(node("total", "sum_of_sums", 3 * column, middle))
    edges = [Edge(source="numbers", output="numbers", target=f"grep{d}", input="lines")
             for d in digits]
    edges += [Edge(source=f"grep{d}", output="matches", target=f"sum{d}", input="numbers")
              for d in digits]
    edges += [Edge(source=f"sum{d}", output="total", target="total", input="values")
              for d in digits]
    used = {n.operation for n in nodes}
    return Workflow(
        id=demo_id("workflow/sums"),
        title="Sums of numbers by first digit",
        description="Splits 1..100 by first digit, sums each group in Python, then sums "
                    "the sums: 5050.",
        graph=Graph(nodes=nodes, edges=edges),
        operations={op.id: op for op in ops.values() if op.id in used},
        author=DEMO_AUTHOR,
    )


def load_demo(store: MetadataStore) -> bool:
    """Store the demo content when the catalogue is empty; return whether it did."""
    if not Statistics(store.engine).catalogue_empty():
        return False
    operations = demo_operations()
    for operation in operations.values():
        store.save_operation(operation)
    store.save_workflow(demo_workflow(operations))
    return True
