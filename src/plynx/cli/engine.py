"""Opening the engine on the effective configuration, only when a command needs it.

The engine pulls in the database layer and its migrations, which take a second to import:
``plynx --help`` and ``plynx config`` must not pay for that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plynx.config import load_settings

if TYPE_CHECKING:
    from plynx.engine import Engine


def open_engine() -> Engine:
    """An engine on the settings from the config file and ``PLYNX_*`` variables."""
    from plynx.engine import Engine

    return Engine(load_settings())
