"""Cache entries: a cache key and the outputs of the execution that produced them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from plynx.model.artifact import Artifact


class CacheEntry(BaseModel):
    """The outputs of a successful node execution, re-usable under ``key``."""

    key: str
    outputs: dict[str, Artifact] = Field(default_factory=dict)
    run_id: str
    node_id: str
    operation_id: str
    created_at: datetime
    expires_at: datetime | None = None
