"""Artifacts: stored outputs addressed by the hash of their content."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Artifact(BaseModel):
    """A stored blob: a file, or a directory kept as one archive.

    ``digest`` is the SHA-256 of the stored bytes in hex.
    """

    digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    directory: bool = False

    def __hash__(self) -> int:
        return hash(self.digest)
