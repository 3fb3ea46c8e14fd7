"""Printing: messages, problem lists and tables that stay readable in a terminal or a pipe."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import datetime

import click
from rich.console import Console
from rich.table import Table

from plynx.errors import Problem


def error(message: str) -> None:
    """Print an error message on stderr."""
    click.echo(f"Error: {message}", err=True)


def echo_problems(title: str, problems: Iterable[Problem]) -> None:
    """Print every problem, one per line, on stderr."""
    problems = list(problems)
    click.echo(f"Error: {title} ({len(problems)} problem{'s' if len(problems) != 1 else ''}):",
               err=True)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)


def console() -> Console:
    """A rich console on the current stdout (which tests may have replaced)."""
    return Console(file=sys.stdout, highlight=False)


def is_terminal() -> bool:
    return console().is_terminal


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
                title: str | None = None) -> None:
    """A table: drawn by rich on a terminal, as aligned plain columns otherwise."""
    out = console()
    if out.is_terminal:
        table = Table(*headers, title=title, title_justify="left")
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for line in [headers, *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def human_size(size: int) -> str:
    """``1234567`` → ``1.2 MB``."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def human_duration(seconds: float) -> str:
    """``0.25`` → ``0.25s``, ``75`` → ``1m15s``, ``3725`` → ``1h02m``."""
    if seconds < 10:
        return f"{seconds:.2f}s"
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def local_time(moment: datetime | None) -> str:
    """A datetime in local time to the second, or ``-``."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "-"
