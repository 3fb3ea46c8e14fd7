"""The metadata store: the source of truth for operations, workflows, runs and caching.

Every method runs in its own short transaction on its own session, so one store may be
shared by many threads. Reading methods return fresh pydantic models; nothing is cached in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, bindparam, delete, or_, select, update
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session

from plynx.errors import ConfigError, Conflict, InvalidInput, NotFound
from plynx.model import (
    Artifact,
    CacheEntry,
    Event,
    NodeState,
    Operation,
    OperationStatus,
    Run,
    Status,
    Workflow,
)
from plynx.store import convert, migrate, rules
from plynx.store.columns import utcnow
from plynx.store.database import make_engine, parse_url
from plynx.store.repository import Repository
from plynx.store.tables import (
    CHANGES,
    ArtifactRow,
    CacheEntryRow,
    NodeStateRow,
    OperationRow,
    RunRow,
    SequenceRow,
    UploadRow,
    WorkflowRow,
    table_of,
)

__all__ = ["MetadataStore"]

SUPPORTED_BACKENDS = ("sqlite", "postgresql")

_TERMINAL = sorted(s.value for s in Status if s.is_terminal)
_CHUNK = 500  # values per IN (...) list
T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class MetadataStore(Repository):
    """Operations, workflows, runs, node states, cache entries and artifacts in SQL.

    ``url`` is a SQLAlchemy URL: ``sqlite:///path/plynx.db`` or
    ``postgresql+psycopg://user@host/db``. Call ``upgrade()`` once to create or migrate
    the schema. An in-memory SQLite database (``sqlite://``) lives in one shared
    connection: use it from one thread only.
    """

    def __init__(self, url: str) -> None:
        backend = parse_url(url).get_backend_name()
        if backend not in SUPPORTED_BACKENDS:
            supported = ", ".join(SUPPORTED_BACKENDS)
            raise ConfigError(f"database {backend!r} is not supported; use one of: {supported}")
        super().__init__(make_engine(url))
        # Statements built once: building an upsert costs more than running it.
        self._insert_run = self._insert(table_of(RunRow))
        self._insert_nodes = self._insert(table_of(NodeStateRow))
        self._upsert_nodes = self._upsert(table_of(NodeStateRow), ("run_id", "node_id"))
        self._upsert_cache = self._upsert(table_of(CacheEntryRow), ("key",))
        self._insert_artifacts = self._insert(table_of(ArtifactRow)).on_conflict_do_nothing(
            index_elements=["digest"]
        )
        sequences = table_of(SequenceRow)
        bump = self._insert(sequences).values(name=CHANGES, value=1)
        self._bump_changes = bump.on_conflict_do_update(
            index_elements=["name"], set_={"value": sequences.c.value + 1}
        ).returning(sequences.c.value)
        cache_entries = table_of(CacheEntryRow)
        self._select_cache_entry = select(cache_entries).where(
            cache_entries.c.key == bindparam("key"))

    def __repr__(self) -> str:
        return f"MetadataStore({self.engine.url!r})"

    def __enter__(self) -> MetadataStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def upgrade(self) -> None:
        """Create the schema or migrate it to the latest revision.

        Raise ConfigError naming the database when it cannot be reached or used.
        """
        try:
            migrate.upgrade(self.engine)
        except DatabaseError as exc:  # unreachable, refused, or not a database at all
            where = self.engine.url.render_as_string(hide_password=True)
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise ConfigError(f"cannot use the database {where}: {reason}") from None

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    # operations

    def save_operation(self, op: Operation) -> Operation:
        """Insert or update ``op``; a published or deprecated one only changes status/successor.

        Raises Conflict when the content of a non-draft operation would change or when it
        would return to draft.
        """
        try:
            with self._writing() as session:
                row = session.get(OperationRow, op.id, with_for_update=True)
                if row is None:
                    saved = op.model_copy(update={"created_at": op.created_at or utcnow()})
                    session.add(OperationRow(**convert.operation_values(saved)))
                    return saved
                stored = convert.operation_from_row(row)
                rules.check_operation_change(stored, op)
                saved = op.model_copy(update={"created_at": row.created_at})
                for name, value in convert.operation_values(saved).items():
                    setattr(row, name, value)
                return saved
        except IntegrityError:
            raise Conflict(f"operation {op.id!r} was saved concurrently; try again") from None

    def get_operation(self, op_id: str) -> Operation:
        """The operation version ``op_id``, or NotFound."""
        return self._get(OperationRow, op_id, "operation", convert.operation_from_row)

    def list_operations(
        self, name: str | None = None, status: OperationStatus | None = None
    ) -> list[Operation]:
        """Operations by name, then version; optionally of one name and/or one status."""
        query = select(OperationRow).order_by(
            OperationRow.name, OperationRow.version, OperationRow.created_at, OperationRow.id
        )
        if name is not None:
            query = query.where(OperationRow.name == name)
        if status is not None:
            query = query.where(OperationRow.status == rules.operation_status(status).value)
        with self._reading() as session:
            return [convert.operation_from_row(row) for row in session.scalars(query)]

    # workflows

    def save_workflow(self, wf: Workflow) -> Workflow:
        """Insert or replace ``wf``; ``created_at`` is kept, ``updated_at`` set to now."""
        now = utcnow()
        with self._writing() as session:
            row = session.get(WorkflowRow, wf.id, with_for_update=True)
            created = row.created_at if row is not None else wf.created_at or now
            saved = wf.model_copy(update={"created_at": created, "updated_at": now})
            values = convert.workflow_values(saved)
            if row is None:
                session.add(WorkflowRow(**values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
        return saved

    def get_workflow(self, wf_id: str) -> Workflow:
        """The workflow ``wf_id``, or NotFound."""
        return self._get(WorkflowRow, wf_id, "workflow", convert.workflow_from_row)

    def list_workflows(self) -> list[Workflow]:
        """Every workflow, most recently updated first."""
        query = select(WorkflowRow).order_by(WorkflowRow.updated_at.desc(), WorkflowRow.id)
        with self._reading() as session:
            return [convert.workflow_from_row(row) for row in session.scalars(query)]

    # runs

    def create_run(self, run: Run, nodes: list[NodeState]) -> None:
        """Store ``run`` and the initial state of its nodes in one transaction.

        ``created_at`` defaults to now. Raises Conflict when the run id is taken.
        """
        rows = [convert.node_state_values(run.id, state) for state in rules.last_per_node(nodes)]
        try:
            with self._writing() as session:
                seq = self._next_change(session)
                values = convert.run_values(run, run.created_at or utcnow())
                session.execute(self._insert_run, [{**values, "seq": seq}])
                for row in rows:
                    row["seq"] = seq
                if rows:
                    session.execute(self._insert_nodes, rows)
        except IntegrityError:
            raise Conflict(f"run {run.id!r} already exists") from None

    def get_run(self, run_id: str) -> Run:
        """The run ``run_id`` with its snapshot and current status, or NotFound."""
        return self._get(RunRow, run_id, "run", convert.run_from_row)

    def list_runs(
        self,
        statuses: list[Status] | None = None,
        workflow_id: str | None = None,
        limit: int | None = None,
    ) -> list[Run]:
        """Runs newest first, optionally in some statuses, of one workflow, at most ``limit``."""
        query = select(RunRow).order_by(RunRow.created_at.desc(), RunRow.id.desc())
        if statuses is not None:
            query = query.where(RunRow.status.in_([rules.status(s).value for s in statuses]))
        if workflow_id is not None:
            query = query.where(RunRow.workflow_id == workflow_id)
        if limit is not None:
            if limit < 0:
                raise InvalidInput(f"limit must not be negative, got {limit}")
            query = query.limit(limit)
        with self._reading() as session:
            return [convert.run_from_row(row) for row in session.scalars(query)]

    def update_run(self, run_id: str, **fields: Any) -> None:
        """Change some of ``status``, ``started_at``, ``finished_at``, ``error``, ``keep``."""
        values = rules.run_changes(fields)
        with self._writing() as session:
            if not values:
                if session.get(RunRow, run_id) is None:
                    raise NotFound(f"run {run_id!r} not found")
                return
            runs = table_of(RunRow)
            values["seq"] = self._next_change(session)
            result = session.execute(update(runs).where(runs.c.id == run_id).values(values))
            if _rowcount(result) == 0:
                raise NotFound(f"run {run_id!r} not found")

    def _next_change(self, connection: Session | Connection) -> int:
        """Bump the change counter; the row stays locked until the transaction ends."""
        return int(connection.execute(self._bump_changes).scalar_one())

    def submitted_runs(self) -> list[str]:
        """Ids of queued runs no scheduler has claimed yet, oldest first."""
        query = (select(RunRow.id).where(RunRow.status == Status.QUEUED.value,
                                         RunRow.owner.is_(None))
                 .order_by(RunRow.created_at, RunRow.id))
        with self._reading() as session:
            return list(session.scalars(query))

    def claim_run(self, run_id: str, owner: str) -> bool:
        """Make ``owner`` the scheduler of an unclaimed queued run; False if another was first."""
        runs = table_of(RunRow)
        with self._writing() as session:
            seq = self._next_change(session)
            result = session.execute(
                update(runs).where(runs.c.id == run_id, runs.c.owner.is_(None),
                                   runs.c.status == Status.QUEUED.value)
                .values(owner=owner, seq=seq))
            return _rowcount(result) == 1

    def request_cancel(self, run_id: str) -> Run:
        """Ask for a run to be canceled; return it as it is now.

        A run no scheduler has claimed is canceled at once; a claimed one is flagged for its
        scheduler (see :meth:`cancel_requests`). A finished run is left as it is.
        """
        runs = table_of(RunRow)
        with self._writing() as session:
            row = session.get(RunRow, run_id, with_for_update=True)
            if row is None:
                raise NotFound(f"run {run_id!r} not found")
            if row.status not in _TERMINAL:
                seq = self._next_change(session)
                if row.owner is None:
                    now = utcnow()
                    nodes = table_of(NodeStateRow)
                    session.execute(
                        update(nodes).where(nodes.c.run_id == run_id,
                                            nodes.c.status.not_in(_TERMINAL))
                        .values(status=Status.CANCELED.value, finished_at=now, seq=seq,
                                error="canceled before it started"))
                    changes = {"status": Status.CANCELED.value, "finished_at": now}
                else:
                    changes = {"cancel_requested": True}
                session.execute(update(runs).where(runs.c.id == run_id)
                                .values(seq=seq, **changes))
            session.flush()
            session.refresh(row)
            return convert.run_from_row(row)

    def cancel_requests(self, owner: str) -> list[str]:
        """Ids of unfinished runs driven by ``owner`` that someone asked to cancel."""
        query = select(RunRow.id).where(RunRow.owner == owner,
                                        RunRow.cancel_requested.is_(True),
                                        RunRow.status.not_in(_TERMINAL))
        with self._reading() as session:
            return list(session.scalars(query))

    def last_change(self) -> int:
        """The latest value of the change counter."""
        query = select(SequenceRow.value).where(SequenceRow.name == CHANGES)
        with self._reading() as session:
            return int(session.scalar(query) or 0)

    def changes_since(self, seq: int, limit: int = 1000) -> list[Event]:
        """Runs and node states changed after change ``seq``, in change order."""
        runs = table_of(RunRow)
        nodes = table_of(NodeStateRow)
        run_columns = [runs.c[name] for name in convert.RUN_EVENT_COLUMNS]
        node_columns = [nodes.c[name] for name in convert.node_state_columns()]
        run_query = (select(*run_columns).where(runs.c.seq > seq)
                     .order_by(runs.c.seq).limit(limit))
        node_query = (select(nodes.c.run_id, nodes.c.seq, runs.c.author, *node_columns)
                      .join(runs, runs.c.id == nodes.c.run_id)
                      .where(nodes.c.seq > seq).order_by(nodes.c.seq).limit(limit))
        with self._reading() as session:
            run_rows = session.execute(run_query).all()
            node_rows = session.execute(node_query).all()
        events = [convert.run_event(row) for row in run_rows]
        events += [convert.node_event(row) for row in node_rows]
        events.sort(key=lambda e: (e.seq, e.kind != "run", e.node_id or ""))
        if len(run_rows) == limit or len(node_rows) == limit:
            # Keep only complete change numbers: the rest comes with the next call.
            last = min(rows[-1].seq for rows in (run_rows, node_rows) if len(rows) == limit)
            events = [e for e in events if e.seq < last] or [e for e in events if e.seq == last]
        return events

    def node_states(self, run_id: str) -> dict[str, NodeState]:
        """The state of every node of a run, by node id."""
        table = table_of(NodeStateRow)
        columns = [table.c[name] for name in convert.node_state_columns()]
        query = select(*columns).where(table.c.run_id == run_id)
        with self._reading() as session:
            rows = session.execute(query).all()
            if not rows and session.get(RunRow, run_id) is None:
                raise NotFound(f"run {run_id!r} not found")
        states = (convert.node_state_from_row(row) for row in rows)
        return {state.node_id: state for state in states}

    def save_node_states(self, run_id: str, states: Iterable[NodeState]) -> None:
        """Insert or update the given node states of a run, all in one transaction."""
        self.record_progress(run_id, states)

    def record_progress(self, run_id: str, states: Iterable[NodeState],
                        artifacts: Iterable[Artifact] = (),
                        cache_entries: Iterable[CacheEntry] = ()) -> None:
        """In ONE transaction: save node states of a run, remember the artifacts they
        produced and store the cache entries of their executions. A node is never recorded
        as succeeded without its cache entry, nor the other way round.
        """
        rows = [convert.node_state_values(run_id, state) for state in rules.last_per_node(states)]
        unique = {a.digest: a for a in artifacts}
        artifact_rows = [unique[digest].model_dump() for digest in sorted(unique)]
        entry_rows = [convert.cache_entry_values(e) for e in cache_entries]
        if not (rows or artifact_rows or entry_rows):
            return
        try:
            with self._writer.begin() as connection:  # the scheduler's hot path: no ORM
                if rows:
                    seq = self._next_change(connection)
                    for row in rows:
                        row["seq"] = seq
                    connection.execute(self._upsert_nodes, rows)
                if artifact_rows:
                    connection.execute(self._insert_artifacts, artifact_rows)
                if entry_rows:
                    connection.execute(self._upsert_cache, entry_rows)
        except IntegrityError:
            with self._reading() as session:
                if session.get(RunRow, run_id) is None:
                    raise NotFound(f"run {run_id!r} not found") from None
            raise

    # cache

    def get_cache_entry(self, key: str) -> CacheEntry | None:
        """The entry stored under ``key`` (expired or not), or None."""
        # On the scheduler's hot path: a plain connection, no ORM session.
        with self.engine.connect() as connection:
            row = connection.execute(self._select_cache_entry, {"key": key}).first()
        return None if row is None else convert.cache_entry_from_row(row)

    def get_cache_entries(self, keys: Iterable[str]) -> dict[str, CacheEntry]:
        """The entries stored under any of ``keys``, by key (absent keys are left out)."""
        unique = sorted(set(keys))
        table = table_of(CacheEntryRow)
        found: dict[str, CacheEntry] = {}
        with self.engine.connect() as connection:
            for chunk in _chunks(unique):
                rows = connection.execute(select(table).where(table.c.key.in_(chunk)))
                found.update((row.key, convert.cache_entry_from_row(row)) for row in rows)
        return found

    def put_cache_entry(self, entry: CacheEntry) -> None:
        """Store ``entry``, replacing any entry with the same key."""
        with self._writing() as session:
            session.execute(self._upsert_cache, [convert.cache_entry_values(entry)])

    def list_cache_entries(self) -> list[CacheEntry]:
        """Every cache entry, newest first."""
        query = select(CacheEntryRow).order_by(CacheEntryRow.created_at.desc(), CacheEntryRow.key)
        with self._reading() as session:
            return [convert.cache_entry_from_row(row) for row in session.scalars(query)]

    def delete_cache_entries(
        self,
        keys: list[str] | None = None,
        older_than: datetime | None = None,
        operation_id: str | None = None,
    ) -> int:
        """Delete the entries matching every given filter (all entries without one).

        Returns how many were deleted. An empty ``keys`` list matches nothing.
        """
        conditions: list[ColumnElement[bool]] = []
        if older_than is not None:
            conditions.append(CacheEntryRow.created_at < older_than)
        if operation_id is not None:
            conditions.append(CacheEntryRow.operation_id == operation_id)
        with self._writing() as session:
            if keys is None:
                return _rowcount(session.execute(delete(CacheEntryRow).where(*conditions)))
            deleted = 0
            for chunk in _chunks(sorted(set(keys))):
                stmt = delete(CacheEntryRow).where(CacheEntryRow.key.in_(chunk), *conditions)
                deleted += _rowcount(session.execute(stmt))
            return deleted

    # artifacts

    def record_artifacts(self, artifacts: Iterable[Artifact]) -> None:
        """Remember artifacts written to the artifact store; known digests are ignored."""
        unique = {a.digest: a for a in artifacts}
        if not unique:
            return
        rows = [unique[digest].model_dump() for digest in sorted(unique)]
        with self._writing() as session:
            session.execute(self._insert_artifacts, rows)

    def list_artifacts(self) -> list[Artifact]:
        """Every recorded artifact, by digest."""
        with self._reading() as session:
            rows = session.scalars(select(ArtifactRow).order_by(ArtifactRow.digest))
            return [Artifact(digest=r.digest, size=r.size, directory=r.directory) for r in rows]

    def delete_artifacts(self, digests: Iterable[str]) -> None:
        """Forget the given artifacts (unknown digests are ignored)."""
        unique = sorted(set(digests))
        if not unique:
            return
        with self._writing() as session:
            for chunk in _chunks(unique):
                session.execute(delete(ArtifactRow).where(ArtifactRow.digest.in_(chunk)))

    def referenced_digests(self) -> set[str]:
        """Digests that garbage collection must keep.

        Those are the outputs of every cache entry; the node outputs and embedded file
        operations of runs that are kept or not finished; the artifact of every stored
        operation; the file operations embedded in stored workflows; and every upload.
        """
        live = or_(RunRow.keep.is_(True), RunRow.status.not_in(_TERMINAL))
        node_outputs = (
            select(NodeStateRow.outputs).join(RunRow, RunRow.id == NodeStateRow.run_id).where(live)
        )
        digests: set[str] = set()
        with self._reading() as session:
            if self._dialect == "postgresql":
                # One snapshot for all the queries below.
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            for outputs in session.scalars(select(CacheEntryRow.outputs)):
                digests.update(convert.output_digests(outputs))
            for outputs in session.scalars(node_outputs):
                digests.update(convert.output_digests(outputs))
            for embedded in session.scalars(select(RunRow.digests).where(live)):
                digests.update(embedded)
            for embedded in session.scalars(select(WorkflowRow.digests)):
                digests.update(embedded)
            artifacts = select(OperationRow.artifact).where(OperationRow.artifact.is_not(None))
            digests.update(d for d in session.scalars(artifacts) if d)
            digests.update(session.scalars(select(UploadRow.digest)))
        return digests


def _rowcount(result: Any) -> int:
    return int(result.rowcount)
