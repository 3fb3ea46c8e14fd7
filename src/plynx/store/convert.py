"""Conversions between the pydantic models and the rows of the metadata store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from plynx.model import Artifact, CacheEntry, Event, NodeState, Operation, Run, Workflow
from plynx.store.searching import operation_search_values, workflow_search_text
from plynx.store.tables import OperationRow, RunRow, WorkflowRow

#: Fields of an operation that may change once it is published.
MUTABLE_OPERATION_FIELDS = frozenset({"status", "successor", "created_at"})

_NODE_STATE_COLUMNS = (
    "node_id",
    "parent",
    "operation",
    "status",
    "attempts",
    "started_at",
    "finished_at",
    "exit_code",
    "cache_key",
    "cache",
    "outputs",
    "error",
    "pid",
)


def dump_outputs(outputs: Mapping[str, Artifact]) -> dict[str, Any]:
    return {name: artifact.model_dump(mode="json") for name, artifact in outputs.items()}


def output_digests(outputs: Mapping[str, Any] | None) -> Iterable[str]:
    """The digests in a stored ``outputs`` column."""
    for value in (outputs or {}).values():
        if isinstance(value, Mapping) and value.get("digest"):
            yield value["digest"]


def embedded_digests(workflow: Workflow) -> list[str]:
    """Artifacts of the file operations a workflow carries (composites' included)."""
    return sorted({op.artifact for op in workflow.operations.values() if op.artifact})


# operations


def operation_content(op: Operation) -> dict[str, Any]:
    """What must not change once an operation is published."""
    return op.model_dump(mode="json", exclude=set(MUTABLE_OPERATION_FIELDS))


def operation_values(op: Operation) -> dict[str, Any]:
    body = op.model_dump(mode="json")
    return {
        "id": op.id,
        "name": op.name,
        "version": op.version,
        "kind": op.kind,
        "status": op.status.value,
        "successor": op.successor,
        "artifact": op.artifact,
        "author": op.author,
        "created_at": op.created_at,
        **operation_search_values(body),
        "body": body,
    }


def operation_from_row(row: OperationRow) -> Operation:
    body = dict(row.body)
    body.update(status=row.status, successor=row.successor, created_at=row.created_at)
    return Operation.model_validate(body)


# workflows


def workflow_values(wf: Workflow) -> dict[str, Any]:
    body = wf.model_dump(mode="json")
    return {
        "id": wf.id,
        "title": wf.title,
        "author": wf.author,
        "created_at": wf.created_at,
        "updated_at": wf.updated_at,
        "search_text": workflow_search_text(body),
        "digests": embedded_digests(wf),
        "body": body,
    }


def workflow_from_row(row: WorkflowRow) -> Workflow:
    body = dict(row.body)
    body.update(created_at=row.created_at, updated_at=row.updated_at)
    return Workflow.model_validate(body)


# runs


def run_values(run: Run, created_at: datetime) -> dict[str, Any]:
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "title": run.title,
        "status": run.status.value,
        "keep": run.keep,
        "author": run.author,
        "owner": run.owner,
        "created_at": created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "error": run.error,
        "digests": embedded_digests(run.workflow),
        "snapshot": run.model_dump(mode="json", include={"workflow", "params", "options"}),
    }


def run_from_row(row: RunRow) -> Run:
    return Run.model_validate(
        {
            **row.snapshot,
            "id": row.id,
            "workflow_id": row.workflow_id,
            "title": row.title,
            "status": row.status,
            "keep": row.keep,
            "author": row.author,
            "owner": row.owner,
            "created_at": row.created_at,
            "started_at": row.started_at,
            "finished_at": row.finished_at,
            "error": row.error,
        }
    )


#: Columns of a run carried by its events.
RUN_EVENT_COLUMNS = ("id", "seq", "author", "status", "title", "workflow_id", "created_at",
                     "started_at", "finished_at", "error", "cancel_requested")


def run_event(row: Any) -> Event:
    state = {name: getattr(row, name) for name in RUN_EVENT_COLUMNS[3:]}
    return Event(seq=row.seq, kind="run", run_id=row.id, author=row.author, status=row.status,
                 state=_json(state))


def node_event(row: Any) -> Event:
    """The event of a node state row; its cache decision carries the sentence explaining it."""
    state = node_state_from_row(row[3:])
    data = state.model_dump(mode="json", exclude={"pid"})
    if state.cache is not None:
        data["cache"]["explanation"] = str(state.cache)
    return Event(seq=row.seq, kind="node", run_id=row.run_id, node_id=state.node_id,
                 author=row.author, status=state.status.value, state=data)


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


# node states


def node_state_values(run_id: str, state: NodeState) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "node_id": state.node_id,
        "parent": state.parent,
        "operation": state.operation,
        "status": state.status.value,
        "attempts": state.attempts,
        "started_at": state.started_at,
        "finished_at": state.finished_at,
        "exit_code": state.exit_code,
        "cache_key": state.cache_key,
        "cache": state.cache.model_dump(mode="json") if state.cache is not None else None,
        "outputs": dump_outputs(state.outputs),
        "error": state.error,
        "pid": state.pid,
    }


def node_state_columns() -> tuple[str, ...]:
    """Columns read back into a NodeState, in the order ``node_state_from_row`` expects."""
    return _NODE_STATE_COLUMNS


def node_state_from_row(row: Iterable[Any]) -> NodeState:
    return NodeState.model_validate(dict(zip(_NODE_STATE_COLUMNS, row, strict=True)))


# cache entries


def cache_entry_values(entry: CacheEntry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "run_id": entry.run_id,
        "node_id": entry.node_id,
        "operation_id": entry.operation_id,
        "created_at": entry.created_at,
        "expires_at": entry.expires_at,
        "outputs": dump_outputs(entry.outputs),
    }


def cache_entry_from_row(row: Any) -> CacheEntry:
    return CacheEntry.model_validate(
        {
            "key": row.key,
            "run_id": row.run_id,
            "node_id": row.node_id,
            "operation_id": row.operation_id,
            "created_at": row.created_at,
            "expires_at": row.expires_at,
            "outputs": row.outputs,
        }
    )
