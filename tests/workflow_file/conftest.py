"""Fixtures for workflow file tests: an artifact store and a helper writing files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from plynx.artifacts.store import ArtifactStore

Write = Callable[[str, str], Path]


@pytest.fixture
def store(tmp_path: Path) -> ArtifactStore:
    return ArtifactStore(str(tmp_path / "artifacts"))


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write dedented ``text`` to ``name`` under a project folder; return its path."""
    root = tmp_path / "project"

    def _write(name: str, text: str) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    return _write
