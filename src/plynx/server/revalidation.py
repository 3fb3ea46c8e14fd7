"""Long-lived responses check again, while they stream, that their caller may still listen.

An event stream or a followed log may stay open for hours. Its credentials were checked
when it opened; every :data:`RECHECK_SECONDS` they are checked again (one read of the user
by primary key, or of the API token by its digest), and the response ends as soon as the
user is deactivated, the token is revoked or expired, the password was changed, or the
user's policies changed. A client that reconnects is then checked like any request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Annotated

import anyio
from anyio import to_thread
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials

from plynx.auth import Principal, Unauthorized
from plynx.server.security import PrincipalDep, authenticate, bearer
from plynx.server.services import Services, ServicesDep

__all__ = ["RECHECK_SECONDS", "CredentialCheck", "CredentialCheckDep", "credential_check",
           "until_invalid"]

#: Seconds between two checks of the credentials of a long-lived response.
RECHECK_SECONDS = 5.0

#: Why a response ended when the policies of its user changed.
POLICIES_CHANGED = "your permissions changed: connect again"


class CredentialCheck:
    """Checks that a bearer token still stands for ``principal``, with the same policies.

    Calling it (in a worker thread: it reads the database) returns None while it does,
    otherwise why not.
    """

    def __init__(self, services: Services, token: str, principal: Principal) -> None:
        self._services = services
        self._token = token
        self._principal = principal

    def __call__(self) -> str | None:
        try:
            now = authenticate(self._services, self._token)
        except Unauthorized as exc:
            return str(exc)
        return None if now == self._principal else POLICIES_CHANGED


def credential_check(
    services: ServicesDep,
    principal: PrincipalDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> CredentialCheck | None:
    """FastAPI dependency: the check of the request's credentials, or None when there is
    nothing to check again (single-user mode)."""
    if not services.settings.multi_user or credentials is None:
        return None
    return CredentialCheck(services, credentials.credentials, principal)


#: A handler parameter receiving the check of the request's credentials.
CredentialCheckDep = Annotated[CredentialCheck | None, Depends(credential_check)]


def until_invalid(source: AsyncIterator[bytes], check: Callable[[], str | None] | None,
                  farewell: Callable[[str], bytes] | None = None) -> AsyncIterator[bytes]:
    """The chunks of ``source`` until it ends or ``check`` (run every
    :data:`RECHECK_SECONDS`) gives a reason to stop; ``farewell`` makes a last chunk saying
    why. Without a check, ``source`` itself."""
    if check is None:
        return source
    return _checked(source, check, farewell)


async def _checked(source: AsyncIterator[bytes], check: Callable[[], str | None],
                   farewell: Callable[[str], bytes] | None) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    due = loop.time() + RECHECK_SECONDS
    step: asyncio.Task[bytes | None] | None = None
    try:
        while True:
            if step is None:
                step = asyncio.ensure_future(anext(source, None))
            await asyncio.wait({step}, timeout=max(0.0, due - loop.time()))
            if step.done():
                chunk, step = step.result(), None
                if chunk is None:
                    return
                yield chunk
            if loop.time() >= due:
                reason = await to_thread.run_sync(check)
                if reason is not None:
                    if farewell is not None:
                        yield farewell(reason)
                    return
                due = loop.time() + RECHECK_SECONDS
    finally:
        with anyio.CancelScope(shield=True):
            if step is not None:
                step.cancel()
                await asyncio.wait({step})
            if isinstance(source, AsyncGenerator):
                await source.aclose()
