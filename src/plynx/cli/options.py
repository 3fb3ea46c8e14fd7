"""Options shared by several commands: parameter assignments and durations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click

from plynx.workflow_file import parse_duration

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Assignments:
    """Values given with ``-p``: workflow parameters and, by node, node parameters."""

    params: dict[str, str] = field(default_factory=dict)
    node_params: dict[str, dict[str, str]] = field(default_factory=dict)


def parse_assignments(values: tuple[str, ...]) -> Assignments:
    """``NAME=VALUE`` sets a workflow parameter; ``NODE.PARAM=VALUE`` a node parameter.

    The name is split at its first dot: node ids never contain one.
    """
    found = Assignments()
    for text in values:
        name, sep, value = text.partition("=")
        name = name.strip()
        node, dot, param = name.partition(".")
        if not sep or not name or (dot and (not node or not param)):
            raise click.BadParameter(f"expected NAME=VALUE or NODE.PARAM=VALUE, got {text!r}",
                                     param_hint="'-p'")
        if dot:
            found.node_params.setdefault(node, {})[param] = value
        else:
            found.params[name] = value
    return found


def _assignments(_ctx: click.Context, _param: click.Parameter,
                 values: tuple[str, ...]) -> Assignments:
    return parse_assignments(values)


def param_option(function: F) -> F:
    """The repeatable ``-p NAME=VALUE`` / ``-p NODE.PARAM=VALUE`` option, as ``assignments``."""
    return click.option(
        "-p", "--param", "assignments", multiple=True, metavar="NAME=VALUE",
        callback=_assignments,
        help="Set a workflow parameter (NAME=VALUE) or a node parameter (NODE.PARAM=VALUE). "
             "Repeatable.",
    )(function)


class Duration(click.ParamType):
    """A duration such as ``90``, ``30s``, ``5m``, ``1h`` or ``7d``, in seconds."""

    name = "duration"

    def __init__(self, allow_zero: bool = False) -> None:
        self.allow_zero = allow_zero

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_duration(value, allow_zero=self.allow_zero)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
