"""What the runs endpoints read and return."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, computed_field

from plynx.model import Artifact, CacheDecision, NodeState, Run, RunOptions, Status, Workflow
from plynx.server.cache_sources import SourceRuns
from plynx.store.run_index import RunRecord


class LaunchOptions(BaseModel):
    """How a launched run treats failures."""

    model_config = ConfigDict(extra="forbid")

    fail_fast: bool = Field(default=False, description="stop the whole run at the first failure")


LaunchMode = Literal["incremental", "scratch"]


class LaunchRequest(BaseModel):
    """Launch a workflow with parameter values.

    ``incremental`` re-uses every cached result whose inputs did not change; ``scratch``
    computes every node again (and refreshes the cache).
    """

    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(default_factory=dict, description="workflow parameter values")
    node_params: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="node parameter values: {node id: {name: value}}")
    mode: LaunchMode = "incremental"
    options: LaunchOptions = Field(default_factory=LaunchOptions)

    def run_options(self) -> RunOptions:
        return RunOptions(refresh=self.mode == "scratch", fail_fast=self.options.fail_fast)


class RerunRequest(BaseModel):
    """Run a finished run again: ``incremental`` restores what succeeded from the cache and
    runs the rest; ``scratch`` computes every node again (and refreshes the cache)."""

    model_config = ConfigDict(extra="forbid")

    mode: LaunchMode = "incremental"


class RunSummary(BaseModel):
    """What lists show of a run: everything but its snapshot and node states."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    workflow_id: str | None
    title: str
    status: Status
    author: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    cancel_requested: bool = Field(description="someone asked to cancel the unfinished run")

    @classmethod
    def of(cls, record: RunRecord) -> RunSummary:
        return cls.model_validate(record)

    @classmethod
    def of_run(cls, run: Run, cancel_requested: bool = False) -> RunSummary:
        assert run.created_at is not None, "a stored run has a creation time"
        return cls(id=run.id, workflow_id=run.workflow_id, title=run.title, status=run.status,
                   author=run.author, created_at=run.created_at, started_at=run.started_at,
                   finished_at=run.finished_at, error=run.error,
                   cancel_requested=cancel_requested)


class CacheExplanation(CacheDecision):
    """Why a node was restored from the cache or executed, with a sentence saying so."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def explanation(self) -> str:
        """Like ``hit (run R, node N)``, ``hit (a result computed earlier)`` or
        ``ran: no entry``."""
        return str(self)


class NodeDetail(BaseModel):
    """The state of one node of a run; ``node_id`` is ``c/inner`` inside a composite ``c``."""

    node_id: str
    parent: str | None
    operation: str = Field(description="id of the operation version")
    status: Status
    attempts: int
    started_at: datetime | None
    finished_at: datetime | None
    exit_code: int | None
    cache_key: str | None
    cache: CacheExplanation | None
    outputs: dict[str, Artifact]
    error: str | None

    @classmethod
    def of(cls, state: NodeState, sources: SourceRuns) -> NodeDetail:
        """The detail of ``state``; its cache decision names only sources the reader sees."""
        node = cls.model_validate(state.model_dump(exclude={"pid"}))
        node.cache = sources.shown_all([node.cache])[0]
        return node


_NODE_LIST = TypeAdapter(list[NodeDetail])


class RunDetail(RunSummary):
    """A run: its summary, the workflow snapshot, its values and options, every node."""

    workflow: Workflow
    params: dict[str, Any]
    options: RunOptions
    keep: bool = Field(description="outputs protected from garbage collection")
    nodes: list[NodeDetail]

    @classmethod
    def build(cls, record: RunRecord, run: Run, node_document: str,
              sources: SourceRuns) -> RunDetail:
        """The detail from stored values; ``node_document`` is the JSON array of the node
        states (parsed straight into the response). Cache decisions name only the sources
        the reader may see."""
        nodes = sorted(_NODE_LIST.validate_json(node_document), key=lambda n: n.node_id)
        for node, cache in zip(nodes, sources.shown_all([n.cache for n in nodes]), strict=True):
            node.cache = cache
        return cls(id=record.id, workflow_id=record.workflow_id, title=record.title,
                   status=record.status, author=record.author, created_at=record.created_at,
                   started_at=record.started_at, finished_at=record.finished_at,
                   error=record.error, cancel_requested=record.cancel_requested,
                   workflow=run.workflow, params=run.params, options=run.options,
                   keep=record.keep, nodes=nodes)
