"""Workspaces are made ahead of need and deleted after use, leftovers of dead processes too."""

from __future__ import annotations

from pathlib import Path

from plynx.executors.workspaces import LAYOUT, READY, TRASH, Workspaces

PATIENCE = 10


def is_fresh(root: Path) -> bool:
    """A workspace as handed out: nothing but the empty folders of the layout."""
    found = sorted(str(path.relative_to(root)) for path in root.rglob("*"))
    return found == sorted(LAYOUT) and all((root / folder).is_dir() for folder in LAYOUT)


def test_taken_workspaces_are_fresh_and_the_next_one_is_made_ahead(tmp_path: Path) -> None:
    work = tmp_path / "work"
    workspaces = Workspaces()
    first = workspaces.take(work)  # the folder is made on demand
    assert first.parent == work and is_fresh(first)
    assert workspaces.wait(timeout=PATIENCE)
    spares = list((work / READY).iterdir())
    assert len(spares) == 1 and is_fresh(spares[0])

    second = workspaces.take(work)
    assert second == work / spares[0].name and is_fresh(second)  # the spare, moved out
    assert second != first


def test_reserve_keeps_as_many_spares_as_asked(tmp_path: Path) -> None:
    work = tmp_path / "work"
    workspaces = Workspaces()
    workspaces.reserve(work, 3)
    assert not work.exists()  # nothing is made before a task runs there
    workspaces.take(work)
    assert workspaces.wait(timeout=PATIENCE)
    assert len(list((work / READY).iterdir())) == 3


def test_discarded_workspaces_and_leftovers_are_deleted(tmp_path: Path) -> None:
    work = tmp_path / "work"
    leftover = work / TRASH / "task-old-1234"
    (leftover / "deep").mkdir(parents=True)
    half_made = work / READY / ".new-abcd"
    (half_made / "inputs").mkdir(parents=True)
    workspace = work / "task-new"
    (workspace / "locked").mkdir(parents=True)
    (workspace / "locked" / "file").write_text("x")
    (workspace / "locked").chmod(0o500)
    workspaces = Workspaces()
    workspaces.discard(workspace)
    assert not workspace.exists()  # moved away at once
    assert workspaces.wait(timeout=PATIENCE)
    assert list((work / TRASH).iterdir()) == []
    assert not half_made.exists()


def test_spares_left_by_an_earlier_process_are_used(tmp_path: Path) -> None:
    work = tmp_path / "work"
    earlier = Workspaces()
    earlier.take(work)
    assert earlier.wait(timeout=PATIENCE)
    [spare] = (work / READY).iterdir()

    later = Workspaces()
    assert later.take(work) == work / spare.name


def test_a_deleted_work_folder_is_not_made_again(tmp_path: Path) -> None:
    work = tmp_path / "work"
    workspaces = Workspaces()
    taken = workspaces.take(work)
    assert workspaces.wait(timeout=PATIENCE)
    workspaces.discard(taken)
    assert workspaces.wait(timeout=PATIENCE)
    for path in sorted(work.rglob("*"), reverse=True):
        path.rmdir()
    work.rmdir()
    workspaces.reserve(work, 2)  # wants more spares there: the thread must leave it alone
    assert workspaces.wait(timeout=PATIENCE)
    assert not work.exists()


def test_used_workspaces_come_back_empty(tmp_path: Path) -> None:
    work = tmp_path / "work"
    workspaces = Workspaces()
    used = workspaces.take(work)
    assert workspaces.wait(timeout=PATIENCE)  # a spare is made meanwhile
    (used / "script.sh").write_text("echo")
    (used / "inputs" / "0" / "data.csv").write_text("a,b")
    (used / "inputs" / "1").mkdir()
    (used / "outputs" / "out").mkdir()
    (used / "deep" / "er").mkdir(parents=True)
    (used / "deep").chmod(0o500)
    (used / "outputs").chmod(0o500)
    workspaces.discard(used)
    assert not used.exists()  # moved away at once
    assert workspaces.wait(timeout=PATIENCE)
    ready = list((work / READY).iterdir())
    assert len(ready) == 2 and all(is_fresh(root) for root in ready)
    assert (work / READY / used.name) in ready  # the same folder, to be used again
    assert (work / READY / used.name / "outputs").stat().st_mode & 0o777 == 0o755


def test_a_workspace_that_cannot_be_emptied_safely_is_deleted(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious").write_text("keep me")
    work = tmp_path / "work"
    workspaces = Workspaces()
    used = workspaces.take(work)
    (used / "outputs").rmdir()
    (used / "outputs").symlink_to(outside)  # emptying must not follow it
    workspaces.discard(used)
    assert workspaces.wait(timeout=PATIENCE)
    assert (outside / "precious").read_text() == "keep me"
    assert not (work / READY / used.name).exists()
    assert list((work / TRASH).iterdir()) == []
    assert all(is_fresh(root) for root in (work / READY).iterdir())
