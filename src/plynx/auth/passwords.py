"""Password hashing with argon2id, and the password strength rule."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from plynx.errors import InvalidInput

#: Shortest accepted password, in characters.
MIN_PASSWORD_LENGTH = 8
#: Longest accepted password, in characters (bounds the cost of hashing).
MAX_PASSWORD_LENGTH = 1024

_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``, salted, in the PHC string format."""
    return _HASHER.hash(password)


def verify_password(hash: str, password: str) -> bool:
    """Whether ``password`` matches ``hash``; False for a mismatch or an unreadable hash."""
    try:
        return _HASHER.verify(hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hash: str) -> bool:
    """Whether ``hash`` was made with other parameters than the current ones.

    An unreadable hash needs rehashing too.
    """
    try:
        return _HASHER.check_needs_rehash(hash)
    except InvalidHashError:
        return True


def check_password_strength(password: str) -> None:
    """Raise :class:`~plynx.errors.InvalidInput` unless ``password`` has an accepted length."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at most {MAX_PASSWORD_LENGTH} characters long")
