"""The one error hierarchy of PLynx.

::

    PlynxError                      base of every error PLynx raises on purpose
     ├── ConfigError                bad configuration file or environment variable
     ├── PluginError                a plugin is broken or registers a duplicate name
     ├── NotFound                   an operation, workflow, run or artifact does not exist   (404)
     ├── Conflict                   the change contradicts the stored state                   (409)
     ├── InvalidInput               a request or file is malformed                            (400)
     │    ├── InvalidParameter      a parameter value does not fit its type
     │    ├── WorkflowFileError     a workflow file cannot be read
     │    └── UnsafePath            a name would make a path outside its folder
     ├── ValidationFailed           a workflow has problems; carries every one of them        (422)
     ├── ArtifactError              the artifact store cannot read or write an artifact
     └── ExecutionError             a task could not be prepared or executed
          └── RenderLimitExceeded   a template took too long or too much memory to render  (422)

Errors that an HTTP API may return carry their status in ``status_code``.
"""

from __future__ import annotations

from dataclasses import dataclass


class PlynxError(Exception):
    """Base of every error PLynx raises on purpose."""

    status_code: int = 500


class ConfigError(PlynxError):
    """The configuration file or an environment variable is invalid."""


class PluginError(PlynxError):
    """A plugin could not be loaded, or it registers a name already taken."""


class NotFound(PlynxError):
    """An object that was asked for does not exist."""

    status_code = 404


class Conflict(PlynxError):
    """A change contradicts the stored state (for example editing a published operation)."""

    status_code = 409


class InvalidInput(PlynxError):
    """A request, file or value is malformed."""

    status_code = 400


class InvalidParameter(InvalidInput):
    """A parameter value does not fit its declared type."""


class WorkflowFileError(InvalidInput):
    """A workflow file cannot be read or does not follow the documented format."""


class UnsafePath(InvalidInput):
    """A name would make a path outside the folder it belongs in (``..``, ``/``, NUL …)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a workflow, pointing at what it concerns.

    ``where`` is a dotted path such as ``nodes.split.inputs.data.csv`` or ``edges``;
    ``line``, when known, is the line of the operation's code it concerns.
    """

    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ValidationFailed(PlynxError):
    """A workflow (or an operation: ``subject``) has problems; all of them are in
    ``problems``."""

    status_code = 422

    def __init__(self, problems: list[Problem], subject: str = "workflow"):
        self.problems = list(problems)
        self.subject = subject
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{subject} is invalid ({len(self.problems)} problem(s)):\n{lines}")


class ArtifactError(PlynxError):
    """The artifact store cannot read or write an artifact."""


class ExecutionError(PlynxError):
    """A task could not be prepared or executed."""


class RenderLimitExceeded(ExecutionError):
    """A template took longer, or needed more memory, than rendering one may."""

    status_code = 422
