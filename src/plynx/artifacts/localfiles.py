"""Local file operations the artifact store builds on."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from plynx.artifacts.hashing import CHUNK_SIZE


def copy_file(source: BinaryIO, out: BinaryIO, in_kernel: bool) -> int:
    """Copy ``source`` to ``out``; return the number of bytes copied. With ``in_kernel``
    (both are local files) the kernel copies, copy-on-write where the filesystem can."""
    copied = 0
    copy_range = getattr(os, "copy_file_range", None)
    if in_kernel and copy_range is not None:
        try:
            src_fd, out_fd = source.fileno(), out.fileno()
            while n := copy_range(src_fd, out_fd, 1 << 30):
                copied += n
            return copied
        except OSError as exc:
            unsupported = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}
            if copied or exc.errno not in unsupported:
                raise
    while chunk := source.read(CHUNK_SIZE):
        out.write(chunk)
        copied += len(chunk)
    return copied


@contextlib.contextmanager
def temporary_file(
    folder: str | None = None, prefix: str = "plynx-artifact-"
) -> Iterator[tuple[BinaryIO, str]]:
    """A new file (open for writing, and its path) in ``folder`` or the system's temporary
    folder; removed on exit unless it was renamed away."""
    fd, temp = tempfile.mkstemp(prefix=prefix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out, temp
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def fsync_folder(folder: str) -> None:
    """Make a rename inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
