"""Authentication and authorization: passwords, tokens, policies."""

from __future__ import annotations

from plynx.auth.errors import Forbidden, InvalidToken, TooManyAttempts, Unauthorized
from plynx.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    check_password_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from plynx.auth.policies import (
    ALL_POLICIES,
    DEFAULT_POLICIES,
    SINGLE_USER,
    Policy,
    Principal,
    parse_policies,
)
from plynx.auth.tokens import (
    API_TOKEN_PREFIX,
    Claims,
    TokenKind,
    TokenPair,
    TokenSigner,
    api_token_digest,
    is_api_token,
    new_api_token,
)

__all__ = [
    "ALL_POLICIES",
    "API_TOKEN_PREFIX",
    "DEFAULT_POLICIES",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "SINGLE_USER",
    "Claims",
    "Forbidden",
    "InvalidToken",
    "Policy",
    "Principal",
    "TokenKind",
    "TokenPair",
    "TokenSigner",
    "TooManyAttempts",
    "Unauthorized",
    "api_token_digest",
    "check_password_strength",
    "hash_password",
    "is_api_token",
    "needs_rehash",
    "new_api_token",
    "parse_policies",
    "verify_password",
]
