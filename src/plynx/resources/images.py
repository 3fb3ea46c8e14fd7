"""Images, previewed as a small PNG thumbnail."""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

from PIL import Image

from plynx.resources.base import Preview, PreviewLimits, ResourceType
from plynx.resources.heads import binary_preview, file_size


class ImageType(ResourceType):
    """An image in any format Pillow reads (PNG, JPEG, GIF, TIFF, WebP, …)."""

    name = "image"
    description = "An image (PNG, JPEG, GIF, TIFF, WebP, …)."
    is_a = ("file",)

    def preview(self, path: Path, limits: PreviewLimits) -> Preview:
        thumbnail = make_thumbnail(path, limits.thumbnail_size)
        if thumbnail is None:
            return binary_preview(path, self.media_type)
        return Preview(
            type="image",
            data=base64.b64encode(thumbnail).decode("ascii"),
            media_type="image/png",
            size=file_size(path),
        )


def make_thumbnail(path: Path, size: int) -> bytes | None:
    """A PNG of the image at ``path`` fitting in ``size`` × ``size`` pixels, or None when
    the file is not an image Pillow can decode safely (including decompression bombs)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                opened.draft("RGB", (size, size))  # JPEG decodes at a reduced scale
                opened.thumbnail((size, size))
                image: Image.Image = opened
                if image.mode not in ("1", "L", "LA", "RGB", "RGBA", "P"):
                    image = image.convert("RGBA")
                out = io.BytesIO()
                image.save(out, format="PNG")
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None
    return out.getvalue()
