"""``plynx local``, ``server``, ``scheduler`` and ``db upgrade`` from the command line (the
processes themselves are started in tests/server/test_processes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.store import MetadataStore
from plynx.store.migrate import current_revision
from tests.conftest import Invoke


@pytest.mark.parametrize("command", ["local", "server"])
def test_single_user_mode_refuses_to_listen_beyond_this_machine(invoke: Invoke, command: str,
                                                                home: Path) -> None:
    extra = ["--no-browser"] if command == "local" else []
    result = invoke(command, "--host", "0.0.0.0", *extra)

    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0" in result.output
    assert "PLYNX_SECRET" in result.output
    assert not (home / "plynx.db").exists()  # refused before anything started


def test_a_bad_port_is_refused(invoke: Invoke) -> None:
    result = invoke("server", "--port", "70000")
    assert result.exit_code == 2
    assert "--port" in result.output


def test_db_upgrade_migrates_and_prints_the_revision(invoke: Invoke, home: Path) -> None:
    result = invoke("db", "upgrade")

    assert result.exit_code == 0, result.output
    store = MetadataStore(f"sqlite:///{home / 'plynx.db'}")
    try:
        revision = current_revision(store.engine)
    finally:
        store.close()
    assert revision is not None
    assert result.output.strip() == (
        f"database sqlite:///{home / 'plynx.db'} is at revision {revision}")
    assert invoke("db", "upgrade").output == result.output  # nothing left to do


def test_db_upgrade_names_a_database_it_cannot_use(invoke: Invoke,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLYNX_DATABASE_URL", "mysql://nobody@127.0.0.1/plynx")
    result = invoke("db", "upgrade")
    assert result.exit_code == 2
    assert "Error:" in result.output and "mysql" in result.output


def test_the_commands_are_listed(invoke: Invoke) -> None:
    output = invoke("--help").output
    for command in ("local", "server", "scheduler", "db"):
        assert f"  {command}" in output
