"""Fixtures and helpers for API tests in multi-user mode (a ``secret`` is configured).

Pytest finds fixtures imported into a test module. The fixture functions are named
``<fixture>_fixture`` so that test parameters do not shadow the imports::

    from tests.server.multi_user import multi_fixture, user_headers  # noqa: F401

    def test_something(multi: TestClient) -> None:
        alice = user_headers(multi, "alice", {Policy.CREATE_WORKFLOWS})
        assert multi.get("/api/v1/auth/me", headers=alice).json()["username"] == "alice"

Fixtures: ``multi`` (a client in multi-user mode; needs only the ``services`` fixture of
tests/server/conftest.py), and, each needing ``multi_fixture`` imported too,
``multi_services`` (its services) and ``admin_headers`` (a header of a fresh admin).

Hashing a password takes about 0.15 s: create few users per test. Helpers take the client
(or the services) of the application, so they work on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.server import Services, create_app, open_services
from plynx.server.security import token_signer
from plynx.store.accounts import User
from tests.server.conftest import local_client

__all__ = [
    "PASSWORD",
    "SECRET",
    "admin_headers_fixture",
    "bearer",
    "create_user",
    "headers_for",
    "login",
    "multi_fixture",
    "multi_services_fixture",
    "multi_user_services",
    "services_of",
    "user_headers",
]

#: The secret of the multi-user applications (TokenSigner wants at least 32 bytes).
SECRET = "multi-user-test-secret-0123456789abcdef"
#: The password of users made by these helpers unless a test gives another.
PASSWORD = "correct horse battery staple"


def multi_user_services(services: Services) -> Services:
    """``services`` (same stores, same scheduler) with the ``secret`` set."""
    settings = services.settings.model_copy(update={"secret": SECRET})
    return open_services(settings, store=services.store, wake=services.wake)


@pytest.fixture(name="multi")
def multi_fixture(services: Services) -> Iterator[TestClient]:
    """``multi``: a client of an application in multi-user mode, calling from this machine."""
    with local_client(create_app(multi_user_services(services))) as client:
        yield client


@pytest.fixture(name="multi_services")
def multi_services_fixture(multi: TestClient) -> Services:
    """``multi_services``: the services of the ``multi`` application."""
    return services_of(multi)


@pytest.fixture(name="admin_headers")
def admin_headers_fixture(multi: TestClient) -> dict[str, str]:
    """``admin_headers``: the Authorization header of a fresh user ``admin`` (admin policy)."""
    return user_headers(multi, "admin", {Policy.ADMIN})


def services_of(app_or_services: TestClient | Services) -> Services:
    """The services behind a client (or the services themselves)."""
    if isinstance(app_or_services, Services):
        return app_or_services
    services: Services = app_or_services.app.state.services  # type: ignore[attr-defined]
    return services


def create_user(client: TestClient | Services, username: str,
                policies: Iterable[Policy] = DEFAULT_POLICIES, password: str = PASSWORD) -> User:
    """A new active user in the application's store."""
    return services_of(client).accounts.create_user(username, password, policies)


def bearer(token: str) -> dict[str, str]:
    """The Authorization header sending ``token``."""
    return {"Authorization": f"Bearer {token}"}


def headers_for(client: TestClient | Services, user: User) -> dict[str, str]:
    """The Authorization header of a fresh access token of ``user`` (without logging in)."""
    services = services_of(client)
    generation = services.accounts.generation(user.id)
    return bearer(token_signer(services.settings).issue(user.id, generation).access_token)


def user_headers(client: TestClient | Services, username: str,
                 policies: Iterable[Policy] = DEFAULT_POLICIES) -> dict[str, str]:
    """Create the user ``username`` with ``policies``; the Authorization header acting as them."""
    return headers_for(client, create_user(client, username, policies))


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, Any]:
    """Log in through the API; the tokens (``access_token``, ``refresh_token``, …)."""
    response = client.post("/api/v1/auth/login",
                           json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens
