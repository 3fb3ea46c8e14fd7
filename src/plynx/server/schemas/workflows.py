"""What the workflows endpoints read and return, and where a validation problem points."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import chain
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from plynx.errors import Problem
from plynx.model import Edge, Graph, Operation, Parameter, Workflow
from plynx.server.schemas.names import (
    graph_names,
    operation_names,
    parameter_names,
    refuse_bad_names,
)
from plynx.store.workflow_index import StoredWorkflow, WorkflowRecord
from plynx.workflows.upgrade import NodeUpgrade, Upgrade

#: Longest workflow title.
MAX_TITLE = 1000

#: Fields the server sets; sent in a request body they are ignored.
READ_ONLY_FIELDS = frozenset({"id", "author", "created_at", "updated_at", "archived"})


class WorkflowDraft(BaseModel):
    """The editable content of a workflow.

    ``operations`` may leave out any operation stored on the server: the server adds every
    operation the graph uses, composites' inner ones included. The server sets ``id``,
    ``author`` and the times: sent here, they are ignored, so a workflow read from the API
    may be sent back as it is. Any other unknown field is refused.
    """

    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="untitled", max_length=MAX_TITLE)
    description: str = ""
    parameters: list[Parameter] = Field(default_factory=list)
    graph: Graph = Field(default_factory=Graph)
    operations: dict[str, Operation] = Field(
        default_factory=dict, description="operations by id; stored ones may be left out")

    @model_validator(mode="before")
    @classmethod
    def _drop_read_only(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if k not in READ_ONLY_FIELDS}
        return data

    @model_validator(mode="after")
    def _keyed_by_id(self) -> WorkflowDraft:
        for key, op in self.operations.items():
            if key != op.id:
                raise ValueError(f"operations: the key {key!r} is not the id of its operation "
                                 f"({op.id!r})")
        return self

    @model_validator(mode="after")
    def _check_names(self) -> WorkflowDraft:
        refuse_bad_names(type(self).__name__, chain(
            parameter_names(self.parameters, ("parameters",), "workflow parameter"),
            graph_names(self.graph, ("graph",)),
            *(operation_names(op, ("operations", key)) for key, op in self.operations.items())))
        return self

    def to_workflow(self, wf_id: str, author: str) -> Workflow:
        """This content as the workflow ``wf_id`` of ``author``."""
        return Workflow(id=wf_id, author=author, title=self.title, description=self.description,
                        parameters=self.parameters, graph=self.graph,
                        operations=self.operations)


class WorkflowDetail(Workflow):
    """A workflow with whether it is archived."""

    archived: bool = False

    @classmethod
    def of(cls, stored: StoredWorkflow) -> WorkflowDetail:
        return cls(**dict(stored.workflow), archived=stored.archived)


class WorkflowSummary(BaseModel):
    """What lists show of a workflow: everything but its graph and operations."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    description: str
    author: str
    created_at: datetime
    updated_at: datetime
    archived: bool
    node_count: int

    @classmethod
    def of(cls, record: WorkflowRecord) -> WorkflowSummary:
        return cls.model_validate(record)


class ValidateRequest(BaseModel):
    """Values to validate a workflow with: workflow parameters and node parameters."""

    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(default_factory=dict, description="workflow parameter values")
    node_params: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="node parameter values: {node id: {name: value}}")


class DraftValidateRequest(WorkflowDraft):
    """An unsaved workflow, with the values to validate it with."""

    params: dict[str, Any] = Field(default_factory=dict, description="workflow parameter values")
    node_params: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="node parameter values: {node id: {name: value}}")


class LocatedProblem(BaseModel):
    """A problem of a workflow, with the node, input, parameter or operation it concerns.

    ``where`` is the dotted path of the problem (``nodes.split.inputs.data.csv``); the other
    fields are its parts, so an editor can point at them. ``parameter`` without ``node`` or
    ``operation`` is a workflow parameter.
    """

    where: str
    message: str
    node: str | None = None
    input: str | None = None
    parameter: str | None = None
    operation: str | None = None


class ValidationReport(BaseModel):
    """Whether a workflow may run, every problem that stops it, and warnings that do not
    (a template value placed where its shell quoting does not protect it, …)."""

    valid: bool
    problems: list[LocatedProblem]
    warnings: list[LocatedProblem] = Field(default_factory=list)


def _prefix(text: str, names: Iterable[str]) -> str | None:
    """The longest of ``names`` that is ``text`` or starts it followed by a dot."""
    matches = [n for n in names if text == n or text.startswith(n + ".")]
    return max(matches, key=len, default=None)


def locate(problem: Problem, workflow: Workflow) -> LocatedProblem:
    """``problem`` with its ``where`` split into node, input, parameter and operation.

    Node ids, operation names, inputs and parameters may contain dots: the ids and names
    of ``workflow`` decide where one ends.
    """
    located = LocatedProblem(where=problem.where, message=problem.message)
    head, _, rest = problem.where.partition(".")
    if head == "parameters" and rest:
        located.parameter = rest
        return located
    if head == "nodes" and rest:
        node = _prefix(rest, (n.id for n in workflow.graph.nodes)) or rest.split(".", 1)[0]
        located.node = node
        tail = rest[len(node) + 1:]
    elif head == "operations" and rest:
        name = _prefix(rest, (op.name for op in workflow.operations.values()))
        name = name or rest.split(".", 1)[0]
        located.operation = name
        tail = rest[len(name) + 1:]
    else:
        return located
    kind, _, name = tail.partition(".")
    if kind in ("params", "parameters") and name:
        located.parameter = name
    elif kind == "inputs" and name:
        located.input = name
    return located


class NodeChange(BaseModel):
    """A node moved to another version of its operation by an upgrade."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    node: str
    from_: str = Field(alias="from", description="id of the operation version it used")
    to: str = Field(description="id of the operation version it uses now")
    name: str = Field(description="name of the operation it uses now")
    from_version: int
    to_version: int
    dropped_params: list[str] = Field(
        description="parameter values and references the new version does not declare")
    dropped_edges: list[Edge] = Field(
        description="edges whose input or output the new version does not have")

    @classmethod
    def of(cls, change: NodeUpgrade) -> NodeChange:
        return cls.model_validate({
            "node": change.node, "from": change.old.id, "to": change.new.id,
            "name": change.new.name, "from_version": change.old.version,
            "to_version": change.new.version, "dropped_params": change.dropped_params,
            "dropped_edges": change.dropped_edges})


class UpgradeReport(BaseModel):
    """What an upgrade changed (or, for a dry run, would change) and the workflow after it."""

    upgraded: int
    nodes: list[NodeChange]
    workflow: WorkflowDetail

    @classmethod
    def of(cls, upgrade: Upgrade, archived: bool) -> UpgradeReport:
        return cls(upgraded=len(upgrade.nodes), nodes=[NodeChange.of(c) for c in upgrade.nodes],
                   workflow=WorkflowDetail(**dict(upgrade.workflow), archived=archived))
