"""Engines: SQLite tuning, the folder of a new database file, unsupported URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.errors import ConfigError
from plynx.model import NodeState, Run, Workflow
from plynx.store import MetadataStore


def _pragma(store: MetadataStore, name: str) -> object:
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_file_is_created_with_its_folders_and_tuned(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "plynx.db"
    with MetadataStore(f"sqlite:///{path}") as store:
        store.upgrade()
        assert path.is_file()
        assert _pragma(store, "journal_mode") == "wal"
        assert _pragma(store, "synchronous") == 1  # NORMAL
        assert _pragma(store, "foreign_keys") == 1
        assert _pragma(store, "busy_timeout") >= 1000


def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    with MetadataStore(f"sqlite:///{tmp_path / 'plynx.db'}") as store:
        store.upgrade()
        with store.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO runs (id, title, status, keep, author, created_at, digests, snapshot)"
                " VALUES ('r', '', 'created', 0, 'a', '2024-01-01 00:00:00', '[]', '{}')"
            )
            connection.exec_driver_sql(
                "INSERT INTO node_states (run_id, node_id, operation, status, attempts, outputs)"
                " VALUES ('r', 'n', 'op', 'created', 0, '{}')"
            )
        with store.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM runs WHERE id = 'r'")
            remaining = connection.exec_driver_sql("SELECT count(*) FROM node_states").scalar()
        assert remaining == 0  # deleted with their run


def test_in_memory_sqlite_works_in_one_thread() -> None:
    with MetadataStore("sqlite://") as store:
        store.upgrade()
        run = Run(workflow=Workflow())
        store.create_run(run, [NodeState(node_id="a", operation="op")])
        assert list(store.node_states(run.id)) == ["a"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user@localhost/plynx", "not supported"),
        ("not a url", "invalid database URL"),
    ],
)
def test_unusable_urls_are_refused_clearly(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        MetadataStore(url)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://plynx:secret@127.0.0.1:1/plynx",  # nothing listens on port 1
        "sqlite:////proc/plynx/plynx.db",  # a folder that cannot exist
    ],
)
def test_an_unreachable_database_is_named_without_its_password(url: str) -> None:
    """Unreachable servers and impossible files are configuration errors."""
    try:
        store = MetadataStore(url)
    except ConfigError as exc:  # refused before connecting: also a clear error
        assert "secret" not in str(exc)
        return
    with pytest.raises(ConfigError, match="cannot use the database") as caught:
        store.upgrade()
    assert "secret" not in str(caught.value)
    store.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plynx.db"
    path.write_text("this is not a database\n" * 100)
    store = MetadataStore(f"sqlite:///{path}")
    with pytest.raises(ConfigError, match="file is not a database"):
        store.upgrade()
    store.close()
