"""Users and their API tokens (stars on operations are kept by the operation index).

A user's ``generation`` counts how often every login token of the user was invalidated: a
session token is valid only while it carries the current generation. Changing the password
or deactivating the account bumps it. Changing the password also deletes every API token of
the user; otherwise API tokens are revoked one by one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache

from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from plynx.auth import (
    DEFAULT_POLICIES,
    Policy,
    Principal,
    check_password_strength,
    hash_password,
    needs_rehash,
    new_api_token,
    parse_policies,
    verify_password,
)
from plynx.errors import Conflict, InvalidInput, NotFound
from plynx.store.columns import as_utc, utcnow
from plynx.store.repository import Repository
from plynx.store.searching import text_matches
from plynx.store.tables import ApiTokenRow, UserRow

__all__ = [
    "USERNAME_PATTERN",
    "AccountStore",
    "ApiToken",
    "NewApiToken",
    "User",
    "check_username",
    "principal_of",
]

#: What a username may be made of: 1 to 64 letters, digits, dots, underscores and dashes.
USERNAME_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
_USERNAME = re.compile(USERNAME_PATTERN)
#: Longest name of an API token.
MAX_TOKEN_NAME = 255
#: ``last_used_at`` of an API token is written at most this often, to spare the database.
LAST_USED_RESOLUTION = timedelta(minutes=1)
#: Policies stored by a newer version and unknown to this one are ignored.
_KNOWN_POLICIES = frozenset(p.value for p in Policy)


class User(BaseModel):
    """An account as the API shows it (never its password hash)."""

    id: str
    username: str
    active: bool
    policies: list[Policy] = Field(description="permissions held; 'admin' implies every one")
    created_at: datetime


class ApiToken(BaseModel):
    """An API token of a user, without its secret value."""

    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None = Field(description="recorded to the minute")
    expires_at: datetime | None = Field(description="never expires when null")


class NewApiToken(ApiToken):
    """A token just created: ``token`` is shown this once and never stored."""

    token: str = Field(description="send as 'Authorization: Bearer <token>'; keep it secret")


def check_username(username: str) -> None:
    """Raise :class:`~plynx.errors.InvalidInput` unless ``username`` follows the rules."""
    if not _USERNAME.match(username):
        raise InvalidInput(f"username {username!r} is invalid: use 1 to 64 letters, digits, "
                           "dots, underscores or dashes")


def principal_of(user: User) -> Principal:
    """The principal requests of ``user`` act as."""
    return Principal(user_id=user.id, username=user.username, policies=frozenset(user.policies))


def _user(row: UserRow) -> User:
    return User(id=row.id, username=row.username, active=row.active,
                policies=[Policy(p) for p in row.policies if p in _KNOWN_POLICIES],
                created_at=row.created_at)


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(id=row.id, name=row.name, created_at=row.created_at,
                    last_used_at=row.last_used_at, expires_at=row.expires_at)


def _policy_values(policies: Iterable[Policy | str]) -> list[str]:
    """Stored form of ``policies``; InvalidInput names unknown ones."""
    return sorted(p.value for p in parse_policies(policies))


@cache
def _decoy_hash() -> str:
    """A hash to check passwords of unknown users against, so they take as long to refuse."""
    return hash_password(uuid.uuid4().hex)


class AccountStore(Repository):
    """Users and their API tokens.

    Usernames are unique regardless of case, and looking one up ignores case too; the
    stored spelling is the one objects record as their author.
    """

    # -- users ------------------------------------------------------------------------------

    def create_user(self, username: str, password: str,
                    policies: Iterable[Policy | str] | None = None) -> User:
        """A new active user; Conflict if the username is taken, InvalidInput if malformed.

        ``policies`` defaults to :data:`~plynx.auth.DEFAULT_POLICIES`.
        """
        check_username(username)
        check_password_strength(password)
        row = UserRow(
            id=uuid.uuid4().hex,
            username=username,
            password_hash=hash_password(password),
            active=True,
            policies=_policy_values(DEFAULT_POLICIES if policies is None else policies),
            generation=0,
            created_at=utcnow(),
            settings={},
        )
        taken = Conflict(f"username {username!r} is already taken")
        try:
            with self._writing() as session:
                if self._find(session, username) is not None:
                    raise taken
                session.add(row)
                session.flush()
                return _user(row)
        except IntegrityError:
            raise taken from None

    def get_user(self, user_id: str) -> User:
        """The user ``user_id``, or NotFound."""
        return self._get(UserRow, user_id, "user", _user)

    def get_user_by_username(self, username: str) -> User:
        """The user called ``username`` (in any case), or NotFound."""
        with self._reading() as session:
            return _user(self._named(session, username))

    def list_users(self, q: str | None = None, offset: int = 0,
                   limit: int | None = 50) -> tuple[list[User], int]:
        """Some users, ordered by username, and how many match in all.

        A user matches when its name contains every word of ``q`` (ignoring case);
        ``limit`` None lists every one.
        """
        condition = text_matches(func.lower(UserRow.username), q or "")
        with self._reading() as session:
            total = session.scalar(select(func.count()).select_from(UserRow).where(condition))
            rows = session.scalars(select(UserRow).where(condition)
                                   .order_by(UserRow.username, UserRow.id)
                                   .offset(offset).limit(limit))
            return [_user(row) for row in rows], total or 0

    def count_users(self) -> int:
        """How many accounts exist."""
        with self._reading() as session:
            return session.scalar(select(func.count()).select_from(UserRow)) or 0

    def update_user(self, user_id: str, *, active: bool | None = None,
                    policies: Iterable[Policy | str] | None = None) -> User:
        """Change what is given, in one transaction; deactivating ends every login.

        New policies apply to the user's very next request.
        """
        values = None if policies is None else _policy_values(policies)
        with self._writing() as session:
            row = self._row(session, user_id)
            if values is not None:
                row.policies = values
            if active is not None:
                if row.active and not active:
                    row.generation += 1
                row.active = active
            return _user(row)

    def set_active(self, user_id: str, active: bool) -> User:
        """Activate or deactivate a user; deactivating invalidates every login token."""
        return self.update_user(user_id, active=active)

    def set_policies(self, user_id: str, policies: Iterable[Policy | str]) -> User:
        """Replace the policies of a user; they apply to the very next request."""
        return self.update_user(user_id, policies=policies)

    def set_password(self, user_id: str, password: str) -> User:
        """Set a new password, invalidate every login token issued before and delete every
        API token of the user, in one transaction."""
        check_password_strength(password)
        password_hash = hash_password(password)
        with self._writing() as session:
            row = self._row(session, user_id)
            row.password_hash = password_hash
            row.generation += 1
            session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == user_id))
            return _user(row)

    def verify_password(self, user_id: str, password: str) -> bool:
        """Whether ``password`` is the current password of user ``user_id`` (NotFound if none)."""
        with self._reading() as session:
            password_hash = self._row(session, user_id).password_hash
        return password_hash is not None and verify_password(password_hash, password)

    def verify_login(self, username: str, password: str) -> User | None:
        """The active user with this username and password, or None.

        Unknown users take as long to refuse as wrong passwords. A hash made with outdated
        parameters is replaced on a successful login.
        """
        with self._reading() as session:
            row = self._find(session, username)
            stored = row.password_hash if row is not None else None
        if row is None or stored is None:
            verify_password(_decoy_hash(), password)
            return None
        if not verify_password(stored, password) or not row.active:
            return None
        if needs_rehash(stored):
            with self._writing() as session:
                session.execute(update(UserRow)
                                .where(UserRow.id == row.id, UserRow.password_hash == stored)
                                .values(password_hash=hash_password(password)))
        return _user(row)

    def generation(self, user_id: str) -> int:
        """The current token generation of user ``user_id``, or NotFound."""
        with self._reading() as session:
            return self._row(session, user_id).generation

    def bump_generation(self, user_id: str) -> int:
        """Invalidate every login token of user ``user_id``; the new generation."""
        with self._writing() as session:
            row = self._row(session, user_id)
            row.generation += 1
            return row.generation

    def session_user(self, user_id: str, generation: int) -> User | None:
        """The user a login token of ``generation`` stands for, while the token is valid.

        None when the user no longer exists or its generation moved on. The caller checks
        ``active``.
        """
        with self._reading() as session:
            row = session.get(UserRow, user_id)
            if row is None or row.generation != generation:
                return None
            return _user(row)

    # -- API tokens -------------------------------------------------------------------------

    def create_api_token(self, user_id: str, name: str,
                         expires_at: datetime | None = None) -> NewApiToken:
        """A new API token of user ``user_id``; its value is returned here and never again."""
        name = name.strip()
        if not name or len(name) > MAX_TOKEN_NAME:
            raise InvalidInput(f"the token name must have 1 to {MAX_TOKEN_NAME} characters")
        now = utcnow()
        if expires_at is not None:
            expires_at = as_utc(expires_at)
            if expires_at <= now:
                raise InvalidInput("expires_at must be in the future")
        token, digest = new_api_token()
        row = ApiTokenRow(id=uuid.uuid4().hex, user_id=user_id, name=name, digest=digest,
                          created_at=now, last_used_at=None, expires_at=expires_at)
        with self._writing() as session:
            self._row(session, user_id)
            session.add(row)
            session.flush()
            return NewApiToken(**_token(row).model_dump(), token=token)

    def list_api_tokens(self, user_id: str) -> list[ApiToken]:
        """The API tokens of user ``user_id``, newest first, without their values."""
        with self._reading() as session:
            rows = session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id)
                                   .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id))
            return [_token(row) for row in rows]

    def revoke_api_token(self, token_id: str, user_id: str | None) -> None:
        """Delete API token ``token_id`` of user ``user_id`` (of anyone when None).

        NotFound when there is no such token, or it belongs to someone else.
        """
        with self._writing() as session:
            row = session.get(ApiTokenRow, token_id)
            if row is None or (user_id is not None and row.user_id != user_id):
                raise NotFound(f"API token {token_id!r} not found")
            session.delete(row)

    def resolve_api_token(self, digest: str) -> User | None:
        """The user owning the unexpired API token with this digest, or None.

        Records when the token was used, at most once per :data:`LAST_USED_RESOLUTION`.
        The caller checks ``active``.
        """
        now = utcnow()
        with self._reading() as session:
            found = session.execute(select(ApiTokenRow, UserRow)
                                    .join(UserRow, UserRow.id == ApiTokenRow.user_id)
                                    .where(ApiTokenRow.digest == digest)).first()
            if found is None:
                return None
            token, user = found
            if token.expires_at is not None and token.expires_at <= now:
                return None
            stale = token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION
            result = _user(user)
        if stale:
            with self._writing() as session:
                session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token.id)
                                .values(last_used_at=now))
        return result

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _find(session: Session, username: str) -> UserRow | None:
        return session.scalars(select(UserRow).where(
            func.lower(UserRow.username) == username.lower())).first()

    def _named(self, session: Session, username: str) -> UserRow:
        row = self._find(session, username)
        if row is None:
            raise NotFound(f"user {username!r} not found")
        return row

    @staticmethod
    def _row(session: Session, user_id: str) -> UserRow:
        row = session.get(UserRow, user_id)
        if row is None:
            raise NotFound(f"user {user_id!r} not found")
        return row
