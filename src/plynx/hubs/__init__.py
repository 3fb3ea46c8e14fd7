"""Hubs: catalogues of operations to browse."""

from plynx.hubs.base import Hub
from plynx.hubs.database import DatabaseHub
from plynx.hubs.static import StaticHub

__all__ = ["DatabaseHub", "Hub", "StaticHub"]
