"""The general resource types: any file, a directory, an executable."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path
from typing import BinaryIO

from plynx.artifacts import Entry, list_archive
from plynx.artifacts.archive import sorted_entries
from plynx.errors import ExecutionError
from plynx.resources.base import Preview, PreviewLimits, ResourceType
from plynx.resources.heads import binary_preview, looks_like_text, text_preview


class FileType(ResourceType):
    """Any single file. Previewed as text when it looks like text, else by its size."""

    name = "file"
    description = "Any file."

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        with open(path, "rb") as source:
            head = source.read(min(limits.max_bytes, 8192))
        if looks_like_text(head):
            return text_preview(path, limits, "text/plain")
        return binary_preview(path, self.media_type)

    def preview_head(self, limits: PreviewLimits) -> int | None:
        return limits.max_bytes + 1


class ExecutableType(FileType):
    """A program or script; made executable before the process runs."""

    name = "executable"
    description = "An executable file: a program or a script with its #! line."
    is_a = ("file",)

    def prepare_input(self, path: Path) -> None:
        """Add the executable bit wherever the file is readable, like ``chmod +x``."""
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
            os.chmod(path, mode | 0o100 | ((mode & 0o044) >> 2))
        except OSError as exc:
            raise ExecutionError(f"cannot make {path} executable: {exc.strerror}") from exc


class DirectoryType(ResourceType):
    """A directory of files. Previewed as a bounded listing of what it holds."""

    name = "directory"
    description = "A directory, with any files and folders inside."
    directory = True
    media_type = "application/x-tar"

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        entries, truncated = _walk(Path(path), limits.max_entries)
        return _listing(entries, truncated, self.media_type)

    def preview_archive(self, archive: BinaryIO, limits: PreviewLimits) -> Preview:
        """The same listing, read from the stored archive without extracting it.

        Subclasses that change ``preview`` should change this too (or delete it, so
        that previews extract the directory first).
        """
        entries, truncated = list_archive(archive, limits.max_entries)
        return _listing(entries, truncated, self.media_type)


def _listing(entries: list[Entry], truncated: bool, media_type: str) -> Preview:
    return Preview(
        type="directory",
        data={"entries": [dataclasses.asdict(e) for e in entries]},
        truncated=truncated,
        media_type=media_type,
    )


def _walk(root: Path, limit: int) -> tuple[list[Entry], bool]:
    """Up to ``limit`` entries under ``root`` in archive order; whether there are more."""
    entries: list[Entry] = []
    stack = [("", sorted_entries(root))]
    while stack:
        prefix, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if len(entries) >= limit:
            return entries, True
        name = f"{prefix}{child.name}"
        info = child.stat(follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            entries.append(Entry(name, "directory"))
            stack.append((f"{name}/", sorted_entries(Path(child.path))))
        elif stat.S_ISLNK(info.st_mode):
            entries.append(Entry(name, "link", target=os.readlink(child.path)))
        else:
            executable = bool(info.st_mode & 0o111)
            entries.append(Entry(name, "file", size=info.st_size, executable=executable))
    return entries, False
