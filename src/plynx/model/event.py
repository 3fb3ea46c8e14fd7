"""Events: changes of run and node states, in the order they were recorded."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Event(BaseModel):
    """A run or one of its nodes changed.

    ``seq`` orders events; a client that saw ``seq`` asks for what came after it. Only the
    latest state of each run and node is kept, so quick successive changes of one node may
    arrive as one event carrying the latest state.
    """

    seq: int
    kind: Literal["run", "node"]
    run_id: str
    node_id: str | None = None
    author: str = Field(description="author of the run, for permission checks")
    status: str
    state: dict[str, Any] = Field(default_factory=dict, description="the run or node state")
