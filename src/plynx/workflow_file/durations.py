"""Durations as people write them: ``90``, ``1.5``, ``500ms``, ``30s``, ``5m``, ``1h30m``."""

from __future__ import annotations

import re

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)")
_WHOLE = re.compile(r"^(?:\s*\d+(?:\.\d+)?\s*(?:ms|s|m|h|d))+\s*$")


def parse_duration(value: object, allow_zero: bool = False) -> float:
    """Seconds in ``value``: a number of seconds, or a text such as ``500ms`` or ``1h30m``.

    Units are ``ms``, ``s``, ``m``, ``h`` and ``d``. Raise ValueError when ``value`` is not a
    duration or is not positive (zero is accepted with ``allow_zero``).
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a duration such as 30s, 5m or 1h, got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            seconds = float(text)
        except ValueError:
            if not _WHOLE.match(text):
                raise ValueError(
                    f"expected a duration such as 500ms, 30s, 5m or 1h, got {value!r}"
                ) from None
            seconds = sum(float(n) * _UNITS[unit] for n, unit in _PART.findall(text))
    else:
        raise ValueError(f"expected a duration such as 30s, 5m or 1h, got {value!r}")
    if seconds == 0 and allow_zero:
        return seconds
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"a duration must be positive and finite, got {value!r}")
    return seconds
