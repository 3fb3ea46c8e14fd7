"""Pydantic models of PLynx: operations, workflows, runs, artifacts and tasks (no I/O)."""

from plynx.model.artifact import Artifact
from plynx.model.cache import CacheEntry
from plynx.model.event import Event
from plynx.model.operation import (
    CachePolicy,
    Input,
    Operation,
    OperationStatus,
    Output,
    RetryPolicy,
    new_id,
)
from plynx.model.parameters import Parameter, ParameterType, coerce_value, infer_parameter_type
from plynx.model.run import CacheDecision, NodeState, Run, RunOptions, Status
from plynx.model.task import Task, TaskResult
from plynx.model.workflow import COMPOSITE_INPUTS, Edge, Graph, Node, OutputRef, Position, Workflow

__all__ = [
    "COMPOSITE_INPUTS",
    "Artifact",
    "CacheDecision",
    "CacheEntry",
    "CachePolicy",
    "Edge",
    "Event",
    "Graph",
    "Input",
    "Node",
    "NodeState",
    "Operation",
    "OperationStatus",
    "Output",
    "OutputRef",
    "Parameter",
    "ParameterType",
    "Position",
    "RetryPolicy",
    "Run",
    "RunOptions",
    "Status",
    "Task",
    "TaskResult",
    "Workflow",
    "coerce_value",
    "infer_parameter_type",
    "new_id",
]
