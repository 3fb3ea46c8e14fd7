"""What a workflow file says, read but not yet resolved into models.

The parser turns each file into these plain records, noting problems; the builder then
resolves names (operations, nodes, parameters) across files and creates the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plynx.model import CachePolicy, Parameter, Position, RetryPolicy
from plynx.workflow_file.fields import SlotSpec
from plynx.workflow_file.problems import Where


@dataclass
class SourceRef:
    """Where an input value comes from: ``node.output``, or ``node`` alone for its only output."""

    node: str
    output: str | None
    where: Where


@dataclass
class FileSpec:
    """A local file or directory that becomes a ``file`` operation's artifact."""

    path: Path
    written: str
    type: str
    where: Where


@dataclass
class NodeSpec:
    """One node: an instance of a named operation, of an inline operation or of a file."""

    id: str
    where: Where
    title: str = ""
    operation: str | None = None
    inline: OperationSpec | None = None
    file: FileSpec | None = None
    inputs: list[tuple[str, list[SourceRef]]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    param_refs: dict[str, tuple[str, Where]] = field(default_factory=dict)
    position: Position | None = None


@dataclass
class OperationSpec:
    """One operation definition as written in a file."""

    name: str
    where: Where
    kind: str
    title: str = ""
    description: str = ""
    inputs: list[SlotSpec] = field(default_factory=list)
    outputs: list[SlotSpec] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    code: str = ""
    cache: CachePolicy = field(default_factory=CachePolicy)
    retries: RetryPolicy = field(default_factory=RetryPolicy)
    timeout_seconds: float | None = None
    env: dict[str, str] = field(default_factory=dict)
    file: FileSpec | None = None
    nodes: list[NodeSpec] = field(default_factory=list)

    @property
    def is_composite(self) -> bool:
        return self.kind == "composite"


@dataclass
class FileContent:
    """Everything one workflow file declares."""

    path: Path
    where: Where
    title: str | None = None
    description: str = ""
    parameters: list[Parameter] = field(default_factory=list)
    imports: list[tuple[Path, Where]] = field(default_factory=list)
    operations: dict[str, OperationSpec] = field(default_factory=dict)
    nodes: list[NodeSpec] = field(default_factory=list)
