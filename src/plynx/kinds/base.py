"""The Kind interface: how an operation becomes a process."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from plynx.errors import ExecutionError, Problem
from plynx.model import Operation, Task


@dataclass
class Workspace:
    """The private folder of one task execution.

    ``inputs`` maps each input name to the local paths of its values (in edge order);
    ``outputs`` maps each output name to the path the process must fill.
    """

    root: Path
    inputs: dict[str, list[Path]] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    rendered: str | None = None  # the command as ``Kind.command`` wrote it, for the logs

    def template_inputs(self, operation: Operation) -> dict[str, Any]:
        """Input paths as templates and code see them: a list for list inputs, else a string."""
        values: dict[str, Any] = {}
        for declared in operation.inputs:
            paths = [str(p) for p in self.inputs.get(declared.name, [])]
            if declared.is_list:
                values[declared.name] = paths
            else:
                values[declared.name] = paths[0] if paths else None
        return values

    def template_outputs(self) -> dict[str, str]:
        return {name: str(path) for name, path in self.outputs.items()}


def left_in_place(path: Path, directory: bool = False) -> bool:
    """Whether the process left a regular file (or with ``directory`` a real directory) at
    ``path``: not missing, and not replaced by a link, a FIFO, a socket or a device, which
    PLynx must never open (a FIFO blocks, a link reads what the task may not)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) if directory else stat.S_ISREG(mode)


def require_regular_file(path: Path, what: str) -> None:
    """Raise :class:`~plynx.errors.ExecutionError` unless ``path`` is a regular file."""
    if not left_in_place(path):
        raise ExecutionError(f"{what}: {path} is missing or is not a regular file (a link, "
                             f"a FIFO or a device left by the process)")


def resolved_params(task: Task) -> dict[str, Any]:
    """The task's parameter values, completed with the operation's defaults."""
    values = {p.name: p.default for p in task.operation.parameters}
    values.update(task.params)
    return values


class Kind:
    """Base class of kinds. Subclasses set ``name`` and ``description``.

    A kind that is not ``executable`` (``file``) never becomes a process. Composite
    operations are expanded into their inner nodes before scheduling.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    executable: ClassVar[bool] = True

    def validate(self, operation: Operation) -> list[Problem]:
        """Problems in the operation's definition (syntax errors in its code, …)."""
        return []

    def warnings(self, operation: Operation) -> list[Problem]:
        """Doubts about the operation's definition that never stop saving or running it
        (a value placed where its quoting does not protect it, …)."""
        return []

    def cache_material(self, operation: Operation) -> str:
        """The text that stands for the code in the cache key (never paths or ids)."""
        return operation.code

    def environment(self, operation: Operation) -> dict[str, str]:
        """Facts about the execution environment that belong in the cache key."""
        return {}

    def command(self, task: Task, workspace: Workspace) -> list[str]:
        """Write whatever the process needs into ``workspace.root``; return its argv."""
        raise NotImplementedError(f"kind {self.name!r} is not executable")

    def finish(self, task: Task, workspace: Workspace) -> None:
        """Complete the outputs after the process succeeded (raise ExecutionError if not)."""

    def render(self, task: Task, workspace: Workspace) -> str:
        """The command or code as it will run, for the system log and previews."""
        return task.operation.code

    def __repr__(self) -> str:
        return f"<kind {self.name}>"
