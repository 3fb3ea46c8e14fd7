"""Errors of authentication and authorization.

::

    PlynxError                      (plynx.errors)
     ├── Unauthorized               no valid credentials were given                  (401)
     │    └── InvalidToken          a session or API token is expired, forged or malformed
     ├── Forbidden                  the user is known but lacks a permission         (403)
     └── TooManyAttempts            too many failed logins: wait before trying again  (429)
"""

from __future__ import annotations

from plynx.errors import PlynxError


class Unauthorized(PlynxError):
    """The request carries no valid credentials."""

    status_code = 401


class InvalidToken(Unauthorized):
    """A token is expired, tampered with, signed with another secret, or malformed."""


class Forbidden(PlynxError):
    """The user is authenticated but lacks the permission the action needs."""

    status_code = 403


class TooManyAttempts(PlynxError):
    """Too many failed attempts: refused until ``retry_after`` seconds have passed."""

    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
