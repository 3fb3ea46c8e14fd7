"""Failed logins, counted per account and per client address, so passwords cannot be guessed.

The counters live in the metadata store, so every API process of an installation shares
them. A counter's window opens at its first failure and lasts ``window``; once the counter
holds its limit of failures, logins of that account (or from that address) are refused
until the window closes, and the next failure opens a new window. So a lock-out never
lasts longer than one window after the last failure, and nothing is ever locked for good.
A successful login clears its account's counter (not its address's: one good password must
not reset the count of an address trying many accounts).

Usernames count in lower case whether or not the account exists, so a lock-out tells
nothing about which accounts exist. Only SHA-256 digests are stored: no username someone
typed (perhaps a password typed in the wrong field) and no address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Engine, and_, delete, or_, select

from plynx.config import Settings
from plynx.store.columns import utcnow
from plynx.store.repository import Repository
from plynx.store.tables import LoginFailureRow, table_of

__all__ = ["Lockout", "LoginLimits", "LoginThrottle", "Scope"]


class Scope(StrEnum):
    """What a counter of failed logins counts for."""

    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class LoginLimits:
    """Failures allowed per account and per address within ``window`` (0: no limit)."""

    per_account: int = 10
    per_address: int = 50
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, settings: Settings) -> LoginLimits:
        """The limits ``settings`` configure."""
        return cls(per_account=settings.login_failures_per_account,
                   per_address=settings.login_failures_per_address,
                   window=timedelta(minutes=settings.login_window_minutes))


@dataclass(frozen=True)
class Lockout:
    """Logins are refused because of the counter of ``scope`` until ``retry_after`` passed."""

    scope: Scope
    retry_after: timedelta


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", errors="surrogatepass")).hexdigest()


class LoginThrottle(Repository):
    """The counters of failed logins, with the limits they are held to."""

    def __init__(self, engine: Engine, limits: LoginLimits | None = None) -> None:
        super().__init__(engine)
        self.limits = limits or LoginLimits()

    def lockout(self, username: str, address: str | None,
                now: datetime | None = None) -> Lockout | None:
        """What refuses a login of ``username`` from ``address`` now, if anything (of two,
        the one lasting longer)."""
        counters = self._counters(username, address)
        if not counters:
            return None
        now = now or utcnow()
        table = table_of(LoginFailureRow)
        query = select(table.c.scope, table.c.failures, table.c.window_start).where(or_(
            *(and_(table.c.scope == scope.value, table.c.key == key)
              for scope, key, _ in counters)))
        limits = {scope.value: limit for scope, _, limit in counters}
        with self._reading() as session:
            rows = session.execute(query).all()
        found = [Lockout(Scope(scope), start + self.limits.window - now)
                 for scope, failures, start in rows
                 if failures >= limits[scope] and start + self.limits.window > now]
        return max(found, key=lambda lockout: lockout.retry_after, default=None)

    def failed(self, username: str, address: str | None, now: datetime | None = None) -> None:
        """Count a failed login of ``username`` from ``address`` (and forget windows that
        closed)."""
        counters = self._counters(username, address)
        if not counters:
            return
        now = now or utcnow()
        table = table_of(LoginFailureRow)
        with self._writing() as session:
            # A counter whose window closed starts again from this failure.
            session.execute(delete(table).where(table.c.window_start <= now - self.limits.window))
            for scope, key, _ in counters:
                insert = self._insert(table).values(scope=scope.value, key=key, failures=1,
                                                    window_start=now)
                session.execute(insert.on_conflict_do_update(
                    index_elements=["scope", "key"], set_={"failures": table.c.failures + 1}))

    def succeeded(self, username: str) -> None:
        """Clear the counter of ``username`` after a successful login."""
        table = table_of(LoginFailureRow)
        with self._writing() as session:
            session.execute(delete(table).where(table.c.scope == Scope.ACCOUNT.value,
                                                table.c.key == _account_key(username)))

    def _counters(self, username: str,
                  address: str | None) -> list[tuple[Scope, str, int]]:
        """The counters a login of ``username`` from ``address`` is held to: scope, key,
        limit."""
        counters = []
        if self.limits.per_account:
            counters.append((Scope.ACCOUNT, _account_key(username), self.limits.per_account))
        if self.limits.per_address and address:
            counters.append((Scope.ADDRESS, _digest(address), self.limits.per_address))
        return counters


def _account_key(username: str) -> str:
    return _digest(username.lower())
