"""Runs: immutable snapshots of a workflow at launch, with the state of every node."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, Field

from plynx.model.artifact import Artifact
from plynx.model.operation import new_id
from plynx.model.workflow import Workflow


class Status(StrEnum):
    """Status of a run or of one of its nodes.

    ``created → queued → running → succeeded | failed | canceled | skipped``;
    ``cached`` marks a node restored from the cache.
    """

    CREATED = "created"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"
    SKIPPED = "skipped"
    CACHED = "cached"

    @property
    def is_terminal(self) -> bool:
        return self in _TERMINAL

    @property
    def is_success(self) -> bool:
        return self in (Status.SUCCEEDED, Status.CACHED)


_TERMINAL = frozenset(
    {Status.SUCCEEDED, Status.FAILED, Status.CANCELED, Status.SKIPPED, Status.CACHED}
)


class RunOptions(BaseModel):
    """How a run treats the cache and failures."""

    no_cache: bool = Field(default=False, description="neither read nor write the cache")
    refresh: bool = Field(default=False, description="re-compute everything, then update cache")
    fail_fast: bool = Field(default=False, description="stop the whole run at the first failure")


#: What a cache hit says of its source to a reader who may not see the source run.
HIDDEN_SOURCE = "a result computed earlier"


class CacheDecision(BaseModel):
    """Why a node was restored from the cache or executed.

    ``outcome`` is ``hit`` or ``ran``; for a miss ``reason`` is one of ``no entry``,
    ``cache off``, ``expired``, ``refresh``, ``no cache``; a hit names its source, unless
    it is shown to a reader who may not see the source run.
    """

    outcome: str
    reason: str = ""
    source_run: str | None = None
    source_node: str | None = None

    def anonymous(self) -> Self:
        """The same decision without its source: a hit says only that the result was
        computed earlier."""
        return self.model_copy(update={"source_run": None, "source_node": None})

    def __str__(self) -> str:
        if self.outcome == "hit":
            if self.source_run is None:
                return f"hit ({HIDDEN_SOURCE})"
            return f"hit (run {self.source_run}, node {self.source_node})"
        return f"ran: {self.reason}"


class NodeState(BaseModel):
    """The state of one node of a run.

    ``node_id`` is a path: a node inside a composite node ``c`` is ``c/inner``.
    """

    node_id: str
    parent: str | None = None
    operation: str
    status: Status = Status.CREATED
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    exit_code: int | None = None
    cache_key: str | None = None
    cache: CacheDecision | None = None
    outputs: dict[str, Artifact] = Field(default_factory=dict)
    error: str | None = None
    pid: int | None = None


class Run(BaseModel):
    """A workflow frozen at launch, with its options and overall status."""

    id: str = Field(default_factory=new_id)
    workflow_id: str | None = None
    title: str = ""
    workflow: Workflow
    params: dict[str, Any] = Field(default_factory=dict, description="workflow parameter values")
    options: RunOptions = Field(default_factory=RunOptions)
    status: Status = Status.CREATED
    keep: bool = Field(default=False, description="outputs protected from garbage collection")
    author: str = "default"
    owner: str | None = Field(default=None, description="scheduler process driving the run")
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
