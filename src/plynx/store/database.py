"""Engines for the metadata store: SQLite tuned for concurrent use, or any other URL.

SQLite gets write-ahead logging, ``synchronous=NORMAL``, foreign keys and a busy timeout.
Transactions that write start with ``BEGIN IMMEDIATE``: they take the write lock up front
and wait for it (up to the busy timeout) instead of failing with "database is locked" when
a read turns into a write. Reading transactions use a plain ``BEGIN`` and never block.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from plynx.errors import ConfigError

#: Seconds a SQLite connection waits for a lock before giving up.
SQLITE_BUSY_TIMEOUT = 30.0

#: Execution option marking connections whose transactions write.
WRITE_OPTION = "plynx_write"


def parse_url(url: str) -> URL:
    """``url`` as a SQLAlchemy URL, or ConfigError naming what is wrong."""
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"invalid database URL {url!r}: {exc}") from None


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file, its parent folder is created."""
    parsed = parse_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if is_memory_sqlite(parsed):
            # One shared connection: an in-memory database exists only inside it.
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            database = parsed.database or ""
            if not database.startswith("file:"):
                folder = Path(database).expanduser().resolve().parent
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ConfigError(f"cannot create the folder of the database {folder}: "
                                      f"{exc.strerror or exc}") from None
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ConfigError(f"database URL {parsed!r} needs a missing driver: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        _tune_sqlite(engine, memory=is_memory_sqlite(parsed))
    return engine


def writer(engine: Engine) -> Engine:
    """``engine`` marked so that its transactions begin ready to write."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _tune_sqlite(engine: Engine, *, memory: bool) -> None:
    busy_ms = int(SQLITE_BUSY_TIMEOUT * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
