"""Files named after what users wrote: paths that stay in their folder, and safe file names.

Names are checked where they come in (see :mod:`plynx.model.names`); these helpers are the
second line of defence wherever a name becomes part of a path or a file name.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from plynx.errors import UnsafePath

#: The longest file name :func:`safe_filename` returns, in characters.
MAX_FILENAME = 255

_SEPARATORS = ("/", "\\", "\x00")
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")  # control and formatting characters, line separators


def contained(base: Path | str, *parts: str) -> Path:
    """``base / part / …``, where every part is one plain path component (not empty, not
    ``.`` or ``..``, without ``/``, ``\\`` or NUL) and the folder of the result, symbolic
    links resolved, is inside ``base``. UnsafePath names the offending part otherwise."""
    base = Path(base)
    for part in parts:
        if part in ("", ".", "..") or any(s in part for s in _SEPARATORS):
            raise UnsafePath(f"{part!r} cannot name a file or folder inside {base}")
    path = base.joinpath(*parts)
    if parts and not path.parent.resolve().is_relative_to(base.resolve()):
        raise UnsafePath(f"{path} would be outside {base}")
    return path


def safe_filename(raw: str, default: str) -> str:
    """A file name to offer for ``raw``: no folders, no control or invisible formatting
    characters, at most :data:`MAX_FILENAME` characters (the extension kept); ``default``
    when nothing usable is left. ``../../x`` becomes ``x``."""
    name = unicodedata.normalize("NFC", raw)
    name = "".join(c for c in name if unicodedata.category(c) not in _INVISIBLE)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        return default
    if len(name) > MAX_FILENAME:
        stem, suffix = os.path.splitext(name)
        suffix = suffix if len(suffix) <= 16 else ""
        name = stem[: MAX_FILENAME - len(suffix)] + suffix
    return name
