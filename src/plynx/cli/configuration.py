"""``plynx config``: the effective configuration."""

from __future__ import annotations

import click
import yaml

from plynx.config import load_settings


@click.command()
def config() -> None:
    """Print the effective configuration as YAML (passwords masked).

    Settings come from defaults, then PLYNX_CONFIG or <home>/config.yaml, then PLYNX_*
    environment variables.
    """
    click.echo(yaml.safe_dump(load_settings().public(), sort_keys=False), nl=False)
