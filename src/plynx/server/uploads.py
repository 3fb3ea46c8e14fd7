"""Receiving an uploaded file: a multipart body streamed to disk, bounded in size.

The body is parsed as it arrives (python-multipart's streaming parser) and the bytes of the
``file`` field go straight to a temporary file, so an upload never sits in memory and one
larger than the limit is refused as soon as it crosses it, leaving nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from anyio import to_thread
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from plynx.errors import InvalidInput, PlynxError
from plynx.paths import safe_filename

#: The multipart field holding the file.
FILE_FIELD = "file"
#: Bytes a multipart body may hold beyond the file: boundaries, part headers, small fields.
MULTIPART_SLACK = 64 * 1024
#: The most bytes the headers of one part may take.
MAX_PART_HEADERS = 16 * 1024
#: The name of a file uploaded without a usable name.
DEFAULT_FILENAME = "upload"
#: Prefix of the temporary files receiving uploads.
TEMP_PREFIX = ".upload-"
#: A temporary upload untouched for this many seconds was left by a stopped server.
STALE_SECONDS = 24 * 3600

#: Resource types guessed from file name extensions.
EXTENSION_TYPES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".txt": "text",
    ".text": "text",
    ".log": "text",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
    ".bmp": "image",
    ".tif": "image",
    ".tiff": "image",
    ".pdf": "pdf",
}


class UploadTooLarge(PlynxError):
    """The upload is larger than ``max_upload_bytes``."""

    status_code = 413


@dataclass
class ReceivedFile:
    """An uploaded file in a temporary file at ``path``: its cleaned name and size."""

    path: Path
    filename: str
    size: int


def sanitize_filename(raw: str) -> str:
    """A safe file name from a client's (see :func:`plynx.paths.safe_filename`); ``upload``
    when nothing usable is left."""
    return safe_filename(raw, DEFAULT_FILENAME)


def guess_resource_type(filename: str, known: Collection[str]) -> str:
    """The resource type of a file by its extension (``file`` when unknown or not in
    ``known``)."""
    guessed = EXTENSION_TYPES.get(os.path.splitext(filename)[1].lower(), "file")
    return guessed if guessed in known else "file"


@dataclass
class _FileWriter:
    """Callbacks of the multipart parser: the ``file`` part goes to ``out``, others are
    skipped without being kept."""

    out: BinaryIO
    max_bytes: int
    filename: str | None = None
    size: int = 0
    ended: bool = False
    _headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    _header_bytes: int = 0
    _field: bytearray = field(default_factory=bytearray)
    _value: bytearray = field(default_factory=bytearray)
    _in_file: bool = False

    def on_part_begin(self) -> None:
        self._headers, self._header_bytes, self._in_file = [], 0, False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._value += data[start:end]

    def on_header_end(self) -> None:
        self._headers.append((bytes(self._field).lower(), bytes(self._value)))
        self._field.clear()
        self._value.clear()

    def on_headers_finished(self) -> None:
        disposition = dict(self._headers).get(b"content-disposition", b"")
        _, options = parse_options_header(disposition)
        if options.get(b"name") != FILE_FIELD.encode():
            return
        if self.filename is not None:
            raise InvalidInput(f"send one file per upload: the field {FILE_FIELD!r} "
                               f"appears twice")
        raw = options.get(b"filename", b"").decode("utf-8", errors="replace")
        self.filename = sanitize_filename(raw)
        self._in_file = True

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self._in_file:
            return
        self.size += end - start
        if self.size > self.max_bytes:
            raise too_large(self.max_bytes)
        self.out.write(memoryview(data)[start:end])

    def on_part_end(self) -> None:
        self._in_file = False

    def on_end(self) -> None:
        self.ended = True

    def _count_header(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > MAX_PART_HEADERS:
            raise InvalidInput(f"the headers of a multipart part exceed {MAX_PART_HEADERS} bytes")


def too_large(max_bytes: int) -> UploadTooLarge:
    return UploadTooLarge(f"the file is larger than the upload limit of {max_bytes} bytes "
                          f"(setting max_upload_bytes)")


def _boundary(request: Request) -> bytes:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise InvalidInput(f"send the file as multipart/form-data, in a field named "
                           f"{FILE_FIELD!r}")
    return boundary


def _check_length(request: Request, max_bytes: int) -> None:
    """Refuse at once a body announced larger than any acceptable upload."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + MULTIPART_SLACK:
        raise too_large(max_bytes)


@contextlib.asynccontextmanager
async def receive_file(request: Request, folder: Path,
                       max_bytes: int) -> AsyncIterator[ReceivedFile]:
    """Stream the multipart ``file`` field of ``request`` into a temporary file in
    ``folder``; the file is removed on exit unless the caller moved it away.

    Raises UploadTooLarge (413) as soon as the file exceeds ``max_bytes``, InvalidInput for
    a body that is not multipart or is cut short, and a 422 when the field is missing.
    """
    boundary = _boundary(request)
    _check_length(request, max_bytes)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale(folder)
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)
    path = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as out:
            writer = _FileWriter(out, max_bytes)
            await _parse(request, boundary, writer, max_bytes + MULTIPART_SLACK)
        if writer.filename is None:
            raise RequestValidationError([{"type": "missing", "loc": ("body", FILE_FIELD),
                                           "msg": "Field required", "input": None}])
        yield ReceivedFile(path, writer.filename, writer.size)
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def remove_stale(folder: Path, older_than: float = STALE_SECONDS) -> int:
    """Remove temporary uploads nobody has written for ``older_than`` seconds (left by a
    server that stopped while receiving them); return how many were removed."""
    limit = time.time() - older_than
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(TEMP_PREFIX):
                continue
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
    return removed


async def _parse(request: Request, boundary: bytes, writer: _FileWriter, max_body: int) -> None:
    parser = MultipartParser(boundary, {
        "on_part_begin": writer.on_part_begin,
        "on_header_field": writer.on_header_field,
        "on_header_value": writer.on_header_value,
        "on_header_end": writer.on_header_end,
        "on_headers_finished": writer.on_headers_finished,
        "on_part_data": writer.on_part_data,
        "on_part_end": writer.on_part_end,
        "on_end": writer.on_end,
    })
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_body:
                raise too_large(writer.max_bytes)
            if chunk:
                await to_thread.run_sync(parser.write, chunk)
        parser.finalize()
    except FormParserError as exc:
        raise InvalidInput(f"the multipart body is malformed: {exc}") from None
    except ClientDisconnect:
        raise InvalidInput("the upload was interrupted: the client went away") from None
    if not writer.ended:
        raise InvalidInput("the multipart body is incomplete: its closing boundary is missing")
