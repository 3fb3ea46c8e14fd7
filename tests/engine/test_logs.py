"""Log files of runs and nodes are always inside the log folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.engine.logs import log_path
from plynx.errors import UnsafePath


def test_nodes_of_composites_log_in_nested_folders(tmp_path: Path) -> None:
    assert log_path(tmp_path, "r1", "c/inner", "stdout") == tmp_path / "r1" / "c" / "inner" / \
        "stdout.log"
    assert log_path(tmp_path, "r1", None, "system") == tmp_path / "r1" / "system.log"


@pytest.mark.parametrize(("run_id", "node_id"), [
    ("r1", ".."), ("r1", "."), ("r1", "c/.."), ("r1", "../../x"), ("r1", "/tmp/x"),
    ("r1", "a\x00b"), ("r1", "c//inner"), ("..", "a"), ("r1/..", None),
])
def test_a_path_leading_outside_the_log_folder_is_refused(tmp_path: Path, run_id: str,
                                                          node_id: str | None) -> None:
    with pytest.raises(UnsafePath):
        log_path(tmp_path / "logs", run_id, node_id, "stdout")
