"""Reading the beginning of a file: bounded reads, decoding, telling text from binary."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from plynx.resources.base import Preview, PreviewLimits

#: How much of a file decides whether it looks like text.
SNIFF_BYTES = 8 * 1024


def read_head(path: Path, limit: int) -> tuple[bytes, bool]:
    """The first ``limit`` bytes of the file at ``path``, and whether there are more."""
    with open(path, "rb") as source:
        data = source.read(limit + 1)
    return data[:limit], len(data) > limit


def decode_text(data: bytes, truncated: bool) -> str:
    """``data`` decoded as UTF-8, bad bytes replaced; a character cut by the end of a
    truncated head is dropped rather than shown as a replacement character."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    return decoder.decode(data, final=not truncated)


def looks_like_text(data: bytes) -> bool:
    """Whether ``data`` (a file's head) is UTF-8 text without NUL bytes."""
    sample = data[:SNIFF_BYTES]
    if b"\0" in sample:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def file_size(path: Path) -> int:
    return os.stat(path).st_size


def text_preview(path: Path, limits: PreviewLimits, media_type: str = "text/plain") -> Preview:
    """The head of a text file, at most ``limits.max_bytes`` bytes."""
    data, truncated = read_head(path, limits.max_bytes)
    return Preview(
        type="text",
        data=decode_text(data, truncated),
        truncated=truncated,
        media_type=media_type,
        size=file_size(path),
    )


def binary_preview(path: Path, media_type: str = "application/octet-stream") -> Preview:
    """What can safely be said of a file that cannot be shown: its size."""
    return Preview(type="binary", media_type=media_type, size=file_size(path))
