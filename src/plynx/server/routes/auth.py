"""Auth: logging in, refreshing tokens, one's own account, password and API tokens.

In single-user mode (no ``secret`` configured) nobody logs in: every request acts as the
user ``default``, so the endpoints that hand out or manage credentials answer 400.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from plynx.auth import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    Policy,
    Principal,
    TokenKind,
    TokenPair,
    Unauthorized,
)
from plynx.errors import InvalidInput
from plynx.server.errors import ErrorBody
from plynx.server.security import PrincipalDep, active, session_user, token_signer
from plynx.server.services import Services, ServicesDep
from plynx.server.throttling import client_address, throttled
from plynx.store.accounts import MAX_TOKEN_NAME, ApiToken, NewApiToken
from plynx.store.columns import utcnow

router = APIRouter(prefix="/auth", tags=["auth"])

#: The answer of credential endpoints in single-user mode.
SINGLE_USER_MESSAGE = ("single-user mode: no login needed (configure a secret to enable "
                       "multi-user mode)")
#: The answer to too many failed logins, declared on the routes that check passwords.
TOO_MANY: dict[int | str, dict[str, Any]] = {429: {
    "model": ErrorBody, "description": "too many failed logins lately: try again after "
                                       "`Retry-After` seconds"}}
#: Longest lifetime of an API token, in days.
MAX_TOKEN_DAYS = 3650

#: A password being checked.
Password = Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)]
#: A password being set: the length rule of :func:`plynx.auth.check_password_strength`.
NewPassword = Annotated[str, Field(
    min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH,
    description=f"{MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")]


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=255)
    password: Password


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=4096)


class PasswordChange(BaseModel):
    current_password: Password
    new_password: NewPassword


class Tokens(BaseModel):
    """A login: send ``access_token`` as a bearer token; trade ``refresh_token`` for a new pair
    at ``/auth/refresh`` before the access token expires (``expires_in`` seconds)."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int

    @classmethod
    def of(cls, pair: TokenPair) -> Tokens:
        return cls(access_token=pair.access_token, refresh_token=pair.refresh_token,
                   expires_in=pair.expires_in)


class Me(BaseModel):
    """The user making the request."""

    id: str
    username: str
    policies: list[Policy]
    is_admin: bool
    multi_user: bool = Field(description="false in single-user mode, where nobody logs in")


class PolicyInfo(BaseModel):
    name: Policy
    description: str


class TokenRequest(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_TOKEN_NAME,
                      description="what the token is for, such as the script using it")
    expires_in_days: float | None = Field(default=None, gt=0, le=MAX_TOKEN_DAYS,
                                          description="never expires when null")


def _require_multi_user(services: Services) -> None:
    if not services.settings.multi_user:
        raise InvalidInput(SINGLE_USER_MESSAGE)


@router.post("/login", summary="Log in with a username and password", responses=TOO_MANY)
def login(body: LoginRequest, request: Request, services: ServicesDep) -> Tokens:
    """An access token and a refresh token; 401 for a wrong username or password.

    429, with `Retry-After` in seconds, while the username or the caller's address has had
    too many failed logins lately (`login_failures_per_account`, `login_failures_per_address`
    within `login_window_minutes`).
    """
    _require_multi_user(services)
    user = throttled(services, body.username, client_address(request),
                     lambda: services.accounts.verify_login(body.username, body.password))
    if user is None:
        raise Unauthorized("wrong username or password")
    generation = services.accounts.generation(user.id)
    return Tokens.of(token_signer(services.settings).issue(user.id, generation))


@router.post("/refresh", summary="Trade a refresh token for a new pair of tokens")
def refresh(body: RefreshRequest, services: ServicesDep) -> Tokens:
    """Only a refresh token is accepted here (never an access token or an API token)."""
    _require_multi_user(services)
    signer = token_signer(services.settings)
    claims = signer.verify(body.refresh_token, TokenKind.REFRESH)
    user = active(session_user(services, claims.user_id, claims.generation))
    return Tokens.of(signer.issue(user.id, claims.generation))


@router.get("/me", summary="The user making the request")
def me(services: ServicesDep, principal: PrincipalDep) -> Me:
    """Who the request acts as and their policies (``default`` in single-user mode)."""
    return Me(id=principal.user_id, username=principal.username,
              policies=sorted(principal.policies), is_admin=principal.is_admin,
              multi_user=services.settings.multi_user)


@router.get("/policies", summary="Every policy a user may hold")
def policies(_principal: PrincipalDep) -> list[PolicyInfo]:
    """The permissions an administrator can grant, each with what it allows."""
    return [PolicyInfo(name=policy, description=policy.description) for policy in Policy]


@router.post("/password", summary="Change one's own password", responses=TOO_MANY)
def change_password(body: PasswordChange, request: Request, services: ServicesDep,
                    principal: PrincipalDep) -> Tokens:
    """Every login token issued before stops working and every API token of the user is
    revoked; the answer is a fresh pair.

    A wrong `current_password` counts as a failed login (429 when there were too many).
    """
    _require_multi_user(services)
    if not throttled(services, principal.username, client_address(request),
                     lambda: services.accounts.verify_password(principal.user_id,
                                                               body.current_password)):
        raise InvalidInput("current_password is wrong")
    services.accounts.set_password(principal.user_id, body.new_password)
    generation = services.accounts.generation(principal.user_id)
    return Tokens.of(token_signer(services.settings).issue(principal.user_id, generation))


@router.get("/tokens", summary="List one's own API tokens")
def list_tokens(services: ServicesDep, principal: PrincipalDep) -> list[ApiToken]:
    """Newest first; the secret values are never shown again after creation."""
    _require_multi_user(services)
    return services.accounts.list_api_tokens(principal.user_id)


@router.post("/tokens", status_code=201, summary="Create an API token for scripts")
def create_token(body: TokenRequest, services: ServicesDep,
                 principal: PrincipalDep) -> NewApiToken:
    """The answer holds the token's value (``token``): it is shown this once only."""
    _require_multi_user(services)
    expires_at = (utcnow() + timedelta(days=body.expires_in_days)
                  if body.expires_in_days is not None else None)
    return services.accounts.create_api_token(principal.user_id, body.name, expires_at)


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response,
               summary="Revoke an API token")
def revoke_token(token_id: str, services: ServicesDep, principal: PrincipalDep) -> None:
    """One's own token; an administrator may revoke anyone's. It stops working at once."""
    _require_multi_user(services)
    services.accounts.revoke_api_token(token_id, _owner_filter(principal))


def _owner_filter(principal: Principal) -> str | None:
    """Whose tokens ``principal`` may revoke: their own, or anyone's (None) for an admin."""
    return None if principal.is_admin else principal.user_id
