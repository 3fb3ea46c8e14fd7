"""The Python client of a PLynx server: operations, workflows and runs from code.

::

    from plynx.client import Client, Workflow, bash_operation, operation

    seq = bash_operation("seq", "seq {{ param['n'] }} > {{ output.out }}",
                         outputs={"out": "text"}, params={"n": 10})

    @operation(inputs={"numbers": "text"}, outputs={"total": "int"})
    def total(input, output, param):
        with open(input["numbers"]) as lines:
            output["total"] = sum(int(line) for line in lines if line.strip())

    with Workflow("sum of 1..100") as wf:
        numbers = seq(n=100)
        result = total(numbers.out)

    with Client("http://127.0.0.1:5005") as client:
        run = client.submit(wf)
        run.wait().raise_for_status()
        print(run.output(result.node_id, "total"))   # b'5050'
"""

from plynx.client.builder import Node, NodeOutput, ParamRef, Workflow
from plynx.client.client import DEFAULT_URL, Client
from plynx.client.errors import ApiError, BuildError, RunFailed, ServerUnreachable
from plynx.client.operations import OperationDef, bash_operation, make_operation, operation
from plynx.client.results import NodeInfo, RunInfo
from plynx.client.run import Run
from plynx.client.sse import ServerSentEvent, iter_sse

__all__ = [
    "DEFAULT_URL",
    "ApiError",
    "BuildError",
    "Client",
    "Node",
    "NodeInfo",
    "NodeOutput",
    "OperationDef",
    "ParamRef",
    "Run",
    "RunFailed",
    "RunInfo",
    "ServerSentEvent",
    "ServerUnreachable",
    "Workflow",
    "bash_operation",
    "iter_sse",
    "make_operation",
    "operation",
]
