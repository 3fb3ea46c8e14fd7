"""Directories as deterministic tar archives, and their safe extraction.

A directory is stored as one uncompressed POSIX (pax) tar archive written so that the same
content always gives the same bytes, hence the same digest:

- entries in sorted order (by name, per directory), each directory before its content;
- modification times, owners and groups zeroed;
- modes reduced to ``0o644`` / ``0o755``: only the executable bit is kept;
- symbolic links kept as links when they stay inside the directory (absolute targets
  inside it are made relative); links leaving it, and special files, are refused.

Extraction never writes outside its destination: absolute names, ``..`` components,
paths through symbolic links, links leaving the destination, hard links and special
files are refused with an :class:`~plynx.errors.ArtifactError`.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import stat
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from plynx.artifacts.hashing import CHUNK_SIZE
from plynx.errors import ArtifactError

FORMAT = tarfile.PAX_FORMAT
FILE_MODE = 0o644
EXECUTABLE_MODE = 0o755
DIRECTORY_MODE = 0o755


@dataclass(frozen=True)
class Entry:
    """One member of a directory archive, as listings show it."""

    path: str
    type: str  # "file", "directory" or "link"
    size: int = 0
    executable: bool = False
    target: str | None = None


# --------------------------------------------------------------------------- writing


def pack_directory(root: Path, out: BinaryIO) -> None:
    """Write the deterministic archive of the directory ``root`` into ``out``.

    ``out`` needs ``write`` and ``tell`` (see :class:`~plynx.artifacts.hashing.HashingWriter`).
    """
    root = Path(root)
    if not root.is_dir():
        raise ArtifactError(f"cannot archive {root}: not a directory")
    real_root = os.path.realpath(root)
    try:
        with tarfile.open(  # type: ignore[call-overload]  # copybufsize: missing from the stubs
            fileobj=out, mode="w", format=FORMAT, encoding="utf-8", copybufsize=CHUNK_SIZE
        ) as tar:
            for relative, path, info in _walk(root):
                _add(tar, relative, path, info, root, real_root)
    except OSError as exc:
        raise ArtifactError(f"cannot archive {root}: {exc}") from exc


def _walk(root: Path) -> Iterator[tuple[str, Path, os.stat_result]]:
    """(posix relative name, path, lstat) of everything under ``root``: each folder's
    entries sorted by name, each directory followed at once by its content."""
    stack = [("", sorted_entries(root))]
    while stack:
        prefix, entries = stack[-1]
        child = next(entries, None)
        if child is None:
            stack.pop()
            continue
        relative = f"{prefix}{child.name}"
        info = child.stat(follow_symlinks=False)
        yield relative, Path(child.path), info
        if stat.S_ISDIR(info.st_mode):
            stack.append((f"{relative}/", sorted_entries(Path(child.path))))


def sorted_entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    """The entries of ``folder`` sorted by the bytes of their names."""
    with os.scandir(folder) as scan:
        return iter(sorted(scan, key=lambda e: os.fsencode(e.name)))


def _add(
    tar: tarfile.TarFile,
    relative: str,
    path: Path,
    info: os.stat_result,
    root: Path,
    real_root: str,
) -> None:
    member = tarfile.TarInfo(relative)
    member.mtime = 0
    member.uid = member.gid = 0
    member.uname = member.gname = ""
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        member.type = tarfile.DIRTYPE
        member.mode = DIRECTORY_MODE
        tar.addfile(member)
    elif stat.S_ISREG(mode):
        member.type = tarfile.REGTYPE
        member.mode = EXECUTABLE_MODE if mode & 0o111 else FILE_MODE
        with open(path, "rb") as source:
            member.size = os.fstat(source.fileno()).st_size
            tar.addfile(member, source)
    elif stat.S_ISLNK(mode):
        member.type = tarfile.SYMTYPE
        member.mode = 0o777
        member.linkname = _link_target(relative, path, root, real_root)
        tar.addfile(member)
    else:
        raise ArtifactError(
            f"cannot archive {path}: only files, directories and symbolic links can be stored "
            "(this is a device, socket or pipe)"
        )


def _link_target(relative: str, path: Path, root: Path, real_root: str) -> str:
    """The target to store for the link ``relative``: relative, and inside the directory."""
    target = os.readlink(path)
    if os.path.isabs(target):
        absolute = os.path.normpath(target)
        link_folder = os.path.dirname(os.path.abspath(path))
        bases = (
            (os.path.normpath(os.path.abspath(root)), link_folder),
            (real_root, os.path.realpath(link_folder)),
        )
        for base, folder in bases:
            if absolute == base or absolute.startswith(base + os.sep):
                target = os.path.relpath(absolute, folder)
                break
        else:
            raise ArtifactError(
                f"cannot archive {path}: the symbolic link points outside the directory "
                f"({target})"
            )
    target = target.replace(os.sep, "/")
    if _escapes(posixpath.dirname(relative), target):
        raise ArtifactError(
            f"cannot archive {path}: the symbolic link points outside the directory ({target})"
        )
    resolved = os.path.realpath(path)
    if resolved != real_root and not resolved.startswith(real_root + os.sep):
        raise ArtifactError(
            f"cannot archive {path}: the symbolic link resolves outside the directory "
            f"({resolved})"
        )
    return target


def _escapes(folder: str, target: str) -> bool:
    """Whether ``target``, relative to the archive folder ``folder``, leaves the archive."""
    if target.startswith("/"):
        return True
    joined = posixpath.normpath(posixpath.join(folder, target))
    return joined == ".." or joined.startswith("../")


# --------------------------------------------------------------------------- reading


def _member_name(member: tarfile.TarInfo) -> str:
    """The checked, normalised name of ``member``; refuses anything that could escape."""
    name = member.name
    if not name or name.startswith("/") or "\\" in name or "\0" in name:
        raise ArtifactError(f"unsafe archive: member name {name!r} is not a relative path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts:
        return ""
    if ".." in parts:
        raise ArtifactError(f"unsafe archive: member {name!r} contains '..'")
    return "/".join(parts)


def extract_archive(archive: BinaryIO, dest: Path) -> None:
    """Extract a directory archive read from ``archive`` into ``dest``.

    ``dest`` is created; if it exists it must be an empty directory. On any failure what
    was extracted is removed and :class:`~plynx.errors.ArtifactError` is raised.
    """
    dest = Path(dest)
    created = not os.path.lexists(dest)
    if created:
        try:
            dest.mkdir()
        except OSError as exc:
            raise ArtifactError(f"cannot create {dest}: {exc}") from exc
    elif not dest.is_dir() or dest.is_symlink() or any(dest.iterdir()):
        raise ArtifactError(f"cannot extract into {dest}: it exists and is not an empty directory")
    try:
        _extract(archive, dest)
    except BaseException as exc:
        _clear(dest, remove=created)
        if isinstance(exc, ArtifactError):
            raise
        if isinstance(exc, (OSError, ValueError, tarfile.TarError, EOFError)):
            raise ArtifactError(f"cannot extract the archive into {dest}: {exc}") from exc
        raise


def _extract(archive: BinaryIO, dest: Path) -> None:
    links: list[Path] = []
    with tarfile.open(fileobj=archive, mode="r|", encoding="utf-8") as tar:
        for member in tar:
            name = _member_name(member)
            if not name:
                if member.isdir():
                    continue
                raise ArtifactError("unsafe archive: a non-directory member names the root")
            target = dest / name
            _check_parents(dest, name)
            if member.isdir():
                if os.path.lexists(target):
                    if target.is_symlink() or not target.is_dir():
                        raise ArtifactError(f"unsafe archive: {name!r} appears twice")
                else:
                    target.mkdir(mode=DIRECTORY_MODE)
            elif member.isreg():
                mode = EXECUTABLE_MODE if member.mode & 0o111 else FILE_MODE
                _write_member(tar, member, target, mode, name)
            elif member.issym():
                if _escapes(posixpath.dirname(name), member.linkname):
                    raise ArtifactError(
                        f"unsafe archive: link {name!r} points outside ({member.linkname!r})"
                    )
                if os.path.lexists(target):
                    raise ArtifactError(f"unsafe archive: {name!r} appears twice")
                os.symlink(member.linkname, target)
                links.append(target)
            else:
                raise ArtifactError(
                    f"unsafe archive: member {name!r} is a hard link or a special file"
                )
    # A chain of links, each harmless on its own, must not resolve outside either.
    real_dest = os.path.realpath(dest)
    for link in links:
        resolved = os.path.realpath(link)
        if resolved != real_dest and not resolved.startswith(real_dest + os.sep):
            raise ArtifactError(
                f"unsafe archive: link {link.relative_to(dest)} resolves outside the destination"
            )


def _check_parents(dest: Path, name: str) -> None:
    """Refuse a member whose parent folders are missing links or anything but directories."""
    current = dest
    for part in name.split("/")[:-1]:
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            current.mkdir(mode=DIRECTORY_MODE)
            continue
        if stat.S_ISLNK(info.st_mode):
            raise ArtifactError(f"unsafe archive: {name!r} goes through a symbolic link")
        if not stat.S_ISDIR(info.st_mode):
            raise ArtifactError(f"unsafe archive: {name!r} goes through a file")


def _write_member(
    tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, mode: int, name: str
) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, mode)
    except FileExistsError:
        raise ArtifactError(f"unsafe archive: {name!r} appears twice") from None
    with os.fdopen(fd, "wb") as out:
        source = tar.extractfile(member)
        if source is not None:
            shutil.copyfileobj(source, out, CHUNK_SIZE)
    os.chmod(target, mode)  # the umask must not drop the executable bit


def _clear(dest: Path, remove: bool) -> None:
    if remove:
        shutil.rmtree(dest, ignore_errors=True)
        return
    for child in list(dest.iterdir()) if dest.is_dir() else []:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def list_archive(archive: BinaryIO, limit: int) -> tuple[list[Entry], bool]:
    """The first ``limit`` entries of a directory archive, and whether there are more."""
    entries: list[Entry] = []
    try:
        with tarfile.open(fileobj=archive, mode="r|", encoding="utf-8") as tar:
            for member in tar:
                name = _member_name(member)
                if not name:
                    continue
                if len(entries) >= limit:
                    return entries, True
                entries.append(_entry(name, member))
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise ArtifactError(f"cannot read the directory archive: {exc}") from exc
    return entries, False


def _entry(name: str, member: tarfile.TarInfo) -> Entry:
    if member.isdir():
        return Entry(name, "directory")
    if member.issym():
        return Entry(name, "link", target=member.linkname)
    return Entry(name, "file", size=member.size, executable=bool(member.mode & 0o111))
