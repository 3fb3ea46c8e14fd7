"""docs/cli.md documents every command and every option of the ``plynx`` command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from plynx.cli import cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def commands(group: click.Group, prefix: str = "plynx") -> Iterator[tuple[str, click.Command]]:
    """Every command under ``group`` with its full name, groups included."""
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from commands(command, path)


def section(title: str) -> str:
    """The text under the heading ``title`` up to the next heading of the same level or above."""
    text = DOC.read_text()
    match = re.search(rf"^(#+) {re.escape(title)}\s*$", text, re.MULTILINE)
    assert match, f"docs/cli.md has no heading {title!r}"
    level = len(match.group(1))
    rest = text[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def option_names(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            names += [*param.opts, *param.secondary_opts]
    return names


ALL = list(commands(cli))


@pytest.mark.parametrize(("path", "command"), ALL, ids=[path for path, _ in ALL])
def test_every_command_and_option_is_documented(path: str, command: click.Command) -> None:
    text = section(f"`{path}`")
    missing = [name for name in option_names(command) if f"`{name}" not in text]
    assert not missing, f"docs/cli.md, section `{path}`: options not documented: {missing}"
    for argument in (p for p in command.params if isinstance(p, click.Argument)):
        assert argument.human_readable_name in text, (
            f"docs/cli.md, section `{path}`: argument {argument.human_readable_name} missing"
        )


def test_global_options_are_documented() -> None:
    text = section("Global options")
    missing = [name for name in [*option_names(cli), "--help"] if f"`{name}" not in text]
    assert not missing, f"docs/cli.md, Global options: not documented: {missing}"


def test_the_check_finds_commands() -> None:
    assert {"plynx run", "plynx validate", "plynx cache", "plynx cache list", "plynx cache clear",
            "plynx cache gc", "plynx config"} <= {path for path, _ in ALL}
