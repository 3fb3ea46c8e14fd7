"""Previews of stored artifacts, from a local store and from an fsspec memory store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plynx.artifacts import ArtifactStore
from plynx.errors import NotFound
from plynx.model import Artifact
from plynx.plugins import Registry
from plynx.resources import (
    CsvType,
    DirectoryType,
    FileType,
    ImageType,
    Preview,
    PreviewLimits,
    TextType,
    preview_artifact,
)

from .support import pdf_bytes, write_png


@pytest.fixture(params=["local", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ArtifactStore]:
    if request.param == "local":
        yield ArtifactStore(str(tmp_path / "store"))
        return
    memory = ArtifactStore(f"memory://plynx-preview-{uuid.uuid4().hex}")
    yield memory
    memory.fs.rm(memory.root, recursive=True)


def test_table_preview(store: ArtifactStore) -> None:
    artifact = store.put_bytes(b"a,b\n1,2\n")
    preview = preview_artifact(store, artifact, "csv")
    assert preview.type == "table"
    assert preview.data == {"columns": ["a", "b"], "rows": [["1", "2"]]}
    assert preview.size == 8 and not preview.truncated


def test_only_the_head_of_a_big_file_is_fetched(
    store: ArtifactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    artifact = store.put_bytes(b"line\n" * 200_000)
    monkeypatch.setattr(store, "materialize", _must_not_be_called)
    preview = preview_artifact(store, artifact, "text", PreviewLimits(max_bytes=10))
    assert preview.type == "text" and preview.data == "line\nline\n"
    assert preview.truncated and preview.size == 1_000_000


def test_binary_file_preview_tells_the_whole_size(store: ArtifactStore) -> None:
    artifact = store.put_bytes(bytes(range(256)) * 1000)
    preview = preview_artifact(store, artifact, "file", PreviewLimits(max_bytes=100))
    assert preview.type == "binary" and preview.size == 256_000


def test_image_and_pdf(store: ArtifactStore, tmp_path: Path) -> None:
    image = store.put(write_png(tmp_path / "plot.png"))
    assert preview_artifact(store, image, "image").type == "image"
    pdf = store.put_bytes(pdf_bytes(2))
    assert preview_artifact(store, pdf, "pdf").data["pages"] == 2


def test_directory_listing_comes_from_the_archive(
    store: ArtifactStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "repo" / "src").mkdir(parents=True)
    (tmp_path / "repo" / "src" / "main.py").write_text("print(1)\n")
    artifact = store.put(tmp_path / "repo")
    monkeypatch.setattr(store, "materialize", _must_not_be_called)
    preview = preview_artifact(store, artifact, "directory")
    assert preview.type == "directory"
    assert [e["path"] for e in preview.data["entries"]] == ["src", "src/main.py"]
    assert preview.size == artifact.size


class CountingDirectory(DirectoryType):
    """A plugin's directory type with its own preview and none from archives."""

    name = "counting"
    preview_archive = None  # type: ignore[assignment]

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        return Preview(type="value", data=len(list(path.rglob("*"))))


class BrokenType(FileType):
    name = "broken"

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        raise ValueError("a bug in a plugin")


def test_plugin_types(store: ArtifactStore, tmp_path: Path) -> None:
    registry = Registry(resource_types={"counting": CountingDirectory(), "broken": BrokenType()})
    (tmp_path / "d" / "e").mkdir(parents=True)
    folder = store.put(tmp_path / "d")
    assert preview_artifact(store, folder, "counting", registry=registry).data == 1
    broken = preview_artifact(store, store.put_bytes(b"x"), "broken", registry=registry)
    assert broken.type == "binary" and broken.size == 1


def test_unknown_or_unfitting_types_fall_back(store: ArtifactStore, tmp_path: Path) -> None:
    text = store.put_bytes(b"hello")
    assert preview_artifact(store, text, "no-such-type").data == "hello"
    assert preview_artifact(store, text, "directory").type == "text"
    (tmp_path / "d").mkdir()
    folder = store.put(tmp_path / "d")
    assert preview_artifact(store, folder, "csv").type == "directory"


def test_missing_artifact(store: ArtifactStore) -> None:
    with pytest.raises(NotFound):
        preview_artifact(store, Artifact(digest="a" * 64, size=3), "text")


def test_types_preview_heads() -> None:
    limits = PreviewLimits(max_bytes=1000)
    assert CsvType().preview_head(limits) == TextType().preview_head(limits) == 1001
    assert ImageType().preview_head(limits) is None


def _must_not_be_called(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("the whole artifact was fetched for a preview")
