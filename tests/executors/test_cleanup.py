"""Finished workspaces are removed in the background, leftovers of dead processes too."""

from __future__ import annotations

from pathlib import Path

from plynx.executors.cleanup import TRASH, Cleaner


def test_discarded_workspaces_and_leftovers_are_deleted(tmp_path: Path) -> None:
    work = tmp_path / "work"
    leftover = work / TRASH / "task-old-1234"
    (leftover / "deep").mkdir(parents=True)
    workspace = work / "task-new"
    (workspace / "locked").mkdir(parents=True)
    (workspace / "locked" / "file").write_text("x")
    (workspace / "locked").chmod(0o500)
    cleaner = Cleaner()
    cleaner.discard(workspace)
    assert not workspace.exists()  # moved away at once
    assert cleaner.wait(timeout=10)
    assert list((work / TRASH).iterdir()) == []
