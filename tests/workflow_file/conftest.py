"""Fixtures for workflow file tests: an artifact store and a helper writing files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from plynx.artifacts.store import ArtifactStore

Write = Callable[[str, str], Path]


@pytest.fixture
def store(tmp_path: Path) -> ArtifactStore:
    return ArtifactStore(str(tmp_path / "artifacts"))


@pytest.fixture
def write(project: Write) -> Write:
    """Write dedented ``text`` to ``name`` under a project folder; return its path."""
    return project
