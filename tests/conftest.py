"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from plynx.config import Settings
from tests.databases import BACKENDS, postgres_schema

#: Runs ``plynx ARGS…`` in this process and returns click's result.
Invoke = Callable[..., Result]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh PLYNX_HOME for one test."""
    path = tmp_path / "home"
    monkeypatch.setenv("PLYNX_HOME", str(path))
    for name in list(os.environ):
        if name.startswith("PLYNX_") and name not in ("PLYNX_HOME", "PLYNX_TEST_POSTGRES_URL"):
            monkeypatch.delenv(name)
    return path


@pytest.fixture
def settings(home: Path) -> Settings:
    return Settings(home=home, concurrency=4)


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, settings: Settings) -> Iterator[object]:
    """An engine on a fresh home, with its metadata on SQLite and on PostgreSQL."""
    from plynx.engine import Engine

    if request.param == "sqlite":
        with Engine(settings) as engine:
            yield engine
        return
    with postgres_schema() as url, Engine(settings.model_copy(
            update={"database_url": url})) as engine:
        yield engine


@pytest.fixture
def invoke(home: Path) -> Invoke:
    """Run ``plynx ARGS…`` in this process with a fresh PLYNX_HOME."""
    from plynx.cli import cli

    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented file into a project folder; return its path."""
    root = tmp_path / "project"

    def write(name: str, text: str) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    return write
