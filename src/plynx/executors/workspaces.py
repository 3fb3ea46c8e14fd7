"""Task workspaces, kept ready and recycled by a background thread, off the critical path.

Creating and deleting folders and files is one of the costliest steps of running a small
task, so workspaces are reused. A workspace is a folder holding empty ``inputs/0`` and
``outputs`` folders. A few are kept ready in ``<work_dir>/.ready``; a used one is moved
there at once, emptied back to that layout by the thread, and handed out again. Workspaces
beyond what is needed, and those that cannot be emptied, are renamed into
``<work_dir>/.trash`` and deleted. Ready workspaces an earlier process left are used; what
it left in the trash, half made or half emptied, is deleted.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import os
import shutil
import stat
import tempfile
import threading
import uuid
from pathlib import Path

READY = ".ready"
TRASH = ".trash"

#: The folders of a workspace, relative to it, as it is handed out.
LAYOUT = ("inputs", os.path.join("inputs", "0"), "outputs")

#: Workspaces kept ready in a work folder unless :meth:`Workspaces.reserve` asks for more.
DEFAULT_SPARES = 1

#: Seconds the interpreter waits at exit for the thread to finish its work.
EXIT_WAIT_SECONDS = 5.0

_PREFIX = "task-"  # a workspace ready to be handed out, or in use
_UNFINISHED = ".new-"  # being made
_USED = ".used-"  # waiting to be emptied


def remove_tree(root: Path) -> None:
    """Delete ``root``, also when the process left read-only folders (git objects, …)."""
    try:
        shutil.rmtree(root)
    except FileNotFoundError:
        return
    except OSError:
        for folder, _, _ in os.walk(root):
            os.chmod(folder, 0o700)
        shutil.rmtree(root, ignore_errors=True)


def make_workspace(parent: Path, prefix: str = _PREFIX) -> Path:
    """Create a new, empty workspace folder in ``parent`` (which exists)."""
    root = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    for folder in LAYOUT:
        os.mkdir(root / folder)
    return root


def empty_workspace(root: Path) -> None:
    """Bring a used workspace back to its layout: remove everything else, reset the modes
    of its folders. Raises OSError when it cannot (the workspace must be deleted then)."""
    _empty(root, keep={"inputs", "outputs"})
    _empty(root / "inputs", keep={"0"})
    _empty(root / "inputs" / "0", keep=set())
    _empty(root / "outputs", keep=set())
    for folder in LAYOUT:
        path = root / folder
        if not stat.S_ISDIR(path.lstat().st_mode):
            raise NotADirectoryError(f"{path} is not a folder")
        os.chmod(path, 0o755)
    os.chmod(root, 0o700)


def _empty(folder: Path, keep: set[str]) -> None:
    """Remove every entry of ``folder`` but the sub-folders named in ``keep``."""
    os.chmod(folder, 0o700)  # the process may have taken away our rights
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in keep:
                    remove_tree(Path(entry.path))
            else:
                os.unlink(entry.path)


class _Folder:
    """What the thread knows of one work folder."""

    __slots__ = ("path", "ready", "spares", "used")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ready: collections.deque[Path] = collections.deque()
        self.spares = DEFAULT_SPARES
        self.used = False  # spares are made only after a workspace was taken here


class Workspaces:
    """Hands out empty workspaces and recycles or deletes used ones, with one daemon thread.

    A work folder gets new workspaces while fewer than its ``spares`` are ready or being
    emptied, and keeps up to twice as many ready; the others are deleted.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._folders: dict[Path, _Folder] = {}
        self._used: collections.deque[tuple[_Folder, Path]] = collections.deque()
        self._doomed: collections.deque[Path] = collections.deque()
        self._working = False
        self._thread: threading.Thread | None = None

    def reserve(self, work_dir: Path, spares: int) -> None:
        """Keep ``spares`` workspaces ready in ``work_dir`` once tasks run there."""
        with self._cond:
            folder = self._folder(Path(work_dir))
            folder.spares = max(folder.spares, spares)
            self._wake()

    def take(self, work_dir: Path) -> Path:
        """An empty workspace in ``work_dir``; the caller owns it until :meth:`discard`."""
        work_dir = Path(work_dir)
        work_dir.mkdir(parents=True, exist_ok=True)
        while True:
            with self._cond:
                folder = self._folder(work_dir)
                folder.used = True
                spare = folder.ready.popleft() if folder.ready else None
                self._wake()
            if spare is None:
                return make_workspace(work_dir)
            root = work_dir / spare.name
            with contextlib.suppress(OSError):  # another process sharing the folder took it
                os.rename(spare, root)
                return root

    def discard(self, workspace: Path) -> None:
        """Take ``workspace`` back: moved out of the way now, emptied or deleted soon."""
        workspace = Path(workspace)
        with self._cond:
            folder = self._folder(workspace.parent)
        used = workspace.parent / READY / (_USED + workspace.name.removeprefix(_PREFIX))
        try:
            used.parent.mkdir(exist_ok=True)
            os.rename(workspace, used)
        except OSError:
            self._doom(workspace)
            return
        with self._cond:
            self._used.append((folder, used))
            self._wake()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the thread has nothing left to do; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._working and not self._pending(),
                                       timeout)

    # -- bookkeeping (with the lock held) -------------------------------------------------

    def _folder(self, path: Path) -> _Folder:
        """The record of ``path``; the first time, adopt or sweep what is left there."""
        folder = self._folders.get(path)
        if folder is None:
            folder = self._folders[path] = _Folder(path)
            for name in _listing(path / READY):
                if name.startswith(_PREFIX):
                    folder.ready.append(path / READY / name)
                else:
                    self._doomed.append(path / READY / name)
            self._doomed.extend(path / TRASH / name for name in _listing(path / TRASH))
        return folder

    def _short(self, folder: _Folder) -> bool:
        if not folder.used:
            return False
        coming = sum(1 for owner, _ in self._used if owner is folder)
        return len(folder.ready) + coming < folder.spares

    def _pending(self) -> bool:
        return bool(self._used or self._doomed) or any(map(self._short, self._folders.values()))

    def _wake(self) -> None:
        """Start the thread if needed and let it look for work (if there is some)."""
        if not self._pending():
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="plynx-workspaces",
                                            daemon=True)
            self._thread.start()
        self._cond.notify_all()

    # -- the thread -----------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._working = False
                self._cond.notify_all()
                while not self._pending():
                    self._cond.wait()
                self._working = True
                used = self._used.popleft() if self._used else None
                short = None if used else next(filter(self._short, self._folders.values()),
                                               None)
                doomed = None if used or short else self._doomed.popleft()
            if used is not None:
                self._recycle(*used)
            elif short is not None:
                self._make_spare(short)
            elif doomed is not None:
                remove_tree(doomed)

    def _recycle(self, folder: _Folder, used: Path) -> None:
        with self._cond:
            wanted = len(folder.ready) < 2 * folder.spares
        if wanted:
            try:
                empty_workspace(used)
                self._publish(folder, used)
                return
            except OSError:
                pass
        self._doom(used)

    def _make_spare(self, folder: _Folder) -> None:
        ready = folder.path / READY
        try:
            ready.mkdir(exist_ok=True)  # never remake a work folder someone deleted
            self._publish(folder, make_workspace(ready, prefix=_UNFINISHED))
        except OSError:  # the folder is gone or full: try again after the next take
            with self._cond:
                folder.used = False

    def _publish(self, folder: _Folder, prepared: Path) -> None:
        """Rename a workspace prepared in ``.ready`` so that it can be handed out."""
        name = prepared.name.removeprefix(_UNFINISHED).removeprefix(_USED)
        made = prepared.parent / (_PREFIX + name)
        os.rename(prepared, made)
        with self._cond:
            folder.ready.append(made)

    def _doom(self, path: Path) -> None:
        """Rename ``path`` into the trash of its work folder and have it deleted."""
        work_dir = path.parent.parent if path.parent.name == READY else path.parent
        target = work_dir / TRASH / f"{path.name}-{uuid.uuid4().hex[:8]}"
        try:
            target.parent.mkdir(exist_ok=True)
            os.rename(path, target)
        except OSError:
            remove_tree(path)
            return
        with self._cond:
            self._doomed.append(target)
            self._wake()


def _listing(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


#: The workspaces of this process.
WORKSPACES = Workspaces()
atexit.register(WORKSPACES.wait, EXIT_WAIT_SECONDS)
