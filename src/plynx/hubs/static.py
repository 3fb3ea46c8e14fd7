"""The static hub: operations declared in files kept in git, or in Python packages."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from plynx.artifacts import ArtifactStore
from plynx.errors import ConfigError
from plynx.hubs.base import Hub
from plynx.model import Operation


class StaticHub(Hub):
    """Operations given directly, or read from the ``operations:`` of workflow files."""

    name = "static"
    description = "operations declared in files or Python packages"

    def __init__(self, operations: Iterable[Operation] = (), paths: Iterable[Path] = (),
                 artifacts: ArtifactStore | None = None) -> None:
        self._operations = list(operations)
        self._paths = [Path(p) for p in paths]
        self._artifacts = artifacts

    def operations(self) -> list[Operation]:
        """The given operations, then those of every file, read anew each time."""
        from plynx.workflow_file import load_operations

        found = list(self._operations)
        for path in self._paths:
            if self._artifacts is None:
                raise ConfigError(f"static hub: reading {path} needs an artifact store")
            found += load_operations(path, self._artifacts).values()
        return sorted(found, key=lambda op: op.name)
