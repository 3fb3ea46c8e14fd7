"""Errors of the client: what the server answered, what could not be built, how a run ended."""

from __future__ import annotations

from collections.abc import Sequence

from plynx.errors import InvalidInput, PlynxError, Problem


class ApiError(PlynxError):
    """The server answered with an error.

    ``status`` is the HTTP status, ``code`` the server's error code (``not_found``,
    ``invalid_request``…), ``message`` its explanation and ``problems`` every
    ``Problem(where, message)`` it listed (invalid fields, workflow problems).
    """

    def __init__(self, status: int, code: str, message: str,
                 problems: Sequence[Problem] = ()) -> None:
        self.status = status
        self.status_code = status
        self.code = code
        self.message = message
        self.problems = list(problems)
        super().__init__(status, code, message, self.problems)

    def __str__(self) -> str:
        text = f"{self.status} {self.code}: {self.message}"
        listed = [p for p in self.problems if str(p) not in self.message]
        return "\n".join([text, *(f"  - {p}" for p in listed)])


class ServerUnreachable(PlynxError):
    """The server could not be reached or stopped answering."""


class BuildError(InvalidInput):
    """An operation or workflow built in Python is wrong (bad argument, unknown name…)."""


class RunFailed(PlynxError):
    """A run ended without succeeding; ``failures`` maps node ids to their errors."""

    def __init__(self, run_id: str, status: str, error: str | None,
                 failures: dict[str, str]) -> None:
        self.run_id = run_id
        self.status = status
        self.error = error
        self.failures = failures
        lines = [f"run {run_id} {status}" + (f": {error}" if error else "")]
        lines += [f"  - {node}: {why}" for node, why in failures.items()]
        super().__init__("\n".join(lines))
