"""Tasks: self-contained, serialisable descriptions of one node execution.

A task carries everything needed to execute a node on any machine that can reach the
artifact store: the operation, resolved parameter values and the input artifacts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from plynx.model.artifact import Artifact
from plynx.model.operation import Operation


class Task(BaseModel):
    """One execution of one node."""

    run_id: str
    node_id: str
    attempt: int = 1
    operation: Operation
    params: dict[str, Any] = Field(default_factory=dict)
    inputs: dict[str, list[Artifact]] = Field(default_factory=dict)
    artifact_store: str = Field(description="URL of the artifact store")
    log_dir: str = Field(description="folder receiving stdout.log and stderr.log")
    timeout_seconds: float | None = None
    notes: list[str] = Field(
        default_factory=list,
        description="timestamped lines for the node's system log, written as the task starts")

    @property
    def key(self) -> tuple[str, str]:
        return (self.run_id, self.node_id)


class TaskResult(BaseModel):
    """What came of executing a task."""

    exit_code: int | None = None
    outputs: dict[str, Artifact] = Field(default_factory=dict)
    error: str | None = None
    timed_out: bool = False
    canceled: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0 and self.error is None and not self.canceled
