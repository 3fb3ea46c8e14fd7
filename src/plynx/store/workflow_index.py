"""Listing and searching workflows, and archiving them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, false, func, select, update

from plynx.errors import NotFound
from plynx.model import Operation, Workflow
from plynx.store import convert
from plynx.store.repository import Repository
from plynx.store.searching import text_matches
from plynx.store.tables import OperationRow, WorkflowRow, table_of

_CHUNK = 500  # values per IN (...) list


@dataclass(frozen=True)
class StoredWorkflow:
    """A workflow with what is kept beside it: whether it is archived."""

    workflow: Workflow
    archived: bool


@dataclass(frozen=True)
class WorkflowRecord:
    """What a listing shows of a workflow, read without its graph."""

    id: str
    title: str
    description: str
    author: str
    created_at: datetime
    updated_at: datetime
    archived: bool
    node_count: int


class WorkflowIndex(Repository):
    """Listing and searching workflows, and archiving them."""

    def get(self, wf_id: str) -> StoredWorkflow:
        """The workflow ``wf_id`` and its archived flag, or NotFound."""
        with self._reading() as session:
            row = session.get(WorkflowRow, wf_id)
            if row is None:
                raise NotFound(f"workflow {wf_id!r} not found")
            return StoredWorkflow(convert.workflow_from_row(row), row.archived)

    def search(self, *, q: str | None = None, author: str | None = None,
               visible_to: str | None = None, include_archived: bool = False,
               offset: int = 0, limit: int = 50) -> tuple[list[WorkflowRecord], int]:
        """One page of the matching workflows, most recently updated first, and how many
        match in all.

        ``q`` matches words of the title and description; ``visible_to`` restricts the
        result to the workflows of that user (None: everybody's).
        """
        conditions: list[ColumnElement[bool]] = []
        if q:
            conditions.append(text_matches(WorkflowRow.search_text, q))
        if author is not None:
            conditions.append(WorkflowRow.author == author)
        if visible_to is not None:
            conditions.append(WorkflowRow.author == visible_to)
        if not include_archived:
            conditions.append(WorkflowRow.archived.is_(false()))
        # The page is chosen first, so only its bodies are read for description and size.
        page = (select(WorkflowRow.id).where(*conditions)
                .order_by(WorkflowRow.updated_at.desc(), WorkflowRow.id)
                .offset(offset).limit(limit).subquery())
        query = (select(WorkflowRow.id, WorkflowRow.title, self._description(),
                        WorkflowRow.author, WorkflowRow.created_at, WorkflowRow.updated_at,
                        WorkflowRow.archived, self._node_count())
                 .join(page, page.c.id == WorkflowRow.id)
                 .order_by(WorkflowRow.updated_at.desc(), WorkflowRow.id))
        count = select(func.count()).select_from(WorkflowRow).where(*conditions)
        with self._reading() as session:
            rows = session.execute(query).all()
            total = int(session.execute(count).scalar_one())
        return [WorkflowRecord(*row) for row in rows], total

    def set_archived(self, wf_id: str, archived: bool) -> None:
        """Archive (hide from listings) or unarchive a workflow; NotFound if unknown."""
        table = table_of(WorkflowRow)
        with self._writing() as session:
            result: Any = session.execute(
                update(table).where(table.c.id == wf_id).values(archived=archived))
            if result.rowcount == 0:
                raise NotFound(f"workflow {wf_id!r} not found")

    def delete(self, wf_id: str) -> None:
        """Delete a workflow for good (its runs keep their snapshots); NotFound if unknown."""
        table = table_of(WorkflowRow)
        with self._writing() as session:
            result: Any = session.execute(delete(table).where(table.c.id == wf_id))
            if result.rowcount == 0:
                raise NotFound(f"workflow {wf_id!r} not found")

    def operations(self, op_ids: Iterable[str]) -> dict[str, Operation]:
        """The stored operations among ``op_ids``, by id (unknown ids are left out)."""
        unique = sorted(set(op_ids))
        found: dict[str, Operation] = {}
        with self._reading() as session:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start:start + _CHUNK]
                query = select(OperationRow).where(OperationRow.id.in_(chunk))
                found.update((row.id, convert.operation_from_row(row))
                             for row in session.scalars(query))
        return found

    def _description(self) -> Any:
        return func.coalesce(WorkflowRow.body["description"].as_string(), "")

    def _node_count(self) -> Any:
        if self._dialect == "postgresql":
            nodes = WorkflowRow.body[("graph", "nodes")]
        else:
            nodes = func.json_extract(WorkflowRow.body, "$.graph.nodes")
        return func.coalesce(func.json_array_length(nodes), 0)
