from __future__ import annotations

import pytest

from plynx.workflow_file import parse_duration


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (30, 30.0),
        (1.5, 1.5),
        ("45", 45.0),
        ("500ms", 0.5),
        ("30s", 30.0),
        ("5m", 300.0),
        ("1h", 3600.0),
        ("2d", 172800.0),
        ("1h30m", 5400.0),
        (" 1m 30s ", 90.0),
        ("0.25s", 0.25),
    ],
)
def test_durations_in_numbers_and_units(value: object, seconds: float) -> None:
    assert parse_duration(value) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "value", ["", "5 minutes", "1x", "h", "-1", 0, -3, True, None, [1], "nan", "inf", "1h-"]
)
def test_anything_else_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(value)
