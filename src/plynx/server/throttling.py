"""Password checks held to the limits of failed logins (see :mod:`plynx.store.login_throttle`).

While an account or a client address has too many recent failures, its password checks are
refused with 429 and ``Retry-After`` before any password is looked at, so a refused guess
reveals nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from fastapi import Request

from plynx.auth import TooManyAttempts
from plynx.server.services import Services
from plynx.store.login_throttle import Lockout, Scope

__all__ = ["client_address", "throttled"]

T = TypeVar("T")

_WHOSE = {Scope.ACCOUNT: "for this account", Scope.ADDRESS: "from your address"}


def client_address(request: Request) -> str | None:
    """The address a request comes from, as the server sees it (behind a proxy, the one
    the proxy's forwarding headers give when uvicorn trusts them)."""
    return request.client.host if request.client else None


def throttled(services: Services, username: str, address: str | None,
              check: Callable[[], T | None]) -> T | None:
    """What ``check`` (a password check of ``username``) returns: None or False is a
    failure, counted; anything else a success, which clears the account's count.

    Raises :class:`~plynx.auth.TooManyAttempts` without calling ``check`` while the account
    or the address is locked out.
    """
    logins = services.logins
    lockout = logins.lockout(username, address)
    if lockout is not None:
        raise too_many(lockout)
    result = check()
    if result is None or result is False:
        logins.failed(username, address)
    else:
        logins.succeeded(username)
    return result


def too_many(lockout: Lockout) -> TooManyAttempts:
    """The error refusing a login during ``lockout``, saying when to try again."""
    seconds = max(1, math.ceil(lockout.retry_after.total_seconds()))
    return TooManyAttempts(f"too many failed logins {_WHOSE[lockout.scope]}: try again in "
                           f"{_duration(timedelta(seconds=seconds))}", retry_after=seconds)


def _duration(wait: timedelta) -> str:
    """``wait`` in words: seconds under a minute, else minutes rounded up."""
    seconds = math.ceil(wait.total_seconds())
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
