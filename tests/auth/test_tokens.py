from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from plynx.auth.errors import Unauthorized
from plynx.auth.tokens import (
    InvalidToken,
    TokenKind,
    TokenSigner,
    api_token_digest,
    is_api_token,
    new_api_token,
)
from plynx.errors import ConfigError

SECRET = "s" * 32
OTHER_SECRET = "o" * 32


@pytest.fixture
def signer() -> TokenSigner:
    return TokenSigner(SECRET)


def claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base: dict[str, Any] = {
        "sub": "u1",
        "typ": "access",
        "gen": 0,
        "iss": "plynx",
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def forge(secret: str = SECRET, **changes: Any) -> str:
    return jwt.encode(claims(**changes), secret, algorithm="HS256")


def test_round_trip(signer: TokenSigner) -> None:
    before = datetime.now(UTC)
    pair = signer.issue("u1", generation=3)
    assert pair.expires_in == 15 * 60

    access = signer.verify(pair.access_token, TokenKind.ACCESS)
    assert (access.user_id, access.kind, access.generation) == ("u1", TokenKind.ACCESS, 3)
    assert access.expires_at.tzinfo is not None
    expected = before + timedelta(minutes=15)
    assert abs(access.expires_at - expected) < timedelta(seconds=2)

    refresh = signer.verify(pair.refresh_token, TokenKind.REFRESH)
    assert (refresh.user_id, refresh.kind, refresh.generation) == ("u1", TokenKind.REFRESH, 3)
    assert abs(refresh.expires_at - (before + timedelta(days=14))) < timedelta(seconds=2)


def test_default_generation_is_zero(signer: TokenSigner) -> None:
    token = signer.issue("u1").access_token
    assert signer.verify(token, TokenKind.ACCESS).generation == 0


def test_custom_ttl_and_issuer() -> None:
    signer = TokenSigner(SECRET, access_ttl=timedelta(seconds=90), issuer="lab")
    pair = signer.issue("u1")
    assert pair.expires_in == 90
    assert signer.verify(pair.access_token, TokenKind.ACCESS).user_id == "u1"
    with pytest.raises(InvalidToken, match="invalid token"):
        TokenSigner(SECRET).verify(pair.access_token, TokenKind.ACCESS)


def test_kinds_are_not_interchangeable(signer: TokenSigner) -> None:
    pair = signer.issue("u1")
    with pytest.raises(InvalidToken, match="not an access token"):
        signer.verify(pair.refresh_token, TokenKind.ACCESS)
    with pytest.raises(InvalidToken, match="not a refresh token"):
        signer.verify(pair.access_token, TokenKind.REFRESH)


def test_expired(signer: TokenSigner) -> None:
    now = datetime.now(UTC)
    token = forge(iat=now - timedelta(minutes=10), exp=now - timedelta(seconds=1))
    with pytest.raises(InvalidToken, match="token expired"):
        signer.verify(token, TokenKind.ACCESS)


def test_tampered_signature(signer: TokenSigner) -> None:
    token = signer.issue("u1").access_token
    head, body, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    with pytest.raises(InvalidToken, match="invalid token"):
        signer.verify(f"{head}.{body}.{flipped}", TokenKind.ACCESS)


def test_tampered_payload(signer: TokenSigner) -> None:
    token = signer.issue("u1").access_token
    _, _, signature = token.split(".")
    other_head, other_body, _ = forge(sub="admin").split(".")
    with pytest.raises(InvalidToken, match="invalid token"):
        signer.verify(f"{other_head}.{other_body}.{signature}", TokenKind.ACCESS)


def test_other_secret(signer: TokenSigner) -> None:
    token = TokenSigner(OTHER_SECRET).issue("u1").access_token
    with pytest.raises(InvalidToken, match="invalid token"):
        signer.verify(token, TokenKind.ACCESS)


def test_wrong_issuer(signer: TokenSigner) -> None:
    with pytest.raises(InvalidToken, match="invalid token"):
        signer.verify(forge(iss="someone-else"), TokenKind.ACCESS)


def test_other_algorithm_rejected(signer: TokenSigner) -> None:
    token = jwt.encode(claims(), SECRET * 2, algorithm="HS512")
    with pytest.raises(InvalidToken, match="invalid token"):
        signer.verify(token, TokenKind.ACCESS)
    unsigned = jwt.encode(claims(), None, algorithm="none")
    with pytest.raises(InvalidToken, match="invalid token"):
        signer.verify(unsigned, TokenKind.ACCESS)


@pytest.mark.parametrize("missing", ["exp", "iat", "sub", "typ", "iss", "gen"])
def test_missing_claim(signer: TokenSigner, missing: str) -> None:
    with pytest.raises(InvalidToken, match="invalid token"):
        token = jwt.encode(claims(**{missing: None}), SECRET, algorithm="HS256")
        signer.verify(token, TokenKind.ACCESS)


@pytest.mark.parametrize("gen", ["1", 1.5, True])
def test_non_integer_generation(signer: TokenSigner, gen: object) -> None:
    with pytest.raises(InvalidToken, match="invalid token"):
        signer.verify(forge(gen=gen), TokenKind.ACCESS)


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "plx_abc"])
def test_malformed(signer: TokenSigner, token: str) -> None:
    with pytest.raises(InvalidToken, match="invalid token") as info:
        signer.verify(token, TokenKind.ACCESS)
    assert isinstance(info.value, Unauthorized)
    assert info.value.status_code == 401


def test_forged_with_right_secret_is_accepted(signer: TokenSigner) -> None:
    # Guards the helpers above: failures in other tests come from the change, not the helper.
    assert signer.verify(forge(gen=7), TokenKind.ACCESS).generation == 7


def test_constructor_rejects_bad_config() -> None:
    with pytest.raises(ConfigError, match="secret"):
        TokenSigner("")
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        TokenSigner("short secret")
    with pytest.raises(ConfigError, match="access"):
        TokenSigner(SECRET, access_ttl=timedelta(0))
    with pytest.raises(ConfigError, match="refresh"):
        TokenSigner(SECRET, refresh_ttl=timedelta(seconds=-1))


def test_repr_hides_secret(signer: TokenSigner) -> None:
    assert SECRET not in repr(signer)


def test_api_token_format_and_digest() -> None:
    token, digest = new_api_token()
    assert re.fullmatch(r"plx_[A-Za-z0-9_-]{43}", token)
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    assert api_token_digest(token) == digest == api_token_digest(token)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    other, other_digest = new_api_token()
    assert other != token and other_digest != digest


def test_api_token_digest_is_stable() -> None:
    # Stored digests must keep matching across releases: pin one value.
    expected = "9305b7f2eac76fbc236d0e563326d5711fd085e4e2f8f4ed2e4765bc5ce3040f"
    assert api_token_digest("plx_abc") == expected


def test_is_api_token(signer: TokenSigner) -> None:
    token, _ = new_api_token()
    assert is_api_token(token)
    assert not is_api_token(signer.issue("u1").access_token)
    assert not is_api_token("")
