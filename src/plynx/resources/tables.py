"""Delimited tables: csv and tsv, previewed as a header and the first rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import ClassVar

from plynx.resources.base import Preview, PreviewLimits, ResourceType
from plynx.resources.heads import decode_text, file_size, read_head


class TableType(ResourceType):
    """A table in a delimited text file, its first row being the header."""

    delimiter: ClassVar[str] = ","
    is_a = ("file",)

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        data, cut = read_head(path, limits.max_bytes)
        columns, rows, more = parse_table(decode_text(data, cut), self.delimiter,
                                          limits.max_rows, cut)
        return Preview(
            type="table",
            data={"columns": columns, "rows": rows},
            truncated=cut or more,
            media_type=self.media_type,
            size=file_size(path),
        )

    def preview_head(self, limits: PreviewLimits) -> int | None:
        return limits.max_bytes + 1


class CsvType(TableType):
    name = "csv"
    description = "A table of comma-separated values, with a header row."
    delimiter = ","
    media_type = "text/csv"


class TsvType(TableType):
    name = "tsv"
    description = "A table of tab-separated values, with a header row."
    delimiter = "\t"
    media_type = "text/tab-separated-values"


def parse_table(
    text: str, delimiter: str, max_rows: int, cut: bool
) -> tuple[list[str], list[list[str]], bool]:
    """(header, up to ``max_rows`` rows, whether more rows follow) of delimited ``text``.

    Tolerant: a byte-order mark and NUL characters are dropped, ragged rows are padded
    to the widest row, and a last line cut by ``cut`` is left out.
    """
    text = text.removeprefix("\ufeff").replace("\0", "")
    if cut and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    found: list[list[str]] = []
    more = False
    try:
        for row in reader:
            if len(found) > max_rows:
                more = True
                break
            found.append(row)
    except csv.Error:
        more = True  # a malformed or oversized field: show what came before it
    header, rows = (found[0], found[1:]) if found else ([], [])
    width = max([len(header), *(len(r) for r in rows)])
    return _pad(header, width), [_pad(r, width) for r in rows], more


def _pad(row: list[str], width: int) -> list[str]:
    return row + [""] * (width - len(row))
