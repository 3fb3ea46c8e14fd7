"""SQLAlchemy tables of the metadata store.

Searchable fields are columns; the rest of a model is kept in a JSON body. Node states are a
table of their own, one lean row per run and node, because the scheduler updates them all
the time. Statuses are plain strings (no database enums), so adding one needs no migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from plynx.store.columns import CleanText, UTCDateTime

ID = String(255)
NODE_ID = String(1024)
STATUS = String(32)
DIGEST = String(64)
CACHE_KEY = String(128)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base holding the metadata that the migrations must reproduce."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class OperationRow(Base):
    """One operation version; ``body`` is the whole model."""

    __tablename__ = "operations"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(STATUS)
    successor: Mapped[str | None] = mapped_column(ID)
    artifact: Mapped[str | None] = mapped_column(DIGEST)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    archived: Mapped[bool] = mapped_column(server_default=false())
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    input_types: Mapped[str] = mapped_column(Text, server_default="")
    output_types: Mapped[str] = mapped_column(Text, server_default="")
    body: Mapped[dict[str, Any]]

    __table_args__ = (
        # archived too: listing the newest versions counts from this index alone
        Index("ix_operations_name_version_archived", "name", "version", "archived"),
        Index("ix_operations_status", "status"),
        Index("ix_operations_created_at", "created_at"),
    )


class WorkflowRow(Base):
    """One workflow; ``digests`` lists the artifacts of the file operations it embeds."""

    __tablename__ = "workflows"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(CleanText)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    archived: Mapped[bool] = mapped_column(server_default=false())
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    digests: Mapped[list[str]] = mapped_column(JSON)
    body: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_workflows_updated_at", "updated_at"),)


class RunRow(Base):
    """One run: its mutable status columns and an immutable ``snapshot``.

    ``snapshot`` holds the workflow, parameter values and options frozen at launch;
    ``digests`` lists the artifacts of the file operations embedded in it.
    """

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    workflow_id: Mapped[str | None] = mapped_column(ID)
    title: Mapped[str] = mapped_column(CleanText)
    status: Mapped[str] = mapped_column(STATUS)
    keep: Mapped[bool]
    author: Mapped[str] = mapped_column(String(255))
    owner: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(CleanText)
    cancel_requested: Mapped[bool] = mapped_column(server_default=false())
    seq: Mapped[int] = mapped_column(BigInteger, server_default="0")
    digests: Mapped[list[str]] = mapped_column(JSON)
    snapshot: Mapped[dict[str, Any]]

    __table_args__ = (
        Index("ix_runs_created_at", "created_at"),
        Index("ix_runs_seq", "seq"),
        Index("ix_runs_author_created_at", "author", "created_at"),
        Index("ix_runs_author_status_created_at", "author", "status", "created_at"),
        Index("ix_runs_status_created_at", "status", "created_at"),
        Index("ix_runs_workflow_id_created_at", "workflow_id", "created_at"),
    )


class NodeStateRow(Base):
    """The state of one node of one run."""

    __tablename__ = "node_states"

    run_id: Mapped[str] = mapped_column(
        ID, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
    )
    node_id: Mapped[str] = mapped_column(NODE_ID, primary_key=True)
    parent: Mapped[str | None] = mapped_column(NODE_ID)
    operation: Mapped[str] = mapped_column(ID)
    status: Mapped[str] = mapped_column(STATUS)
    attempts: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    exit_code: Mapped[int | None] = mapped_column(Integer)
    cache_key: Mapped[str | None] = mapped_column(CACHE_KEY)
    cache: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    outputs: Mapped[dict[str, Any]]
    error: Mapped[str | None] = mapped_column(CleanText)
    pid: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, server_default="0")

    __table_args__ = (Index("ix_node_states_seq", "seq"),)


class CacheEntryRow(Base):
    """The outputs of a successful execution, re-usable under ``key``."""

    __tablename__ = "cache_entries"

    key: Mapped[str] = mapped_column(CACHE_KEY, primary_key=True)
    run_id: Mapped[str] = mapped_column(ID)
    node_id: Mapped[str] = mapped_column(NODE_ID)
    operation_id: Mapped[str] = mapped_column(ID)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    outputs: Mapped[dict[str, Any]]

    __table_args__ = (
        Index("ix_cache_entries_created_at", "created_at"),
        Index("ix_cache_entries_operation_id", "operation_id"),
    )


class ArtifactRow(Base):
    """A stored blob known to the artifact store."""

    __tablename__ = "artifacts"

    digest: Mapped[str] = mapped_column(DIGEST, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    directory: Mapped[bool]


#: Indexes the migrations create differently on each database (see migration 0003), so
#: they are not part of the table metadata.
DIALECT_INDEXES = frozenset({"ix_runs_title", "ix_runs_title_trigrams"})

#: The name of the counter that orders changes of runs and node states.
CHANGES = "changes"


class SequenceRow(Base):
    """A counter bumped by every transaction that changes run or node states.

    Changed rows take the new value in their ``seq`` column, so readers follow changes
    with ``seq > last seen``. The counter row stays locked until the transaction commits,
    so values become visible in increasing order.
    """

    __tablename__ = "sequences"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class UserRow(Base):
    """An account; ``generation`` is bumped to invalidate every token issued before."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool]
    policies: Mapped[list[str]] = mapped_column(JSON)
    generation: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    settings: Mapped[dict[str, Any]]


class ApiTokenRow(Base):
    """A long-lived token for scripts, stored as the sha256 of its value."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    digest: Mapped[str] = mapped_column(DIGEST, unique=True)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_api_tokens_user_id", "user_id"),)


class LoginFailureRow(Base):
    """Failed logins of one account or client address (``scope``) within a window that
    started at ``window_start``; ``key`` is the SHA-256 of the lower-case username or of
    the address."""

    __tablename__ = "login_failures"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(DIGEST, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime]

    __table_args__ = (Index("ix_login_failures_window_start", "window_start"),)


class StarRow(Base):
    """A user's star on an operation (all versions of one name)."""

    __tablename__ = "stars"

    user_id: Mapped[str] = mapped_column(
        ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    operation_name: Mapped[str] = mapped_column(String(255), primary_key=True)


class UploadRow(Base):
    """A file a user uploaded into the artifact store."""

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    digest: Mapped[str] = mapped_column(DIGEST)
    filename: Mapped[str] = mapped_column(CleanText)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_uploads_digest", "digest"),)


def table_of(row: type[Base]) -> Table:
    """The Core table behind a row class, for bulk statements."""
    return Base.metadata.tables[row.__tablename__]
