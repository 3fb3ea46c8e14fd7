"""Users and API tokens in the metadata store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from plynx.auth import DEFAULT_POLICIES, Policy, api_token_digest
from plynx.errors import Conflict, InvalidInput, NotFound
from plynx.store import MetadataStore
from plynx.store.accounts import LAST_USED_RESOLUTION, AccountStore, principal_of
from plynx.store.columns import utcnow
from plynx.store.tables import ApiTokenRow, UserRow

PASSWORD = "a good password"


@pytest.fixture
def accounts(store: MetadataStore) -> AccountStore:
    return AccountStore(store.engine)


def test_a_user_is_created_with_the_default_policies(accounts: AccountStore) -> None:
    user = accounts.create_user("alice", PASSWORD)
    assert user.username == "alice"
    assert user.active
    assert set(user.policies) == DEFAULT_POLICIES
    assert accounts.get_user(user.id) == user
    assert accounts.get_user_by_username("ALICE") == user
    assert "password" not in str(user.model_dump()).lower()
    with accounts.engine.connect() as connection:
        stored = connection.scalar(select(UserRow.password_hash))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored


def test_usernames_are_checked_and_unique_in_any_case(accounts: AccountStore) -> None:
    accounts.create_user("bob.smith-2_x", PASSWORD, [Policy.RUN_WORKFLOWS])
    for bad in ["", "with space", "x" * 65, "semi;colon", "é"]:
        with pytest.raises(InvalidInput, match="username"):
            accounts.create_user(bad, PASSWORD)
    with pytest.raises(Conflict, match="already taken"):
        accounts.create_user("BOB.smith-2_x", PASSWORD)
    with pytest.raises(InvalidInput, match="at least 8"):
        accounts.create_user("carol", "short")
    assert accounts.count_users() == 1


def test_unknown_users_are_not_found(accounts: AccountStore) -> None:
    with pytest.raises(NotFound, match="user 'nobody' not found"):
        accounts.get_user_by_username("nobody")
    with pytest.raises(NotFound):
        accounts.get_user("no-such-id")
    with pytest.raises(NotFound):
        accounts.set_active("no-such-id", False)


def test_logins_are_verified(accounts: AccountStore) -> None:
    user = accounts.create_user("dora", PASSWORD)
    assert accounts.verify_login("dora", PASSWORD) == user
    assert accounts.verify_login("Dora", PASSWORD) == user
    assert accounts.verify_login("dora", PASSWORD + "!") is None
    assert accounts.verify_login("nobody", PASSWORD) is None
    accounts.set_active(user.id, False)
    assert accounts.verify_login("dora", PASSWORD) is None
    accounts.set_active(user.id, True)
    assert accounts.verify_login("dora", PASSWORD) is not None


def test_changing_the_password_or_deactivating_bumps_the_generation(
        accounts: AccountStore) -> None:
    user = accounts.create_user("erin", PASSWORD)
    assert accounts.generation(user.id) == 0
    assert accounts.session_user(user.id, 0) == user
    accounts.set_password(user.id, "another password")
    assert accounts.generation(user.id) == 1
    assert accounts.session_user(user.id, 0) is None
    assert accounts.verify_login("erin", PASSWORD) is None
    assert accounts.verify_password(user.id, "another password")
    accounts.set_active(user.id, False)
    accounts.set_active(user.id, False)
    assert accounts.generation(user.id) == 2
    assert accounts.bump_generation(user.id) == 3
    assert accounts.session_user("no-such-id", 0) is None


def test_changing_the_password_deletes_every_api_token_of_the_user(
        accounts: AccountStore) -> None:
    user = accounts.create_user("erin", PASSWORD)
    other = accounts.create_user("erik", PASSWORD)
    tokens = [accounts.create_api_token(user.id, name).token for name in ("one", "two")]
    kept = accounts.create_api_token(other.id, "other").token
    accounts.set_password(user.id, "another password")
    assert [accounts.resolve_api_token(api_token_digest(t)) for t in tokens] == [None, None]
    assert accounts.list_api_tokens(user.id) == []
    assert accounts.resolve_api_token(api_token_digest(kept)) == other


def test_policies_are_replaced_and_make_the_principal(accounts: AccountStore) -> None:
    user = accounts.create_user("fred", PASSWORD, [])
    assert user.policies == []
    user = accounts.update_user(user.id, policies=[Policy.RUN_WORKFLOWS, "create_workflows"])
    assert user.policies == [Policy.CREATE_WORKFLOWS, Policy.RUN_WORKFLOWS]
    principal = principal_of(user)
    assert principal.username == "fred" and principal.user_id == user.id
    assert principal.has(Policy.RUN_WORKFLOWS)
    assert not principal.has(Policy.CREATE_OPERATIONS)
    assert not principal.is_admin
    assert principal_of(accounts.set_policies(user.id, [Policy.ADMIN])).has(
        Policy.CREATE_OPERATIONS)


def test_users_are_listed_by_page_and_searched(accounts: AccountStore) -> None:
    for name in ["carol", "alice", "bob"]:
        accounts.create_user(name, PASSWORD)
    items, total = accounts.list_users()
    assert [u.username for u in items] == ["alice", "bob", "carol"] and total == 3
    items, total = accounts.list_users(offset=1, limit=1)
    assert [u.username for u in items] == ["bob"] and total == 3
    items, total = accounts.list_users(q="AR")
    assert [u.username for u in items] == ["carol"] and total == 1
    items, total = accounts.list_users(q="%")
    assert items == [] and total == 0


def test_api_tokens_resolve_to_their_user_until_revoked(accounts: AccountStore) -> None:
    owner = accounts.create_user("gina", PASSWORD)
    created = accounts.create_api_token(owner.id, "  nightly job ")
    assert created.name == "nightly job" and created.token.startswith("plx_")
    digest = api_token_digest(created.token)
    with accounts.engine.connect() as connection:
        assert connection.scalar(select(ApiTokenRow.digest)) == digest
    listed = accounts.list_api_tokens(owner.id)
    assert [t.id for t in listed] == [created.id]
    assert "token" not in listed[0].model_dump()

    assert listed[0].last_used_at is None
    assert accounts.resolve_api_token(digest) == owner
    used = accounts.list_api_tokens(owner.id)[0].last_used_at
    assert used is not None
    accounts.resolve_api_token(digest)
    assert accounts.list_api_tokens(owner.id)[0].last_used_at == used  # not rewritten yet
    with accounts.engine.begin() as connection:
        connection.execute(update(ApiTokenRow).values(
            last_used_at=utcnow() - LAST_USED_RESOLUTION * 2))
    accounts.resolve_api_token(digest)
    assert accounts.list_api_tokens(owner.id)[0].last_used_at > used  # type: ignore[operator]

    assert accounts.resolve_api_token(api_token_digest("plx_forged")) is None
    accounts.revoke_api_token(created.id, owner.id)
    assert accounts.resolve_api_token(digest) is None
    assert accounts.list_api_tokens(owner.id) == []
    with pytest.raises(NotFound):
        accounts.revoke_api_token(created.id, owner.id)


def test_only_the_owner_or_an_admin_revokes_a_token(accounts: AccountStore) -> None:
    owner = accounts.create_user("hank", PASSWORD)
    first = accounts.create_api_token(owner.id, "one")
    second = accounts.create_api_token(owner.id, "two")
    with pytest.raises(NotFound):
        accounts.revoke_api_token(first.id, "someone-else")
    accounts.revoke_api_token(first.id, None)
    assert [t.id for t in accounts.list_api_tokens(owner.id)] == [second.id]


def test_expired_api_tokens_are_refused(accounts: AccountStore) -> None:
    owner = accounts.create_user("ivy", PASSWORD)
    created = accounts.create_api_token(owner.id, "short", utcnow() + timedelta(hours=1))
    digest = api_token_digest(created.token)
    assert accounts.resolve_api_token(digest) == owner
    with accounts.engine.begin() as connection:
        connection.execute(update(ApiTokenRow).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert accounts.resolve_api_token(digest) is None
    with pytest.raises(InvalidInput, match="future"):
        accounts.create_api_token(owner.id, "past", utcnow() - timedelta(seconds=1))
    with pytest.raises(InvalidInput, match="name"):
        accounts.create_api_token(owner.id, "   ")
    with pytest.raises(NotFound):
        accounts.create_api_token("no-such-user", "x")


def test_unknown_policies_are_named(accounts: AccountStore) -> None:
    with pytest.raises(InvalidInput, match="unknown policy 'root'"):
        accounts.create_user("jack", PASSWORD, ["root"])
