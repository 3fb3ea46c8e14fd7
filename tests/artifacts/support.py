"""Helpers to build and compare directory trees."""

from __future__ import annotations

import os
from pathlib import Path

from plynx.artifacts import ArtifactStore


def make_tree(root: Path) -> Path:
    """A directory with nested and empty folders, an executable and a relative link."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "empty").mkdir()
    (root / "sub" / "empty too").mkdir()
    (root / "a.txt").write_text("alpha\n")
    (root / "sub" / "deeper" / "b.bin").write_bytes(bytes(range(256)) * 10)
    script = root / "sub" / "run.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o755)
    (root / "link").symlink_to("sub/run.sh")
    return root


def snapshot(root: Path) -> dict[str, tuple[str, object]]:
    """Everything that must survive a round trip: kinds, contents, executable bits, links."""
    found: dict[str, tuple[str, object]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = ("dir", None)
            else:
                found[key] = ("file", (path.read_bytes(), bool(path.stat().st_mode & 0o111)))
    return found


def temporary_files(store: ArtifactStore) -> list[str]:
    """What lies in the store's temporary folder (nothing, once writers are done)."""
    folder = f"{store.root}/tmp"
    return list(store.fs.find(folder)) if store.fs.exists(folder) else []
