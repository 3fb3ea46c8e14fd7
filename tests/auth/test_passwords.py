from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from plynx.auth.passwords import (
    check_password_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from plynx.errors import InvalidInput


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password("correct horse")


def test_hash_is_argon2id_and_salted(stored: str) -> None:
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert hash_password("correct horse") != stored


def test_round_trip(stored: str) -> None:
    assert verify_password(stored, "correct horse")
    assert not needs_rehash(stored)


def test_wrong_password(stored: str) -> None:
    assert not verify_password(stored, "correct horsE")
    assert not verify_password(stored, "")


@pytest.mark.parametrize("garbage", ["", "not a hash", "$argon2id$v=19$m=1,t=1,p=1$xx$yy", "$2b$"])
def test_garbage_hash_is_a_mismatch(garbage: str) -> None:
    assert not verify_password(garbage, "correct horse")
    assert needs_rehash(garbage)


def test_weaker_parameters_need_rehash() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("correct horse")
    assert verify_password(old, "correct horse")
    assert needs_rehash(old)


@pytest.mark.parametrize("password", ["12345678", "x" * 1024, "pässwörd"])
def test_strength_accepts(password: str) -> None:
    check_password_strength(password)


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "at least 8"), ("1234567", "at least 8"), ("x" * 1025, "at most 1024")],
)
def test_strength_rejects(password: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        check_password_strength(password)
    assert info.value.status_code == 400
