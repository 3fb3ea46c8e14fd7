"""Who is asking: the principal behind a request.

Single-user mode (no ``secret`` configured): every request acts as the user ``default``
with every permission, and only requests from this machine (loopback) are served.
Multi-user mode: a bearer token is required, either a login access token or an API token.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from plynx.auth import (
    SINGLE_USER,
    Forbidden,
    InvalidToken,
    Principal,
    TokenKind,
    TokenSigner,
    Unauthorized,
    api_token_digest,
    is_api_token,
)
from plynx.config import Settings
from plynx.server.services import Services, ServicesDep
from plynx.store.accounts import User, principal_of

bearer = HTTPBearer(auto_error=False, description="a login access token or an API token")


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is an address of this machine."""
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def current_principal(
    request: Request,
    services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """FastAPI dependency: the principal making the request, or 401/403."""
    if not services.settings.multi_user:
        client = request.client.host if request.client else None
        if not is_loopback(client):
            raise Forbidden("single-user mode serves only this machine; configure a secret "
                            "to enable multi-user mode")
        return SINGLE_USER
    if credentials is None:
        raise Unauthorized("log in first: send 'Authorization: Bearer <token>'")
    return authenticate(services, credentials.credentials)


def authenticate(services: Services, token: str) -> Principal:
    """The principal an access token or API token stands for, or Unauthorized.

    An API token must exist and be unexpired; a login token must be an unexpired access
    token of the user's current generation. Either way the user must be active.
    """
    if is_api_token(token):
        user = services.accounts.resolve_api_token(api_token_digest(token))
        if user is None:
            raise InvalidToken("unknown, revoked or expired API token")
    else:
        claims = token_signer(services.settings).verify(token, TokenKind.ACCESS)
        user = session_user(services, claims.user_id, claims.generation)
    return principal_of(active(user))


def session_user(services: Services, user_id: str, generation: int) -> User:
    """The user of a verified login token, unless the token was invalidated since."""
    user = services.accounts.session_user(user_id, generation)
    if user is None:
        raise InvalidToken("token revoked: log in again")
    return user


def active(user: User) -> User:
    """``user``, unless the account is deactivated (Unauthorized)."""
    if not user.active:
        raise Unauthorized(f"the account {user.username!r} is deactivated")
    return user


def token_signer(settings: Settings) -> TokenSigner:
    """The signer of login tokens for ``settings`` (built once per secret and lifetimes)."""
    return _signer(settings.secret, settings.access_token_minutes, settings.refresh_token_days)


@lru_cache(maxsize=8)
def _signer(secret: str, access_minutes: float, refresh_days: float) -> TokenSigner:
    return TokenSigner(secret, access_ttl=timedelta(minutes=access_minutes),
                       refresh_ttl=timedelta(days=refresh_days))


#: A handler parameter receiving the principal making the request.
PrincipalDep = Annotated[Principal, Depends(current_principal)]
