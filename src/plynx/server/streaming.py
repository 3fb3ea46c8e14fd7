"""Sending artifacts and logs: downloads that can never run in the browser, and files
followed as they grow.

A download is always an attachment, never sniffed, under ``Content-Security-Policy:
default-src 'none'; sandbox``: an ``.html`` output opened from the API's origin runs no
script there. Bytes are streamed from the artifact store, never read whole into memory.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

import anyio
from anyio import to_thread
from fastapi.responses import FileResponse, StreamingResponse
from starlette.responses import Response

from plynx.artifacts import ArtifactStore
from plynx.errors import NotFound
from plynx.model import Artifact
from plynx.paths import safe_filename

#: Bytes read from the artifact store at a time.
CHUNK_SIZE = 1024 * 1024

#: Headers of every response carrying user content.
NOSNIFF = {"X-Content-Type-Options": "nosniff"}
#: Headers of every download.
DOWNLOAD_HEADERS = {
    **NOSNIFF,
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-cache",
}
#: The file name offered when the name of a download leaves nothing usable.
DEFAULT_DOWNLOAD_NAME = "download"


def attachment(filename: str) -> str:
    """A ``Content-Disposition`` for downloading ``filename`` (RFC 6266: an ASCII fallback
    and the UTF-8 name encoded as RFC 5987 says). Folders, control and invisible characters
    are left out of the name first (see :func:`plynx.paths.safe_filename`)."""
    name = safe_filename(filename, DEFAULT_DOWNLOAD_NAME)
    fallback = "".join(c if " " <= c < "\x7f" and c not in '"\\%' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_response(store: ArtifactStore, artifact: Artifact, filename: str,
                      media_type: str) -> Response:
    """The stored bytes of ``artifact`` (the archive of a directory) as an attachment."""
    headers = {**DOWNLOAD_HEADERS, "Content-Disposition": attachment(filename),
               "ETag": f'"{artifact.digest}"'}
    local = store.local_path(artifact.digest)
    if local is not None:
        try:
            stat = os.stat(local)
        except FileNotFoundError:
            raise NotFound(f"artifact {artifact.digest} is not in the artifact store") from None
        return FileResponse(local, media_type=media_type, headers=headers, stat_result=stat)
    stream = store.open(artifact.digest)
    headers["Content-Length"] = str(store.size(artifact.digest))
    return StreamingResponse(_chunks(stream), media_type=media_type, headers=headers)


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    with stream:
        while chunk := stream.read(CHUNK_SIZE):
            yield chunk


def read_from(path: Path, offset: int, limit: int) -> tuple[bytes, int]:
    """Up to ``limit`` bytes of the file at ``path`` from ``offset``, and the file's size
    (no bytes and size 0 when the file does not exist yet)."""
    try:
        with open(path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            if offset >= size:
                return b"", size
            source.seek(offset)
            return source.read(limit), size
    except FileNotFoundError:
        return b"", 0


def complete_utf8(data: bytes) -> bytes:
    """``data`` without a UTF-8 character cut at its end (at most 3 bytes are left out)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data  # ASCII: nothing is cut
        if byte >= 0xC0:  # the lead byte of the last character
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data if back >= needed else data[:-back]
    return data  # not UTF-8 in the first place: leave it to the decoder


async def follow(path: Path, offset: int, finished: Callable[[], bool],
                 poll_seconds: float = 0.1, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
    """The bytes of the file at ``path`` from ``offset``, then new bytes as they are
    written, until ``finished()`` (called in a worker thread) says no more will come.

    The file is polled every ``poll_seconds``; once finished, it is read one last time
    after a poll, for what the writer flushed while finishing. Cancelling the iteration
    (the client went away) stops it.
    """
    ending = False
    while True:
        data, _ = await to_thread.run_sync(read_from, path, offset, chunk_size)
        if data:
            offset += len(data)
            yield data
            continue
        if ending:
            return
        ending = await to_thread.run_sync(finished)
        await anyio.sleep(poll_seconds)
