"""Documents: plain text, JSON and PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

from plynx.resources.base import Preview, PreviewLimits, ResourceType
from plynx.resources.heads import binary_preview, file_size, read_head, text_preview

#: A PDF larger than this is not scanned for its page count.
PDF_SCAN_BYTES = 8 * 1024 * 1024


class TextType(ResourceType):
    """Plain text, previewed as its first bytes."""

    name = "text"
    description = "A plain text file (UTF-8)."
    is_a = ("file",)
    media_type = "text/plain"

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        return text_preview(path, limits, self.media_type)

    def preview_head(self, limits: PreviewLimits) -> int | None:
        return limits.max_bytes + 1


class JsonType(ResourceType):
    """A JSON document, previewed parsed when small enough, else as the head of its text."""

    name = "json"
    description = "A JSON document."
    is_a = ("file",)
    media_type = "application/json"

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        data, cut = read_head(path, limits.max_bytes)
        if not cut:
            try:
                value = json.loads(data.decode("utf-8"))
            except (ValueError, RecursionError):
                pass  # not valid JSON: show the text as it is
            else:
                return Preview(type="json", data=value, media_type=self.media_type,
                               size=file_size(path))
        return text_preview(path, limits, self.media_type)

    def preview_head(self, limits: PreviewLimits) -> int | None:
        return limits.max_bytes + 1


class PdfType(ResourceType):
    """A PDF document, previewed by its page count (when cheap to find) and size."""

    name = "pdf"
    description = "A PDF document."
    is_a = ("file",)
    media_type = "application/pdf"

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        data, _ = read_head(path, PDF_SCAN_BYTES)
        header = _PDF_HEADER.search(data[:1024])
        if header is None:
            return binary_preview(path, self.media_type)
        return Preview(
            type="pdf",
            data={"pages": count_pages(data), "version": header.group(1).decode("ascii")},
            media_type=self.media_type,
            size=file_size(path),
        )

    def preview_head(self, limits: PreviewLimits) -> int | None:
        return PDF_SCAN_BYTES


_PDF_HEADER = re.compile(rb"%PDF-(\d\.\d)")
_PAGES = re.compile(rb"/Type\s*/Pages(?![A-Za-z])")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_COUNT = re.compile(rb"/Count\s+(\d+)")


def count_pages(data: bytes) -> int | None:
    """The page count of the PDF ``data``, or None when it cannot be told by scanning.

    The page tree's root holds the count; without a readable one (compressed object
    streams), page objects are counted instead.
    """
    counts = []
    for match in _PAGES.finditer(data):
        start = max(data.rfind(b"obj", 0, match.start()), 0)  # this object's header
        end = data.find(b"endobj", match.end())
        count = _COUNT.search(data, start, end if end != -1 else len(data))
        if count is not None:
            counts.append(int(count.group(1)))
    if counts:
        return max(counts)
    pages = len(_PAGE.findall(data))
    return pages or None
