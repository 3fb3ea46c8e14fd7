"""The root ``plynx`` command group: global options and one place turning errors into exits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from plynx import __version__
from plynx.cli import cache, configuration, run, serve, users, validate
from plynx.cli.output import echo_problems, error
from plynx.errors import PlynxError, ValidationFailed

#: Exit status of a command given invalid input (bad file, invalid workflow, bad options).
EXIT_INVALID = 2


class PlynxGroup(click.Group):
    """A command group printing PLynx errors as clear messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            echo_problems("the workflow is invalid", exc.problems)
            ctx.exit(EXIT_INVALID)
        except PlynxError as exc:
            error(str(exc))
            ctx.exit(EXIT_INVALID)


def _set_home(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    if value is not None:
        os.environ["PLYNX_HOME"] = str(value.expanduser().absolute())
    return value


@click.group(cls=PlynxGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), metavar="PATH",
              callback=_set_home, expose_value=False, is_eager=True,
              help="PLynx home folder (sets PLYNX_HOME; default ~/.plynx).")
@click.version_option(__version__, "--version", prog_name="plynx",
                      message="%(prog)s %(version)s")
def cli() -> None:
    """PLynx: reproducible workflows of operations, cached by content."""


cli.add_command(run.run)
cli.add_command(validate.validate)
cli.add_command(cache.cache)
cli.add_command(configuration.config)
cli.add_command(users.users)
cli.add_command(serve.local)
cli.add_command(serve.server)
cli.add_command(serve.scheduler)
cli.add_command(serve.db)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``plynx`` console script."""
    cli.main(args=argv, prog_name="plynx")
