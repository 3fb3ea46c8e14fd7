"""SHA-256 digests: validating them, and hashing while reading or writing."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from typing import IO

from plynx.errors import NotFound

#: Bytes moved per read: large enough that system calls and hashing dominate nothing.
CHUNK_SIZE = 4 * 1024 * 1024

_DIGEST = re.compile(r"[0-9a-f]{64}")


def is_digest(text: str) -> bool:
    """Whether ``text`` is a SHA-256 digest in lower-case hex."""
    return isinstance(text, str) and _DIGEST.fullmatch(text) is not None


def check_digest(digest: str) -> str:
    """Return ``digest``, or raise NotFound: no artifact can have a malformed address."""
    if not is_digest(digest):
        raise NotFound(f"no artifact {digest!r}: an artifact address is 64 lower-case hex digits")
    return digest


class HashingWriter:
    """A write-only binary file that hashes and counts what passes through it.

    ``target`` may be None to only hash. ``tell`` reports the bytes written, which is all
    :mod:`tarfile` needs to write an archive into it.
    """

    def __init__(self, target: IO[bytes] | None) -> None:
        self._target = target
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._hash.update(data)
        n = len(data)
        if self._target is not None:
            _write_all(self._target, data, n)
        self.size += n
        return n

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        if self._target is not None:
            self._target.flush()

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _write_all(target: IO[bytes], data: bytes | bytearray | memoryview, n: int) -> None:
    """Write all of ``data``: unbuffered files may accept only part of it."""
    written = target.write(data)
    if written is None or written >= n:
        return
    view = memoryview(data)
    while written < n:
        step = target.write(view[written:])
        if not step:
            raise OSError("the target accepted no more bytes")
        written += step


_local = threading.local()


def _buffer() -> bytearray:
    """This thread's read buffer: allocating megabytes per small file costs more than it."""
    buffer: bytearray | None = getattr(_local, "buffer", None)
    if buffer is None:
        buffer = _local.buffer = bytearray(CHUNK_SIZE)
    return buffer


def copy_and_hash(source: IO[bytes], target: IO[bytes] | None) -> tuple[str, int]:
    """Copy ``source`` to ``target`` (or only read it) in one pass; return (digest, size)."""
    writer = HashingWriter(target)
    buffer = _buffer()
    view = memoryview(buffer)
    readinto = getattr(source, "readinto", None)
    while True:
        if readinto is not None:
            n = readinto(buffer)
            if not n:
                break
            writer.write(view[:n])
        else:
            chunk = source.read(CHUNK_SIZE)
            if not chunk:
                break
            writer.write(chunk)
    return writer.hexdigest(), writer.size


def hash_file(path: str | os.PathLike[str]) -> tuple[str, int]:
    """The digest and size of the file at ``path``."""
    with open(path, "rb", buffering=0) as source:
        return copy_and_hash(source, None)


def hash_bytes(data: bytes) -> str:
    """The digest of ``data``."""
    return hashlib.sha256(data).hexdigest()
