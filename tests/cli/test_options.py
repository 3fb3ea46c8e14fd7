from __future__ import annotations

import click
import pytest

from plynx.cli.options import Duration, parse_assignments


def test_workflow_and_node_parameters_are_told_apart() -> None:
    found = parse_assignments((
        "rate=0.5", "grep.pattern=^1", "grep.flags=-i", "split.data.csv=x", "empty=", "eq=a=b",
    ))
    assert found.params == {"rate": "0.5", "empty": "", "eq": "a=b"}
    assert found.node_params == {
        "grep": {"pattern": "^1", "flags": "-i"},
        "split": {"data.csv": "x"},
    }


@pytest.mark.parametrize("text", ["rate", "=1", ".p=1", "node.=1", " =1"])
def test_malformed_assignments_are_refused(text: str) -> None:
    with pytest.raises(click.BadParameter, match="expected NAME=VALUE or NODE.PARAM=VALUE"):
        parse_assignments((text,))


def test_durations_convert_to_seconds() -> None:
    duration = Duration()
    assert duration.convert("1h", None, None) == 3600
    assert duration.convert("90", None, None) == 90
    with pytest.raises(click.BadParameter, match="expected a duration"):
        duration.convert("soon", None, None)
