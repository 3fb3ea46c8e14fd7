"""Collecting every problem of a workflow file, each pointing at a file, key path and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plynx.errors import Problem, WorkflowFileError
from plynx.workflow_file.source import Mapping


@dataclass(frozen=True)
class Where:
    """A place in a workflow file: the file, the key path inside it and the line, if known."""

    file: str
    keys: tuple[str, ...] = ()
    line: int | None = None
    column: int = 0

    def key(self, name: str, mapping: Any = None) -> Where:
        """The place of ``name`` inside this place; ``mapping`` supplies its position."""
        line, column = self.line, self.column
        if isinstance(mapping, Mapping) and name in mapping.positions:
            line, column = mapping.positions[name]
        return Where(self.file, (*self.keys, name), line, column)

    def item(self, index: int) -> Where:
        """The place of item ``index`` of the list at this place."""
        return Where(self.file, (*self.keys, str(index)), self.line, self.column)

    @property
    def path(self) -> str:
        return ".".join(self.keys)

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        return f"{self.file}{line}: {self.path}" if self.keys else f"{self.file}{line}"


class Problems:
    """A list of problems found while reading workflow files."""

    def __init__(self) -> None:
        self._found: list[tuple[Where, str]] = []
        self._files: dict[str, int] = {}

    def add_file(self, name: str) -> None:
        """Note that the file ``name`` is read now: its problems come after earlier files'."""
        self._files.setdefault(name, len(self._files))

    def add(self, where: Where, message: str) -> None:
        self.add_file(where.file)
        self._found.append((where, message))

    @property
    def items(self) -> list[Problem]:
        """The problems by file (in the order files were read), then by place in the file."""
        def place(found: tuple[Where, str]) -> tuple[int, int, int]:
            where = found[0]
            return self._files[where.file], where.line or 0, where.column

        return [Problem(str(where), message) for where, message in sorted(self._found, key=place)]

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def raise_if_any(self, path: Path | str) -> None:
        """Raise one WorkflowFileError listing every problem, if there is any."""
        if self._found:
            raise WorkflowFileProblems(path, self.items)


class WorkflowFileProblems(WorkflowFileError):
    """A workflow file has problems; ``problems`` lists all of them."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = f"invalid workflow file {self.path}: {self.problems[0]}"
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            message = (
                f"invalid workflow file {self.path} ({len(self.problems)} problems):\n{lines}"
            )
        super().__init__(message)
