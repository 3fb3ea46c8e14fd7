"""Final outputs copied by ``plynx run --output-dir`` never land outside that folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from plynx.artifacts import ArtifactStore
from plynx.cli.results import FinalOutput, copy_outputs
from plynx.errors import UnsafePath


@pytest.mark.parametrize(("node", "output"), [
    ("..", "x"), ("n", ".."), ("n", "../../escaped"), ("n", "/tmp/escaped"), ("n", "a\x00b"),
    ("../..", "escaped"),
])
def test_crafted_names_cannot_copy_outside_the_output_folder(tmp_path: Path, node: str,
                                                             output: str) -> None:
    store = ArtifactStore(str(tmp_path / "store"))
    artifact = store.put_bytes(b"payload")
    out = tmp_path / "a" / "b" / "out"
    good = FinalOutput("ok", "out", "file", artifact)
    with pytest.raises(UnsafePath):
        copy_outputs([good, FinalOutput(node, output, "file", artifact)], store, out)
    assert not out.exists()  # refused before anything is copied
    assert [p for p in tmp_path.rglob("*") if p.is_file() and "store" not in p.parts] == []


def test_plain_names_are_copied(tmp_path: Path) -> None:
    store = ArtifactStore(str(tmp_path / "store"))
    artifact = store.put_bytes(b"payload")
    paths = copy_outputs([FinalOutput("split", "a.csv", "csv", artifact)], store,
                         tmp_path / "out")
    assert paths == {"split.a.csv": tmp_path / "out" / "split" / "a.csv"}
    assert paths["split.a.csv"].read_bytes() == b"payload"
