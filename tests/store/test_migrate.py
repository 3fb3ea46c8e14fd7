"""Migrations: shipped in the package, applied programmatically, matching the tables."""

from __future__ import annotations

import warnings

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from plynx.errors import ConfigError
from plynx.store import MetadataStore
from plynx.store.migrate import MIGRATIONS_DIR, alembic_config, current_revision
from plynx.store.tables import DIALECT_INDEXES, Base

TABLES = {"operations", "workflows", "runs", "node_states", "cache_entries", "artifacts",
          "sequences", "users", "api_tokens", "stars", "uploads", "login_failures"}


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_ship_inside_the_package() -> None:
    assert MIGRATIONS_DIR.parent.name == "store"
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()
    assert _head() == "0004"


def test_upgrade_creates_every_table_and_is_idempotent(store_url: str) -> None:
    with MetadataStore(store_url) as store:
        assert current_revision(store.engine) is None
        store.upgrade()
        store.upgrade()
        assert current_revision(store.engine) == _head()
        assert set(inspect(store.engine).get_table_names()) >= TABLES


def test_migrations_produce_exactly_the_table_metadata(store: MetadataStore) -> None:
    def tabled(name: str | None, type_: str, _parent: object) -> bool:
        return not (type_ == "index" and name in DIALECT_INDEXES)

    with store.engine.connect() as connection, warnings.catch_warnings():
        # PostgreSQL: the expression index of run titles is not reflected, and says so
        warnings.filterwarnings("ignore", message=".*expression-based index")
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": tabled})
        assert compare_metadata(context, Base.metadata) == []


def test_run_titles_have_a_search_index(store: MetadataStore) -> None:
    with store.engine.connect() as connection, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expression-based index")
        names = {index["name"] for index in inspect(connection).get_indexes("runs")}
    expected = "ix_runs_title_trigrams" if store.engine.dialect.name == "postgresql" \
        else "ix_runs_title"
    assert expected in names


def test_downgrade_removes_the_tables(store_url: str) -> None:
    with MetadataStore(store_url) as store:
        store.upgrade()
        with store.engine.begin() as connection:
            command.downgrade(alembic_config(connection=connection), "base")
        assert not TABLES & set(inspect(store.engine).get_table_names())
        store.upgrade()
        assert set(inspect(store.engine).get_table_names()) >= TABLES


def test_a_database_from_an_unknown_revision_is_refused(store_url: str) -> None:
    with MetadataStore(store_url) as store:
        store.upgrade()
        with store.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
        with pytest.raises(ConfigError, match="cannot migrate"):
            store.upgrade()
