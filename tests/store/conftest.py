"""Fixtures of the metadata store tests: every test runs on SQLite and on PostgreSQL.

The PostgreSQL variants run when ``PLYNX_TEST_POSTGRES_URL`` is set (for example
``postgresql+psycopg://postgres@127.0.0.1:5432/test``) and are skipped otherwise. They work
in schemas with random names, dropped afterwards, so parallel test runs never meet: a fresh
schema per test for ``store_url``; for ``store``, one migrated schema per test session whose
tables are emptied after every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plynx.store import MetadataStore
from plynx.store.tables import Base
from tests.databases import BACKENDS, postgres_schema


def _sqlite_url(folder: Path) -> str:
    """A SQLite URL in folders that do not exist yet."""
    return f"sqlite:///{folder / 'not-yet' / 'created' / 'plynx.db'}"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database without any table."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture(scope="session")
def postgres_store_url() -> Iterator[str]:
    """A PostgreSQL schema migrated once for the whole test session."""
    with postgres_schema() as url:
        store = MetadataStore(url)
        try:
            store.upgrade()
        finally:
            store.close()
        yield url


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MetadataStore]:
    """A migrated metadata store without any row."""
    if request.param == "sqlite":
        metadata_store = MetadataStore(_sqlite_url(tmp_path))
        metadata_store.upgrade()
        try:
            yield metadata_store
        finally:
            metadata_store.close()
        return
    metadata_store = MetadataStore(request.getfixturevalue("postgres_store_url"))
    try:
        yield metadata_store
    finally:
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        with metadata_store.engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables}")
        metadata_store.close()
