"""Rules the metadata store enforces on changes and the checks of values it is given."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from plynx.errors import Conflict, InvalidInput
from plynx.model import NodeState, Operation, OperationStatus, Status
from plynx.store import convert

#: Fields of a run that ``update_run`` may change.
RUN_FIELDS = frozenset(
    {"status", "started_at", "finished_at", "error", "keep", "owner", "cancel_requested"}
)


def check_operation_change(stored: Operation, new: Operation) -> None:
    """Raise Conflict unless ``stored`` may become ``new``.

    A draft changes freely. A published or deprecated operation may only change its
    status (never back to draft) and its successor.
    """
    if stored.status is OperationStatus.DRAFT:
        return
    label = f"operation {stored.name!r} version {stored.version} ({stored.id})"
    if new.status is OperationStatus.DRAFT:
        raise Conflict(f"{label} is {stored.status.value} and cannot return to draft")
    if convert.operation_content(stored) != convert.operation_content(new):
        raise Conflict(
            f"{label} is {stored.status.value}: its content cannot change; "
            "save the change as a new version"
        )


def last_per_node(states: Iterable[NodeState]) -> list[NodeState]:
    """The last state given for each node id, in node id order.

    One order for every writer means concurrent batches lock rows in the same order and
    cannot deadlock on PostgreSQL.
    """
    last = {state.node_id: state for state in states}
    return [last[node_id] for node_id in sorted(last)]


def status(value: Any) -> Status:
    """``value`` as a Status, or InvalidInput listing the statuses."""
    try:
        return Status(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise InvalidInput(f"unknown status {value!r}; allowed: {allowed}") from None


def operation_status(value: Any) -> OperationStatus:
    """``value`` as an OperationStatus, or InvalidInput listing the statuses."""
    try:
        return OperationStatus(value)
    except ValueError:
        allowed = ", ".join(s.value for s in OperationStatus)
        raise InvalidInput(f"unknown operation status {value!r}; allowed: {allowed}") from None


def run_changes(fields: dict[str, Any]) -> dict[str, Any]:
    """Checked column values for ``update_run``, or InvalidInput naming the bad field."""
    unknown = set(fields) - RUN_FIELDS
    if unknown:
        raise InvalidInput(
            f"cannot update run field(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(RUN_FIELDS))}"
        )
    values = dict(fields)
    if "status" in values:
        values["status"] = status(values["status"]).value
    for name in ("started_at", "finished_at"):
        if name in values and values[name] is not None and not isinstance(values[name], datetime):
            raise InvalidInput(f"run {name} must be a datetime or None, got {values[name]!r}")
    for name in ("keep", "cancel_requested"):
        if name in values and not isinstance(values[name], bool):
            raise InvalidInput(f"run {name} must be true or false, got {values[name]!r}")
    for name in ("error", "owner"):
        if name in values and values[name] is not None and not isinstance(values[name], str):
            raise InvalidInput(f"run {name} must be a string or None, got {values[name]!r}")
    return values
