"""csv and tsv previews: a header and the first rows, whatever the file looks like."""

from __future__ import annotations

from pathlib import Path

from plynx.resources import CsvType, PreviewLimits, TsvType


def test_csv_preview(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text('name,score\nada,3\n"lovelace, a",4\n')
    preview = CsvType().preview(path, PreviewLimits())
    assert preview.type == "table"
    assert preview.data == {
        "columns": ["name", "score"],
        "rows": [["ada", "3"], ["lovelace, a", "4"]],
    }
    assert not preview.truncated
    assert preview.media_type == "text/csv"


def test_tsv_preview(tmp_path: Path) -> None:
    path = tmp_path / "data.tsv"
    path.write_text("a\tb\n1\t2\n")
    assert TsvType().preview(path, PreviewLimits()).data == {
        "columns": ["a", "b"],
        "rows": [["1", "2"]],
    }


def test_only_the_first_rows_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("n\n" + "".join(f"{i}\n" for i in range(1000)))
    preview = CsvType().preview(path, PreviewLimits(max_rows=5))
    assert preview.data["rows"] == [["0"], ["1"], ["2"], ["3"], ["4"]]
    assert preview.truncated


def test_a_row_cut_by_the_byte_limit_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("a,b\n" + "1111,2222\n" * 100)
    preview = CsvType().preview(path, PreviewLimits(max_bytes=30, max_rows=100))
    assert preview.truncated
    assert preview.data["rows"] == [["1111", "2222"]] * 2


def test_ragged_rows_bad_bytes_bom_and_nul(tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1\n2,3,4\n\xff\xfe,x\x00y\n")
    preview = CsvType().preview(path, PreviewLimits())
    assert preview.data == {
        "columns": ["a", "b", ""],
        "rows": [["1", "", ""], ["2", "3", "4"], ["\ufffd\ufffd", "xy", ""]],
    }


def test_empty_table(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.touch()
    assert CsvType().preview(path, PreviewLimits()).data == {"columns": [], "rows": []}


def test_unclosed_quote_does_not_fail(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('a,b\n1,"never closed\n2,3\n')
    preview = CsvType().preview(path, PreviewLimits())
    assert preview.data["columns"] == ["a", "b"]
