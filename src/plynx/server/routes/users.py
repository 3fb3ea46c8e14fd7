"""Users: accounts and their policies, managed by administrators.

Every endpoint needs the ``admin`` policy. Accounts are never deleted, since objects keep
their author's username: deactivate them instead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from plynx.auth import Policy, Principal
from plynx.errors import InvalidInput
from plynx.server.pagination import Page, PageDep
from plynx.server.routes.auth import NewPassword
from plynx.server.security import PrincipalDep
from plynx.server.services import ServicesDep
from plynx.store.accounts import USERNAME_PATTERN, ApiToken, User

router = APIRouter(prefix="/users", tags=["users"])


class UserCreate(BaseModel):
    username: str = Field(pattern=USERNAME_PATTERN,
                          description="1 to 64 letters, digits, dots, underscores or dashes")
    password: NewPassword
    policies: list[Policy] | None = Field(
        default=None, description="default: every policy but 'modify_others_workflows' and "
                                  "'admin'")


class UserUpdate(BaseModel):
    active: bool | None = Field(default=None, description="false refuses the user's requests")
    policies: list[Policy] | None = Field(default=None, description="replaces every policy")


class PasswordReset(BaseModel):
    password: NewPassword


def _admin(principal: Principal) -> Principal:
    principal.require(Policy.ADMIN)
    return principal


@router.get("", summary="List users")
def list_users(
    services: ServicesDep,
    principal: PrincipalDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200,
                                   description="words the username must contain")] = None,
) -> Page[User]:
    """Users ordered by username."""
    _admin(principal)
    items, total = services.accounts.list_users(q, page.offset, page.limit)
    return Page[User](items=items, total=total, offset=page.offset, limit=page.limit)


@router.post("", status_code=201, summary="Create a user")
def create_user(body: UserCreate, services: ServicesDep, principal: PrincipalDep) -> User:
    """A new active user; 409 if the username is taken (in any case)."""
    _admin(principal)
    return services.accounts.create_user(body.username, body.password, body.policies)


@router.get("/{user_id}", summary="Get a user")
def get_user(user_id: str, services: ServicesDep, principal: PrincipalDep) -> User:
    """The account ``user_id``; 404 if there is none."""
    _admin(principal)
    return services.accounts.get_user(user_id)


@router.patch("/{user_id}", summary="Activate, deactivate or change the policies of a user")
def update_user(user_id: str, body: UserUpdate, services: ServicesDep,
                principal: PrincipalDep) -> User:
    """Changes apply to the user's very next request; deactivating also ends every login.

    Administrators cannot deactivate themselves or drop their own ``admin`` policy.
    """
    _admin(principal)
    if user_id == principal.user_id:
        if body.active is False:
            raise InvalidInput("active: you cannot deactivate your own account")
        if body.policies is not None and Policy.ADMIN not in body.policies:
            raise InvalidInput("policies: you cannot remove your own 'admin' policy")
    return services.accounts.update_user(user_id, active=body.active, policies=body.policies)


@router.post("/{user_id}/password", status_code=204, response_class=Response,
             summary="Set a user's password")
def reset_password(user_id: str, body: PasswordReset, services: ServicesDep,
                   principal: PrincipalDep) -> None:
    """Every login token of the user stops working and every API token of theirs is
    revoked."""
    _admin(principal)
    services.accounts.set_password(user_id, body.password)


@router.get("/{user_id}/tokens", summary="List a user's API tokens")
def list_user_tokens(user_id: str, services: ServicesDep,
                     principal: PrincipalDep) -> list[ApiToken]:
    """Without their values; revoke one with ``DELETE /auth/tokens/{id}``."""
    _admin(principal)
    services.accounts.get_user(user_id)
    return services.accounts.list_api_tokens(user_id)
