"""Registers the built-in hubs."""

from __future__ import annotations

from plynx.hookspecs import hookimpl
from plynx.hubs.database import DatabaseHub
from plynx.hubs.static import StaticHub


@hookimpl
def plynx_hubs() -> list[type]:
    return [DatabaseHub, StaticHub]
