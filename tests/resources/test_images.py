"""Image previews: a PNG thumbnail, or 'binary' when the file cannot be decoded."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

from plynx.resources import ImageType, PreviewLimits

from .support import write_png


def _decode(preview_data: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(preview_data)))


def test_png_thumbnail(tmp_path: Path) -> None:
    path = write_png(tmp_path / "chart.png", (640, 480))
    preview = ImageType().preview(path, PreviewLimits(thumbnail_size=64))
    assert preview.type == "image" and preview.media_type == "image/png"
    with _decode(preview.data) as thumbnail:
        assert thumbnail.format == "PNG"
        assert thumbnail.size == (64, 48)
    assert preview.size == path.stat().st_size


def test_jpeg_and_cmyk_become_png(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    Image.new("CMYK", (300, 100), (0, 50, 100, 0)).save(path, format="JPEG")
    preview = ImageType().preview(path, PreviewLimits(thumbnail_size=30))
    with _decode(preview.data) as thumbnail:
        assert thumbnail.format == "PNG" and thumbnail.size == (30, 10)


def test_small_images_are_not_enlarged(tmp_path: Path) -> None:
    path = write_png(tmp_path / "icon.png", (16, 8))
    with _decode(ImageType().preview(path, PreviewLimits()).data) as thumbnail:
        assert thumbnail.size == (16, 8)


def test_undecodable_image_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    preview = ImageType().preview(path, PreviewLimits())
    assert preview.type == "binary" and preview.size == 78
