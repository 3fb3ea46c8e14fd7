"""Amounts of resources: plain numbers, or sizes in bytes written with a unit (``4GiB``)."""

from __future__ import annotations

import math
import re

#: Bytes per unit; the unit is matched without regard to case (``gb`` is ``GB``).
UNITS = {
    "b": 1, "": 1,
    "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "pb": 10**15,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "pib": 2**50,
}

_AMOUNT = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z]*)\s*")


def parse_amount(value: object) -> float:
    """``value`` as a non-negative finite number: a number, a numeric string, or a size
    such as ``512MB`` or ``4GiB`` (in bytes). ValueError names what is wrong."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number or a size such as 4GiB, got {value!r}")
    if isinstance(value, int | float):
        amount = float(value)
    elif isinstance(value, str):
        match = _AMOUNT.fullmatch(value)
        unit = match.group(2).lower() if match else None
        if match is None or unit not in UNITS:
            raise ValueError(f"expected a number or a size such as 512MB or 4GiB, got {value!r}")
        amount = float(match.group(1)) * UNITS[unit]
    else:
        raise ValueError(f"expected a number or a size such as 4GiB, got {value!r}")
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(f"an amount must be a finite number, not negative; got {value!r}")
    return amount


def parse_amounts(value: object) -> object:
    """A mapping of names to amounts with every amount parsed by :func:`parse_amount`
    (anything else is left for the model to refuse)."""
    if not isinstance(value, dict):
        return value
    amounts = {}
    for name, amount in value.items():
        try:
            amounts[name] = parse_amount(amount)
        except ValueError as exc:
            raise ValueError(f"resource {name!r}: {exc}") from None
    return amounts
