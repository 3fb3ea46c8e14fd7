"""Fixtures of the client tests: the API test fixtures (an app with a scheduler, on SQLite
and PostgreSQL), a Client talking to it in this process and one talking over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plynx.client import Client
from plynx.server import Services, create_app
from tests.server.conftest import api, local_client, services  # noqa: F401 - fixtures used here
from tests.server.live import serving

__all__ = ["api", "client", "live_client", "services"]


@pytest.fixture
def client(services: Services) -> Iterator[Client]:  # noqa: F811 - the imported fixture
    """A client sending its requests through a test client of the API that adds no headers
    of its own: the client sends what the server wants of PLynx's clients."""
    with local_client(create_app(services), headers=None) as http, Client(http=http) as connected:
        yield connected


@pytest.fixture
def live_client(services: Services) -> Iterator[Client]:  # noqa: F811 - the imported fixture
    """A client of the application served over real HTTP on a free loopback port."""
    with serving(create_app(services)) as url, Client(url) as connected:
        yield connected
