"""Failed logins counted per account and per address, shared through the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from plynx.store import MetadataStore
from plynx.store.columns import utcnow
from plynx.store.login_throttle import Lockout, LoginLimits, LoginThrottle, Scope
from plynx.store.tables import LoginFailureRow

WINDOW = timedelta(minutes=15)
LIMITS = LoginLimits(per_account=3, per_address=5, window=WINDOW)


def fail(throttle: LoginThrottle, times: int, username: str = "ann",
         address: str | None = "10.0.0.1", **kwargs: object) -> None:
    for _ in range(times):
        throttle.failed(username, address, **kwargs)  # type: ignore[arg-type]


def test_an_account_is_locked_after_its_limit_until_the_window_closes(
        store: MetadataStore) -> None:
    throttle = LoginThrottle(store.engine, LIMITS)
    start = utcnow()
    fail(throttle, 2, now=start)
    assert throttle.lockout("ann", "10.0.0.1", now=start) is None
    fail(throttle, 1, now=start + timedelta(minutes=5))
    # counted in any case, from any address; the window runs from the first failure
    assert throttle.lockout("ANN", "10.9.9.9", now=start + timedelta(minutes=5)) == Lockout(
        Scope.ACCOUNT, timedelta(minutes=10))
    assert throttle.lockout("bob", "10.9.9.9", now=start + timedelta(minutes=5)) is None
    assert throttle.lockout("ann", None, now=start + WINDOW) is None  # the window closed

    fail(throttle, 1, now=start + WINDOW)  # a new window opens
    assert throttle.lockout("ann", None, now=start + WINDOW) is None


def test_an_address_is_locked_after_its_limit_across_accounts(store: MetadataStore) -> None:
    throttle = LoginThrottle(store.engine, LIMITS)
    start = utcnow()
    for name in ("a", "b", "c", "d", "e"):
        throttle.failed(name, "10.0.0.1", now=start)
    assert throttle.lockout("f", "10.0.0.1", now=start) == Lockout(Scope.ADDRESS, WINDOW)
    assert throttle.lockout("f", "10.0.0.2", now=start) is None
    # of two lock-outs, the longer one is told
    fail(throttle, 3, username="f", address="10.0.0.2", now=start + timedelta(minutes=1))
    assert throttle.lockout("f", "10.0.0.1", now=start + timedelta(minutes=1)) == Lockout(
        Scope.ACCOUNT, WINDOW)


def test_a_success_clears_the_account_but_not_the_address(store: MetadataStore) -> None:
    throttle = LoginThrottle(store.engine, LoginLimits(per_account=3, per_address=3))
    fail(throttle, 2)
    throttle.succeeded("Ann")
    fail(throttle, 2, address="10.0.0.2")
    assert throttle.lockout("ann", "10.0.0.3") is None
    assert throttle.lockout("bob", "10.0.0.2") is None
    throttle.failed("bob", "10.0.0.2")
    assert throttle.lockout("bob", "10.0.0.2") is not None
    assert throttle.lockout("bob", "10.0.0.2").scope is Scope.ADDRESS  # type: ignore[union-attr]


def test_a_limit_of_zero_counts_nothing(store: MetadataStore) -> None:
    throttle = LoginThrottle(store.engine, LoginLimits(per_account=0, per_address=0))
    fail(throttle, 20)
    assert throttle.lockout("ann", "10.0.0.1") is None
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(LoginFailureRow)) == 0


def test_closed_windows_are_forgotten_and_nothing_readable_is_stored(
        store: MetadataStore) -> None:
    throttle = LoginThrottle(store.engine, LIMITS)
    start = utcnow()
    fail(throttle, 1, username="old", now=start - WINDOW)
    fail(throttle, 1, username="secret-typed-as-name", now=start)
    with store.engine.connect() as connection:
        rows = connection.execute(select(LoginFailureRow.scope, LoginFailureRow.key,
                                         LoginFailureRow.failures)).all()
    assert sorted((scope, failures) for scope, _, failures in rows) == [
        ("account", 1), ("address", 1)]
    assert all(len(key) == 64 and "secret" not in key and "10.0" not in key
               for _, key, _ in rows)
