"""Removing finished task workspaces off the critical path.

A finished workspace is renamed into ``<work_dir>/.trash`` (one cheap rename) and deleted by
a background thread, so the next task need not wait for a folder tree to be removed. What a
stopped process left in a trash folder is deleted the next time one is used.
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import threading
import uuid
from pathlib import Path

TRASH = ".trash"

#: Seconds the interpreter waits at exit for pending deletions.
EXIT_WAIT_SECONDS = 5.0


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


class Cleaner:
    """A daemon thread deleting discarded workspaces."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._swept: set[Path] = set()
        self._idle = threading.Event()
        self._idle.set()

    def discard(self, workspace: Path) -> None:
        """Move ``workspace`` out of the way now; delete it soon."""
        trash = workspace.parent / TRASH
        self._sweep(trash)
        target = trash / f"{workspace.name}-{uuid.uuid4().hex[:8]}"
        try:
            trash.mkdir(exist_ok=True)
            os.rename(workspace, target)
        except OSError:
            remove_tree(workspace)
            return
        self._put(target)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every discarded workspace is deleted; False on timeout."""
        return self._idle.wait(timeout)

    def _sweep(self, trash: Path) -> None:
        """Queue what an earlier process left in ``trash`` (once per trash folder)."""
        with self._lock:
            if trash in self._swept:
                return
            self._swept.add(trash)
        if trash.is_dir():
            for leftover in trash.iterdir():
                self._put(leftover)

    def _put(self, path: Path) -> None:
        with self._lock:
            self._idle.clear()
            self._queue.put(path)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="plynx-cleaner",
                                                daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            path = self._queue.get()
            if path is not None:
                remove_tree(path)
            with self._lock:
                if self._queue.empty():
                    self._idle.set()


#: The cleaner of this process.
CLEANER = Cleaner()
atexit.register(CLEANER.wait, EXIT_WAIT_SECONDS)
