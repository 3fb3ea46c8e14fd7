"""Who may run code: published operations for everyone, anything else for authors only.

Running or saving code that is not a published operation version is authoring code, which
needs ``create_operations``. Whoever holds ``run_workflows`` may run workflows whose
executed nodes, inside composites at any depth, all use operation versions that are stored,
published (or deprecated: once published, they never change), and embedded unchanged.
Nodes of a kind that never runs (``file``) need nothing; a composite is wiring, so its inner
nodes are what is checked. Every route that launches a run or puts code into a workflow
calls :func:`require_published_code`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from plynx.auth import Forbidden, Policy, Principal
from plynx.model import Graph, Operation, OperationStatus, Workflow
from plynx.plugins import Registry
from plynx.server.services import Services

#: The fields of an operation that decide what its process does. ``env`` counts: its
#: variables reach the process (``BASH_ENV``, ``PYTHONSTARTUP``… would run other code).
EXECUTED_FIELDS = ("kind", "code", "inputs", "outputs", "parameters", "env")

_COMPOSITE = "composite"


@dataclass(frozen=True)
class UnpublishedCode:
    """A node (``c/inner`` inside composites) whose code is not a published version."""

    node: str
    operation: str
    reason: str

    def __str__(self) -> str:
        return (f"node {self.node!r} runs code that is not a published operation "
                f"(operation {self.operation!r} {self.reason})")


def unpublished_code(workflow: Workflow, stored: Mapping[str, Operation],
                     executable: Callable[[str], bool]) -> list[UnpublishedCode]:
    """Every executed node of ``workflow`` not using an unchanged published version.

    ``stored`` holds the stored versions of the workflow's operations, by id;
    ``executable`` tells whether a kind becomes a process. A composite used by several
    nodes is looked into once: its inner nodes are named under its first use.
    """
    found: list[UnpublishedCode] = []
    walked: set[str] = set()
    pending: list[tuple[str, Graph]] = [("", workflow.graph)]
    while pending:
        prefix, graph = pending.pop(0)
        for node in graph.nodes:
            op = workflow.operations.get(node.operation)
            if op is None:
                continue  # not runnable: validation reports the unknown operation
            if op.kind == _COMPOSITE:
                if op.graph is not None and op.id not in walked:
                    walked.add(op.id)
                    pending.append((f"{prefix}{node.id}/", op.graph))
            elif executable(op.kind):
                reason = _why_unpublished(op, stored.get(op.id))
                if reason:
                    found.append(UnpublishedCode(f"{prefix}{node.id}", op.name, reason))
    return found


def _why_unpublished(embedded: Operation, stored: Operation | None) -> str | None:
    if stored is None:
        return "is embedded in the workflow, not stored"
    if stored.status is OperationStatus.DRAFT:
        return "is a draft"
    changed = [name for name in EXECUTED_FIELDS
               if _dump(embedded, name) != _dump(stored, name)]
    if changed:
        return f"differs from its published version in {', '.join(changed)}"
    return None


def _dump(op: Operation, name: str) -> object:
    return op.model_dump(mode="json", include={name})[name]


def kind_is_executable(registry: Registry) -> Callable[[str], bool]:
    """Whether a kind becomes a process; an unknown kind is taken to be one."""
    def executable(kind: str) -> bool:
        return bool(getattr(registry.kinds.get(kind), "executable", True))
    return executable


def require_published_code(principal: Principal, workflow: Workflow, services: Services,
                           doing: str = "running it") -> None:
    """Raise :class:`~plynx.auth.Forbidden` naming every node of ``workflow`` that runs
    unpublished code, unless the principal holds ``create_operations``.

    ``doing`` ends the message: "running it", "saving it"…
    """
    if principal.has(Policy.CREATE_OPERATIONS):
        return
    offending = unpublished_code(workflow, services.workflows.operations(workflow.operations),
                                 kind_is_executable(services.registry))
    if offending:
        raise Forbidden("; ".join([*map(str, offending), f"{doing} needs the permission "
                                                         f"'{Policy.CREATE_OPERATIONS.value}'"]))
