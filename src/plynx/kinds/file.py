"""The ``file`` kind: a file known in advance, never executed."""

from __future__ import annotations

import re

from plynx.errors import Problem
from plynx.kinds.base import Kind
from plynx.model import Operation

#: The one output of a file operation.
OUTPUT_NAME = "out"

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class FileKind(Kind):
    """Provides a stored artifact (``operation.artifact``) as its single output ``out``."""

    name = "file"
    description = "A file uploaded in advance; never executed, its output is known."
    executable = False

    def validate(self, operation: Operation) -> list[Problem]:
        problems: list[Problem] = []
        names = [o.name for o in operation.outputs]
        if names != [OUTPUT_NAME]:
            found = ", ".join(repr(n) for n in names) or "none"
            problems.append(Problem("outputs", f"a file has exactly one output named "
                                               f"{OUTPUT_NAME!r} (found: {found})"))
        if operation.inputs:
            problems.append(Problem("inputs", "a file has no inputs"))
        if not operation.artifact:
            problems.append(Problem("artifact", "a file needs the digest of its artifact"))
        elif not _DIGEST.match(operation.artifact):
            problems.append(Problem("artifact", f"{operation.artifact!r} is not a SHA-256 "
                                                f"digest (64 lowercase hex digits)"))
        return problems

    def cache_material(self, operation: Operation) -> str:
        return operation.artifact or ""
