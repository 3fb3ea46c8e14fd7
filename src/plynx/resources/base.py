"""The ResourceType interface: what flows on an edge, how it is prepared and previewed."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel


class Preview(BaseModel):
    """A bounded, safe representation of an artifact.

    ``type`` is one of ``table``, ``json``, ``text``, ``image``, ``pdf``, ``directory``,
    ``value`` or ``binary``. ``data`` depends on it: rows for a table, parsed JSON, a text
    head, a base64 PNG thumbnail, a listing. Nothing in it is HTML.
    """

    type: str
    data: Any = None
    truncated: bool = False
    media_type: str | None = None


class PreviewLimits(BaseModel):
    """How much of an artifact a preview may hold."""

    max_bytes: int = 64 * 1024
    max_rows: int = 50
    thumbnail_size: int = 256


class ResourceType:
    """Base class of resource types. Subclasses set ``name`` and ``description``.

    ``is_a`` names the more general types this one can be used as (a ``csv`` is a
    ``file``), which decides which connections are allowed. ``directory`` types are
    directories on disk; ``value`` types (primitives) hold one JSON value, which Python
    code reads and assigns directly.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    directory: ClassVar[bool] = False
    value: ClassVar[bool] = False
    is_a: ClassVar[tuple[str, ...]] = ()
    media_type: ClassVar[str] = "application/octet-stream"

    def accepts(self, source: ResourceType) -> bool:
        """Whether an output of type ``source`` may feed an input of this type."""
        return source.name == self.name or self.name in source.is_a

    def create_output(self, path: Path) -> None:
        """Create the empty output the process will fill (a file, or a directory)."""
        if self.directory:
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.touch()

    def prepare_input(self, path: Path) -> None:
        """Make a materialised input ready for use (for example executable)."""

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        """A bounded preview of the file or directory at ``path``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<resource type {self.name}>"
