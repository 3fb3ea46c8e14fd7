"""Which workflow builder is open: calling an operation adds a node to it."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

from plynx.client.errors import BuildError

if TYPE_CHECKING:
    from plynx.client.builder import Workflow

_OPEN: ContextVar[tuple[Workflow, ...]] = ContextVar("plynx_open_workflows", default=())


def enter(workflow: Workflow) -> None:
    """Make ``workflow`` the one operations add their nodes to."""
    _OPEN.set((*_OPEN.get(), workflow))


def leave(workflow: Workflow) -> None:
    """Close ``workflow``; the one opened before it (if any) is current again."""
    opened = _OPEN.get()
    if not opened or opened[-1] is not workflow:
        raise BuildError(f"workflow {workflow.title!r} is not the innermost open one")
    _OPEN.set(opened[:-1])


def current(what: str) -> Workflow:
    """The innermost open workflow; ``what`` (an operation name) is named in the error."""
    opened = _OPEN.get()
    if not opened:
        raise BuildError(f"{what} adds a node to a workflow: call it inside "
                         f"'with Workflow(...):'")
    return opened[-1]
