"""Listing and searching runs, and reading one run or node without rebuilding anything.

Listings read only the summary columns of ``runs`` (never the snapshot) and filter and
order on indexed columns, so they stay fast on hundreds of thousands of runs.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, func, literal, literal_column, select, type_coerce

from plynx.errors import NotFound
from plynx.model import NodeState, Run, Status
from plynx.store import convert, rules
from plynx.store.repository import Repository
from plynx.store.searching import escape_like
from plynx.store.tables import NodeStateRow, RunRow, table_of


@dataclass(frozen=True)
class RunRecord:
    """What a listing shows of a run: everything but its snapshot."""

    id: str
    workflow_id: str | None
    title: str
    status: Status
    author: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    cancel_requested: bool
    keep: bool


_SUMMARY = (RunRow.id, RunRow.workflow_id, RunRow.title, RunRow.status, RunRow.author,
            RunRow.created_at, RunRow.started_at, RunRow.finished_at, RunRow.error,
            RunRow.cancel_requested, RunRow.keep)


_FIELDS = tuple(column.key for column in _SUMMARY)

#: What a node document holds of each node state.
_NODE_FIELDS = tuple(name for name in convert.node_state_columns() if name != "pid")

#: Up to this many matches, a search sorts them instead of walking the time index.
_FEW = 2000

#: Run ids looked up in one query.
_IDS_PER_QUERY = 500

#: Matches counted at most: beyond it, a search reports ``COUNT_LIMIT + 1`` ("more than").
COUNT_LIMIT = 10_000


def _record(values: Mapping[Any, Any]) -> RunRecord:
    return RunRecord(**{**values, "status": Status(values["status"])})


@dataclass(frozen=True)
class RunFilter:
    """Which runs a search returns; every given condition must hold.

    ``statuses`` matches any of them; ``since`` is inclusive and ``until`` exclusive on the
    creation time; ``q`` matches every word of the title; ``visible_to`` keeps only that
    user's runs (None: everybody's).
    """

    workflow_id: str | None = None
    statuses: Sequence[Status] = ()
    author: str | None = None
    visible_to: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    q: str | None = None

    def conditions(self, dialect: str = "postgresql") -> list[ColumnElement[bool]]:
        """The WHERE conditions on ``runs`` in SQL of ``dialect``."""
        conditions: list[ColumnElement[bool]] = []
        if self.workflow_id is not None:
            conditions.append(RunRow.workflow_id == self.workflow_id)
        if self.statuses:
            values = sorted({rules.status(s).value for s in self.statuses})
            conditions.append(RunRow.status == values[0] if len(values) == 1
                              else RunRow.status.in_(values))
        for author in (self.author, self.visible_to):
            if author is not None:
                conditions.append(RunRow.author == author)
        if self.since is not None:
            conditions.append(RunRow.created_at >= self.since)
        if self.until is not None:
            conditions.append(RunRow.created_at < self.until)
        for word in (self.q or "").lower().split():
            pattern = f"%{escape_like(word)}%"
            # SQLite's LIKE ignores ASCII case (as its lower() does): no function per row.
            # PostgreSQL's lower() then LIKE is faster than ILIKE.
            title = RunRow.title if dialect == "sqlite" else func.lower(RunRow.title)
            conditions.append(title.like(pattern, escape="\\"))
        return conditions


class RunIndex(Repository):
    """Listing and searching runs, and reading one run or node state directly."""

    def search(self, where: RunFilter, offset: int = 0,
               limit: int = 50) -> tuple[list[RunRecord], int]:
        """One page of the matching runs, newest first, and how many match in all, counted
        up to ``COUNT_LIMIT + 1`` (any larger number is cut there: counting every match of a
        big table costs more than a page is worth).

        Walking the creation time index backwards finds a page of frequent matches at
        once but crosses the whole table for rare ones; so once the count shows that few
        runs match, they are collected through the indexes of the filters and sorted.
        """
        conditions = where.conditions(self._dialect)
        # Selecting no column lets the databases count from an index alone.
        matches = (select(literal(1)).select_from(RunRow).where(*conditions)
                   .limit(COUNT_LIMIT + 1).subquery())
        count = select(func.count()).select_from(matches)
        with self._reading() as session:
            total = int(session.execute(count).scalar_one())
            if offset >= total and total <= COUNT_LIMIT:
                return [], total
            if conditions and total <= _FEW:
                # OFFSET 0 keeps both planners from merging the subquery into the
                # ordered query, so it is planned on its filters alone.
                matching = select(*_SUMMARY).where(*conditions).offset(0).subquery()
                query = select(matching).order_by(matching.c.created_at.desc(),
                                                  matching.c.id.desc())
            else:
                query = (select(*_SUMMARY).where(*conditions)
                         .order_by(RunRow.created_at.desc(), RunRow.id.desc()))
            rows = session.execute(query.offset(offset).limit(limit)).all()
        return [_record(row._mapping) for row in rows], total

    def summary(self, run_id: str) -> RunRecord:
        """The summary of run ``run_id``, or NotFound."""
        with self._reading() as session:
            row = session.execute(select(*_SUMMARY).where(RunRow.id == run_id)).first()
        if row is None:
            raise NotFound(f"run {run_id!r} not found")
        return _record(row._mapping)

    def authors(self, run_ids: Collection[str]) -> dict[str, str]:
        """The author of each run of ``run_ids`` that exists."""
        ids = sorted(set(run_ids))
        found: dict[str, str] = {}
        with self._reading() as session:
            for start in range(0, len(ids), _IDS_PER_QUERY):
                chunk = ids[start:start + _IDS_PER_QUERY]
                rows = session.execute(select(RunRow.id, RunRow.author)
                                       .where(RunRow.id.in_(chunk)))
                found.update((run_id, author) for run_id, author in rows)
        return found

    def detail(self, run_id: str) -> tuple[RunRecord, Run]:
        """The summary and the whole run (snapshot included) in one read, or NotFound."""
        with self._reading() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise NotFound(f"run {run_id!r} not found")
            record = _record({name: getattr(row, name) for name in _FIELDS})
            return record, convert.run_from_row(row)

    def node_document(self, run_id: str) -> str:
        """The state of every node of a run as one JSON array (in no set order), or NotFound.

        The database writes the document (times in UTC ISO 8601, no process ids), so a
        thousand nodes cost one row to fetch and one parse, not a thousand conversions.
        """
        table = table_of(NodeStateRow)
        document: Any
        if self._dialect == "sqlite":
            document = func.json_group_array(func.json_object(*self._node_pairs(table.c)))
        else:
            document = cast(func.json_agg(func.json_build_object(*self._node_pairs(table.c))),
                            Text)
        query = select(document).where(table.c.run_id == run_id)
        with self._reading() as session:
            found = session.execute(query).scalar()
            if found in (None, "[]") and session.get(RunRow, run_id) is None:
                raise NotFound(f"run {run_id!r} not found")
        return str(found or "[]")

    def _node_pairs(self, columns: Any) -> list[Any]:
        """Name, value, name, value… of a node's JSON object."""
        pairs: list[Any] = []
        for name in _NODE_FIELDS:
            column = columns[name]
            if name in ("started_at", "finished_at"):
                value = self._utc_text(column)
            elif name in ("cache", "outputs") and self._dialect == "sqlite":
                value = func.json(column)  # stored as text: embed it as JSON
            else:
                value = column
            pairs += [literal_column(f"'{name}'"), value]
        return pairs

    def _utc_text(self, column: Any) -> Any:
        """An ISO 8601 UTC time, whatever the session's time zone."""
        if self._dialect == "sqlite":  # stored as naive UTC text
            return func.replace(type_coerce(column, Text), " ", "T", type_=Text).concat("Z")
        return func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')

    def node_state(self, run_id: str, node_id: str) -> NodeState:
        """The state of one node of a run, or NotFound naming the run or the node."""
        table = table_of(NodeStateRow)
        columns = [table.c[name] for name in convert.node_state_columns()]
        query = select(*columns).where(table.c.run_id == run_id, table.c.node_id == node_id)
        with self._reading() as session:
            row = session.execute(query).first()
            if row is None:
                if session.get(RunRow, run_id) is None:
                    raise NotFound(f"run {run_id!r} not found")
                raise NotFound(f"run {run_id!r} has no node {node_id!r}")
        return convert.node_state_from_row(row)
