"""``plynx local``, ``plynx server``, ``plynx scheduler`` and ``plynx db``: the processes.

The server modules are imported only when a command runs, so ``plynx --help`` stays quick.
"""

from __future__ import annotations

import click

from plynx.config import load_settings

_HOST_HELP = "Address to listen on (default: the `host` setting, 127.0.0.1)."
_PORT_HELP = "Port to listen on (default: the `port` setting, 5005)."


@click.command()
@click.option("--host", metavar="ADDRESS", help=_HOST_HELP)
@click.option("--port", type=click.IntRange(1, 65535), help=_PORT_HELP)
@click.option("--no-browser", is_flag=True, help="Do not open the web UI in a browser.")
def local(host: str | None, port: int | None, no_browser: bool) -> None:
    """Run PLynx on this machine: web UI, API, scheduler and executor in one process.

    The first start on an empty database loads demo operations and an example workflow.
    Ctrl-C (or SIGTERM) stops it; runs still going are canceled.
    """
    from plynx.server.processes import run_local

    run_local(load_settings(host=host, port=port), open_browser=not no_browser, say=click.echo)


@click.command()
@click.option("--host", metavar="ADDRESS", help=_HOST_HELP)
@click.option("--port", type=click.IntRange(1, 65535), help=_PORT_HELP)
def server(host: str | None, port: int | None) -> None:
    """Serve the API and web UI only; runs are driven by `plynx scheduler`.

    Several servers may serve one PostgreSQL database.
    """
    from plynx.server.processes import run_server

    run_server(load_settings(host=host, port=port), say=click.echo)


@click.command()
def scheduler() -> None:
    """Drive the runs submitted through the servers, until Ctrl-C or SIGTERM.

    Runs left unfinished by a scheduler that stopped are resumed.
    """
    from plynx.server.processes import run_scheduler

    run_scheduler(load_settings(), say=click.echo)


@click.group()
def db() -> None:
    """Manage the metadata database."""


@db.command()
def upgrade() -> None:
    """Create the schema or migrate it to this version of PLynx; print its revision."""
    from plynx.server.processes import upgrade_database

    settings = load_settings()
    revision = upgrade_database(settings)
    click.echo(f"database {settings.public()['database_url']} is at revision {revision}")
