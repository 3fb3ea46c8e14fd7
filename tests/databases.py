"""The databases tests run on: SQLite files, and PostgreSQL schemas made for one test.

PostgreSQL variants run when ``PLYNX_TEST_POSTGRES_URL`` is set (for example
``postgresql+psycopg://postgres@127.0.0.1:5432/test``) and are skipped otherwise. They work
in schemas with random names, dropped afterwards, so parallel test runs never meet.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

POSTGRES_ENV = "PLYNX_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    return url


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema, dropped on exit."""
    base = _postgres_base_url()
    schema = f"t_{uuid.uuid4().hex}"
    admin = create_engine(base, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()
