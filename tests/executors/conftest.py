from __future__ import annotations

from pathlib import Path

import pytest

from tests.executors.support import Bench


@pytest.fixture
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bench:
    monkeypatch.delenv("PLYNX_KEEP_WORKSPACE", raising=False)
    return Bench(tmp_path)
