"""The base of every part of the metadata store: sessions on one SQLAlchemy engine.

Every method of a repository runs in its own short transaction on its own session, so one
repository may be shared by many threads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from plynx.errors import NotFound
from plynx.store.database import writer

R = TypeVar("R")
M = TypeVar("M")


class Repository:
    """Reading and writing sessions on ``engine``; writing ones take the write lock first."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._dialect = engine.dialect.name
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._writer = writer(engine)
        self._write = sessionmaker(self._writer, expire_on_commit=False)

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with self._read.begin() as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        with self._write.begin() as session:
            yield session

    def _get(self, row_class: type[R], key: str, what: str, to_model: Callable[[R], M]) -> M:
        """The row ``key`` of ``row_class`` as a model, or NotFound naming ``what``."""
        with self._reading() as session:
            row = session.get(row_class, key)
            if row is None:
                raise NotFound(f"{what} {key!r} not found")
            return to_model(row)

    def _insert(self, table: Table) -> Any:
        """An INSERT in the dialect of the engine (for ``on_conflict_*``)."""
        dialect = postgresql if self._dialect == "postgresql" else sqlite
        return dialect.insert(table)

    def _upsert(self, table: Table, key: Sequence[str]) -> Any:
        """An INSERT that updates every other column when ``key`` exists."""
        stmt = self._insert(table)
        changed = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in key}
        return stmt.on_conflict_do_update(index_elements=list(key), set_=changed)
