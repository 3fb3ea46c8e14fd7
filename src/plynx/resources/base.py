"""The ResourceType interface: what flows on an edge, how it is prepared and previewed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel

from plynx.errors import InvalidInput


class Preview(BaseModel):
    """A bounded, safe representation of an artifact.

    ``type`` is one of ``table``, ``json``, ``text``, ``image``, ``pdf``, ``directory``,
    ``value`` or ``binary``. ``data`` depends on it: rows for a table, parsed JSON, a text
    head, a base64 PNG thumbnail, a listing. Nothing in it is HTML. ``size`` is the size in
    bytes of the whole artifact (for a directory, of its archive) when known.
    """

    type: str
    data: Any = None
    truncated: bool = False
    media_type: str | None = None
    size: int | None = None


class PreviewLimits(BaseModel):
    """How much of an artifact a preview may hold."""

    max_bytes: int = 64 * 1024
    max_rows: int = 50
    thumbnail_size: int = 256
    max_entries: int = 200


class ResourceType:
    """Base class of resource types. Subclasses set ``name`` and ``description``.

    ``is_a`` names the more general types this one can be used as (a ``csv`` is a
    ``file``), which decides which connections are allowed. ``directory`` types are
    directories on disk; ``value`` types (primitives) hold one JSON value, which Python
    code reads and assigns directly: ``load_value`` and ``dump_value`` read and write it,
    ``check_value`` says which values the type holds.
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

    def preview_head(self, limits: PreviewLimits) -> int | None:
        """How many leading bytes of a file ``preview`` reads at most (None: all of it).

        A store far away then sends only those bytes to build a preview.
        """
        return None

    def check_value(self, value: Any) -> Any:
        """Return ``value`` as this value type holds it; InvalidInput if it does not fit."""
        if not self.value:
            raise InvalidInput(f"resource type {self.name!r} does not hold a value")
        return value

    def load_value(self, path: Path) -> Any:
        """Read the value stored in the file at ``path``."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read the {self.name} value in {path}: {exc}") from exc
        if not text.strip():
            raise InvalidInput(f"{path} holds no {self.name} value: the file is empty")
        try:
            value = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise InvalidInput(f"{path} does not hold a JSON value: {exc}") from None
        return self.check_value(value)

    def dump_value(self, path: Path, value: Any) -> None:
        """Write ``value`` to the file at ``path`` as one JSON value."""
        checked = self.check_value(value)
        try:
            text = json.dumps(checked, allow_nan=False, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidInput(f"the {self.name} value cannot be stored as JSON: {exc}") from None
        Path(path).write_text(text, encoding="utf-8")

    def __repr__(self) -> str:
        return f"<resource type {self.name}>"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")
