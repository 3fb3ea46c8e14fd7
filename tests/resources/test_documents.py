"""Text, JSON and PDF previews."""

from __future__ import annotations

import json
from pathlib import Path

from plynx.resources import JsonType, PdfType, PreviewLimits, TextType

from .support import pdf_bytes


def test_text_preview_decodes_with_replacement(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes(b"ok \xff\xfe done\n")
    preview = TextType().preview(path, PreviewLimits())
    assert preview.type == "text"
    assert preview.data == "ok \ufffd\ufffd done\n"


def test_text_preview_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 10_000)
    preview = TextType().preview(path, PreviewLimits(max_bytes=100))
    assert preview.data == "x" * 100 and preview.truncated and preview.size == 10_000


def test_json_preview_is_the_parsed_value(tmp_path: Path) -> None:
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps({"auc": 0.91, "folds": [1, 2, 3]}))
    preview = JsonType().preview(path, PreviewLimits())
    assert preview.type == "json"
    assert preview.data == {"auc": 0.91, "folds": [1, 2, 3]}


def test_big_json_is_shown_as_truncated_text(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(list(range(10_000))))
    preview = JsonType().preview(path, PreviewLimits(max_bytes=50))
    assert preview.type == "text"
    assert preview.truncated and preview.data.startswith("[0, 1, 2")


def test_invalid_json_is_shown_as_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    preview = JsonType().preview(path, PreviewLimits())
    assert preview.type == "text" and preview.data == "{not json"


def test_pdf_preview_counts_pages(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(3))
    preview = PdfType().preview(path, PreviewLimits())
    assert preview.type == "pdf"
    assert preview.data == {"pages": 3, "version": "1.4"}
    assert preview.size == path.stat().st_size
    assert preview.media_type == "application/pdf"


def test_pdf_without_page_tree_counts_page_objects(tmp_path: Path) -> None:
    path = tmp_path / "odd.pdf"
    body = b"%PDF-1.7\n" + b"1 0 obj << /Type /Page >> endobj\n" * 2 + b"%%EOF\n"
    path.write_bytes(body)
    assert PdfType().preview(path, PreviewLimits()).data["pages"] == 2


def test_not_a_pdf_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"\x00\x01 not a pdf")
    preview = PdfType().preview(path, PreviewLimits())
    assert preview.type == "binary" and preview.size == path.stat().st_size
