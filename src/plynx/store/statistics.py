"""Counting queries behind the metrics and the dashboard.

Every query is scoped to the runs of one ``author`` when one is given (what a user who
cannot see others' workflows may see), and to every run otherwise. They read through the
indexes of the runs table and the primary key of the node states, so they stay cheap on a
large database: node queries only look at unfinished runs or at runs of a recent window.

A *task* is a node that executes a process: its cache key is set once its inputs are
known. Composite nodes (whose status sums up their inner nodes) and file nodes (which
execute nothing) have none, so counts of tasks leave them out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, exists, func, select

from plynx.model import Status
from plynx.store.repository import Repository
from plynx.store.tables import (
    CacheEntryRow,
    NodeStateRow,
    OperationRow,
    RunRow,
    WorkflowRow,
    table_of,
)

__all__ = ["CacheCounts", "RecentRun", "Statistics", "TaskAtWork"]

#: Statuses of a run that is not finished.
UNFINISHED = [Status.CREATED.value, Status.QUEUED.value, Status.RUNNING.value]

_runs = table_of(RunRow)
_nodes = table_of(NodeStateRow)


class TaskAtWork(BaseModel):
    """A task running now."""

    run_id: str
    run_title: str
    author: str
    node_id: str
    operation: str
    started_at: datetime | None


class RecentRun(BaseModel):
    """What a list of runs shows of one run."""

    id: str
    title: str
    workflow_id: str | None
    status: Status
    author: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


class CacheCounts(BaseModel):
    """Cache decisions of tasks that ended well: restored (``hits``) or computed (``misses``)."""

    hits: int
    misses: int

    @property
    def ratio(self) -> float | None:
        """``hits / (hits + misses)``; None without any decision."""
        total = self.hits + self.misses
        return self.hits / total if total else None


def _by_author(author: str | None) -> list[ColumnElement[bool]]:
    return [] if author is None else [_runs.c.author == author]


def _unfinished(author: str | None) -> list[ColumnElement[bool]]:
    return [_runs.c.status.in_(UNFINISHED), *_by_author(author)]


def _of_runs(query: Select[Any], *conditions: ColumnElement[bool]) -> Select[Any]:
    """``query`` on node states joined to their runs, filtered by ``conditions``."""
    return query.select_from(_nodes.join(_runs, _runs.c.id == _nodes.c.run_id)).where(*conditions)


class Statistics(Repository):
    """Counts of runs, nodes, tasks and cache decisions."""

    def runs_by_status(self, author: str | None = None) -> dict[Status, int]:
        """How many runs are in each status (every status is present, zero or not)."""
        query = (select(_runs.c.status, func.count()).where(*_by_author(author))
                 .group_by(_runs.c.status))
        counts = dict.fromkeys(Status, 0)
        with self._reading() as session:
            for status, count in session.execute(query):
                if status in counts:
                    counts[Status(status)] = int(count)
        return counts

    def nodes_by_status(self, author: str | None = None) -> dict[Status, int]:
        """How many nodes of unfinished runs are in each status, composite nodes included."""
        query = _of_runs(select(_nodes.c.status, func.count()),
                         *_unfinished(author)).group_by(_nodes.c.status)
        counts = dict.fromkeys(Status, 0)
        with self._reading() as session:
            for status, count in session.execute(query):
                if status in counts:
                    counts[Status(status)] = int(count)
        return counts

    def queue_length(self, author: str | None = None) -> int:
        """Tasks of unfinished runs waiting for an executor slot (or for an identical task)."""
        query = _of_runs(select(func.count()), *_unfinished(author),
                         _nodes.c.status == Status.QUEUED.value,
                         _nodes.c.cache_key.is_not(None))
        with self._reading() as session:
            return int(session.scalar(query) or 0)

    def tasks_at_work(self, author: str | None = None, limit: int = 100) -> list[TaskAtWork]:
        """Running tasks, longest running first, at most ``limit``."""
        query = _of_runs(
            select(_runs.c.id, _runs.c.title, _runs.c.author, _nodes.c.node_id,
                   _nodes.c.operation, _nodes.c.started_at),
            *_unfinished(author), _nodes.c.status == Status.RUNNING.value,
            _nodes.c.cache_key.is_not(None),
        ).order_by(_nodes.c.started_at, _runs.c.id, _nodes.c.node_id).limit(limit)
        with self._reading() as session:
            rows = session.execute(query).all()
        return [TaskAtWork(run_id=row[0], run_title=row[1], author=row[2], node_id=row[3],
                           operation=row[4], started_at=row[5]) for row in rows]

    def cache_counts(self, since: datetime, author: str | None = None) -> CacheCounts:
        """Cache decisions of the tasks of runs created at or after ``since``."""
        query = _of_runs(
            select(_nodes.c.status, func.count()),
            _runs.c.created_at >= since, *_by_author(author),
            _nodes.c.status.in_([Status.CACHED.value, Status.SUCCEEDED.value]),
            _nodes.c.cache_key.is_not(None),
        ).group_by(_nodes.c.status)
        with self._reading() as session:
            counts = {status: int(count) for status, count in session.execute(query)}
        return CacheCounts(hits=counts.get(Status.CACHED.value, 0),
                           misses=counts.get(Status.SUCCEEDED.value, 0))

    def recent_runs(self, author: str | None = None, limit: int = 10) -> list[RecentRun]:
        """The newest runs, at most ``limit``."""
        columns = [_runs.c[name] for name in RecentRun.model_fields]
        query = (select(*columns).where(*_by_author(author))
                 .order_by(_runs.c.created_at.desc(), _runs.c.id.desc()).limit(limit))
        with self._reading() as session:
            rows = session.execute(query).all()
        return [RecentRun.model_validate(row._asdict()) for row in rows]

    def cache_entries(self) -> int:
        """How many cache entries are stored."""
        with self._reading() as session:
            return int(session.scalar(select(func.count()).select_from(CacheEntryRow)) or 0)

    def catalogue_empty(self) -> bool:
        """Whether no operation and no workflow is stored (archived ones count)."""
        query = select(exists().select_from(OperationRow) | exists().select_from(WorkflowRow))
        with self._reading() as session:
            return not session.scalar(query)
