"""Fixtures of the API tests: an application on a fresh home, on SQLite and PostgreSQL.

``api`` is what ``plynx local`` runs: the API, and a scheduler in the same process that
drives the runs the API submits. Requests come from 127.0.0.1 unless a test says otherwise,
address the application as http://127.0.0.1 (an allowed host) and send the header PLynx's own
clients send (see plynx.server.request_guard).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from plynx.engine import Engine
from plynx.engine.service import SchedulerService
from plynx.server import Services, create_app, open_services
from plynx.server.request_guard import CLIENT_HEADER

LOOPBACK = ("127.0.0.1", 50000)
#: The address the tests reach applications at.
LOCAL_URL = "http://127.0.0.1"
#: What the web UI and the Python client send with every request.
CLIENT_HEADERS = {CLIENT_HEADER: "tests"}


def local_client(app: FastAPI, client: tuple[str, int] = LOOPBACK,
                 headers: dict[str, str] | None = CLIENT_HEADERS) -> TestClient:
    """A test client of ``app`` at LOCAL_URL, calling from ``client`` with ``headers``."""
    return TestClient(app, base_url=LOCAL_URL, client=client, headers=headers)


@pytest.fixture
def services(engine: Engine) -> Iterator[Services]:
    """API services sharing the engine's stores, with its scheduler serving in a thread."""
    scheduler = SchedulerService(engine, poll_seconds=0.05)
    scheduler.start()
    try:
        yield open_services(engine.settings, store=engine.store, wake=scheduler.wake)
    finally:
        scheduler.stop()


@pytest.fixture
def api(services: Services) -> Iterator[TestClient]:
    """A client of the API, calling from this machine."""
    with local_client(create_app(services)) as client:
        yield client


def wait_for(check: Callable[[], Any], timeout: float = 30) -> Any:
    """Poll ``check`` until it returns something true; return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError(f"condition not met within {timeout} s")
