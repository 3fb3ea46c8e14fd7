"""Fixtures of the API tests: an application on a fresh home, on SQLite and PostgreSQL.

``api`` is what ``plynx local`` runs: the API, and a scheduler in the same process that
drives the runs the API submits. Requests come from 127.0.0.1 unless a test says otherwise.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.engine import Engine
from plynx.engine.service import SchedulerService
from plynx.server import Services, create_app, open_services

LOOPBACK = ("127.0.0.1", 50000)


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
    with TestClient(create_app(services), client=LOOPBACK) as client:
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
