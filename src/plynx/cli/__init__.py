"""The ``plynx`` command: run and validate workflow files, inspect the cache and settings."""

from plynx.cli.main import cli, main

__all__ = ["cli", "main"]
