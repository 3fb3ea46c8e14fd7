"""Session tokens (signed JWTs) and opaque API tokens.

A login yields a :class:`TokenPair`: a short-lived access token sent with every request
and a long-lived refresh token that only buys a new pair. Both carry the user's
*generation*; bumping it on the user invalidates every token issued before.

API tokens, for scripts, are random strings prefixed ``plx_``; only their SHA-256
digest is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import jwt

from plynx.auth.errors import InvalidToken
from plynx.config import MIN_SECRET_BYTES
from plynx.errors import ConfigError

__all__ = [
    "API_TOKEN_PREFIX",
    "Claims",
    "InvalidToken",
    "TokenKind",
    "TokenPair",
    "TokenSigner",
    "api_token_digest",
    "is_api_token",
    "new_api_token",
]

_ALGORITHM = "HS256"
_REQUIRED_CLAIMS = ["exp", "iat", "sub", "typ", "iss", "gen"]

#: Every API token starts with this.
API_TOKEN_PREFIX = "plx_"


class TokenKind(StrEnum):
    """What a session token may be used for."""

    ACCESS = "access"
    REFRESH = "refresh"


@dataclass(frozen=True)
class TokenPair:
    """The tokens handed out at login; ``expires_in`` is the access token's life in seconds."""

    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class Claims:
    """What a verified session token says."""

    user_id: str
    kind: TokenKind
    generation: int
    expires_at: datetime  # timezone-aware, UTC


class TokenSigner:
    """Issues and verifies HS256 session tokens with one secret."""

    def __init__(
        self,
        secret: str,
        access_ttl: timedelta = timedelta(minutes=15),
        refresh_ttl: timedelta = timedelta(days=14),
        issuer: str = "plynx",
    ):
        if len(secret.encode()) < MIN_SECRET_BYTES:
            raise ConfigError(f"the secret must be at least {MIN_SECRET_BYTES} bytes long "
                              "(generate one with: python -c 'import secrets; "
                              "print(secrets.token_urlsafe(32))')")
        for name, ttl in (("access", access_ttl), ("refresh", refresh_ttl)):
            if ttl <= timedelta(0):
                raise ConfigError(f"the {name} token lifetime must be positive, not {ttl}")
        self._secret = secret
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.issuer = issuer

    def __repr__(self) -> str:
        return f"TokenSigner(issuer={self.issuer!r}, secret=***)"

    def issue(self, user_id: str, generation: int = 0) -> TokenPair:
        """A fresh access and refresh token for ``user_id`` at ``generation``."""
        now = datetime.now(UTC).replace(microsecond=0)
        return TokenPair(
            access_token=self._encode(user_id, TokenKind.ACCESS, generation, now, self.access_ttl),
            refresh_token=self._encode(
                user_id, TokenKind.REFRESH, generation, now, self.refresh_ttl
            ),
            expires_in=int(self.access_ttl.total_seconds()),
        )

    def verify(self, token: str, kind: TokenKind) -> Claims:
        """The claims of ``token`` if it is a valid, unexpired token of ``kind``.

        Raises :class:`InvalidToken` otherwise. The caller still has to compare
        ``generation`` with the user's current one.
        """
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                issuer=self.issuer,
                leeway=0,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("token expired") from None
        except jwt.InvalidTokenError:
            raise InvalidToken("invalid token") from None
        if payload["typ"] != kind.value:
            article = "an" if kind is TokenKind.ACCESS else "a"
            raise InvalidToken(f"not {article} {kind.value} token")
        generation = payload["gen"]
        if not isinstance(generation, int) or isinstance(generation, bool):
            raise InvalidToken("invalid token")
        return Claims(
            user_id=payload["sub"],
            kind=kind,
            generation=generation,
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        )

    def _encode(
        self, user_id: str, kind: TokenKind, generation: int, now: datetime, ttl: timedelta
    ) -> str:
        claims = {
            "sub": user_id,
            "typ": kind.value,
            "gen": generation,
            "iss": self.issuer,
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM)


def new_api_token() -> tuple[str, str]:
    """A new API token and its digest: show the token once, store only the digest."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, api_token_digest(token)


def api_token_digest(token: str) -> str:
    """The SHA-256 hex digest under which an API token is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


def is_api_token(token: str) -> bool:
    """Whether a bearer value is an API token (otherwise treat it as a session JWT)."""
    return token.startswith(API_TOKEN_PREFIX)
