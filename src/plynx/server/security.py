"""Who is asking: the principal behind a request.

Single-user mode (no ``secret`` configured): every request acts as the user ``default``
with every permission, and only requests from this machine (loopback) are served.
Multi-user mode: a bearer token is required, either a login access token or an API token.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from plynx.auth import SINGLE_USER, Forbidden, Principal, Unauthorized
from plynx.server.services import Services, ServicesDep

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
    """The principal an access token or API token stands for."""
    raise Unauthorized("multi-user mode is not enabled in this build")


#: A handler parameter receiving the principal making the request.
PrincipalDep = Annotated[Principal, Depends(current_principal)]
