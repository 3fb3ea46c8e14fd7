"""Long-lived responses end when their caller may no longer listen, checked periodically."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable

import pytest

from plynx.auth import Policy
from plynx.server import Services, revalidation
from plynx.server.revalidation import POLICIES_CHANGED, CredentialCheck, until_invalid
from plynx.server.security import authenticate
from tests.server.multi_user import (  # noqa: F401
    create_user,
    headers_for,
    multi_fixture,
    multi_services_fixture,
)


@pytest.fixture(autouse=True)
def quick_rechecks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revalidation, "RECHECK_SECONDS", 0.02)


class Source:
    """An async generator of ``chunks``, then idle forever when ``idle``; records its end."""

    def __init__(self, chunks: list[bytes], idle: bool = True) -> None:
        self.chunks, self.idle = chunks, idle
        self.closed = False

    async def __call__(self) -> AsyncGenerator[bytes]:
        try:
            for chunk in self.chunks:
                yield chunk
            while self.idle:
                await asyncio.sleep(3600)
        finally:
            self.closed = True


def collect(stream: AsyncIterator[bytes]) -> list[bytes]:
    async def read() -> list[bytes]:
        return [chunk async for chunk in stream]
    return asyncio.run(asyncio.wait_for(read(), 10))


def after(calls: int, reason: str) -> Callable[[], str | None]:
    """A check that passes ``calls`` times, then gives ``reason``."""
    made = []

    def check() -> str | None:
        made.append(1)
        return reason if len(made) > calls else None
    return check


def test_without_a_check_the_source_is_returned_as_it_is() -> None:
    source = Source([b"a"], idle=False)()
    assert until_invalid(source, None) is source


def test_a_source_that_ends_ends_the_stream() -> None:
    source = Source([b"a", b"b"], idle=False)
    assert collect(until_invalid(source(), after(100, "never"))) == [b"a", b"b"]
    assert source.closed


def test_an_idle_stream_ends_with_a_farewell_when_the_check_fails() -> None:
    source = Source([b"a"])
    stream = until_invalid(source(), after(2, "revoked"), lambda why: f"bye: {why}".encode())
    assert collect(stream) == [b"a", b"bye: revoked"]
    assert source.closed


def test_a_busy_stream_is_checked_too() -> None:
    async def busy() -> AsyncGenerator[bytes]:
        while True:
            yield b"x"
            await asyncio.sleep(0.001)

    chunks = collect(until_invalid(busy(), after(1, "revoked"), lambda why: b"end"))
    assert chunks[-1] == b"end" and set(chunks[:-1]) == {b"x"}


def test_a_client_that_leaves_closes_the_source() -> None:
    source = Source([b"a"])

    async def leave() -> None:
        stream = until_invalid(source(), after(100, "never"))
        assert await anext(stream) == b"a"
        reading = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0.05)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        await stream.aclose()  # type: ignore[attr-defined]

    asyncio.run(leave())
    assert source.closed


def test_the_check_follows_the_token_and_the_policies(multi_services: Services) -> None:
    user = create_user(multi_services, "gus", {Policy.RUN_WORKFLOWS})
    token = headers_for(multi_services, user)["Authorization"].removeprefix("Bearer ")
    check = CredentialCheck(multi_services, token, authenticate(multi_services, token))
    assert check() is None
    multi_services.accounts.set_policies(user.id, [Policy.ADMIN])
    assert check() == POLICIES_CHANGED
    multi_services.accounts.bump_generation(user.id)
    assert check() == "token revoked: log in again"
