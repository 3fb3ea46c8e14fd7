"""What the client reads back about runs: a run's state and its nodes' states."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from plynx.client.errors import RunFailed
from plynx.model import Artifact, Status


class NodeInfo(BaseModel):
    """The state of one node of a run (``node_id`` is ``c/inner`` inside a composite ``c``).

    ``cache`` says why it was restored from the cache or executed (``outcome``, ``reason``,
    ``explanation``…).
    """

    model_config = ConfigDict(extra="ignore")

    node_id: str
    status: Status
    parent: str | None = None
    operation: str | None = None
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    exit_code: int | None = None
    cache: dict[str, Any] | None = None
    outputs: dict[str, Artifact] = Field(default_factory=dict)
    error: str | None = None


class RunInfo(BaseModel):
    """A run as the server reports it; ``nodes`` is empty when only a summary was sent."""

    model_config = ConfigDict(extra="ignore")

    id: str
    status: Status
    workflow_id: str | None = None
    title: str = ""
    author: str = ""
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    cancel_requested: bool = False
    params: dict[str, Any] = Field(default_factory=dict)
    nodes: list[NodeInfo] = Field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.status.is_terminal

    @property
    def succeeded(self) -> bool:
        return self.status.is_success

    def node(self, node_id: str) -> NodeInfo:
        """The state of node ``node_id``; KeyError naming the nodes if there is none."""
        for node in self.nodes:
            if node.node_id == node_id:
                return node
        known = ", ".join(n.node_id for n in self.nodes) or "none known"
        raise KeyError(f"run {self.id} has no node {node_id!r} (nodes: {known})")

    def raise_for_status(self) -> RunInfo:
        """This run if it succeeded; RunFailed with each failed node's error otherwise."""
        if self.status.is_success:
            return self
        failures = {n.node_id: n.error or n.status.value for n in self.nodes
                    if n.status in (Status.FAILED, Status.CANCELED) or n.error}
        raise RunFailed(self.id, self.status.value, self.error, failures)
