"""``plynx users``: accounts managed directly in the configured database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plynx.auth import DEFAULT_POLICIES, Policy, api_token_digest
from plynx.cli.users import open_accounts
from tests.conftest import Invoke
from tests.databases import BACKENDS, postgres_schema

PASSWORD = "a fine password"


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, home: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The configured database: SQLite in the home folder, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield "sqlite"
        return
    with postgres_schema() as url:
        monkeypatch.setenv("PLYNX_DATABASE_URL", url)
        yield url


def test_users_are_created_and_listed(invoke: Invoke, database: str) -> None:
    assert invoke("users", "list").output.startswith("no users yet")
    created = invoke("users", "create", "alice", "--password", PASSWORD, "--admin")
    assert created.exit_code == 0, created.output
    assert "created user alice" in created.output
    assert "single-user mode" in created.output  # the note on stderr, mixed in by the runner
    typed = invoke("users", "create", "bob", "--policy", "run_workflows",
                   "--policy", "view_others_workflows", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert typed.exit_code == 0, typed.output
    assert PASSWORD not in typed.output

    header, *rows = invoke("users", "list").output.splitlines()
    assert header.split() == ["username", "id", "active", "policies", "created"]
    assert [row.split()[0] for row in rows] == ["alice", "bob"]
    with open_accounts() as accounts:
        alice = accounts.get_user_by_username("alice")
        bob = accounts.get_user_by_username("bob")
        assert set(alice.policies) == DEFAULT_POLICIES | {Policy.ADMIN}
        assert set(bob.policies) == {Policy.RUN_WORKFLOWS, Policy.VIEW_OTHERS_WORKFLOWS}
        assert accounts.verify_login("bob", PASSWORD) == bob


def test_bad_input_is_refused_clearly(invoke: Invoke, database: str) -> None:
    assert invoke("users", "create", "carol", "--password", PASSWORD).exit_code == 0
    taken = invoke("users", "create", "CAROL", "--password", PASSWORD)
    assert taken.exit_code == 2 and "already taken" in taken.output
    bad_name = invoke("users", "create", "no spaces", "--password", PASSWORD)
    assert bad_name.exit_code == 2 and "username 'no spaces' is invalid" in bad_name.output
    weak = invoke("users", "create", "dan", "--password", "short")
    assert weak.exit_code == 2 and "at least 8 characters" in weak.output
    policy = invoke("users", "create", "dan", "--policy", "root", "--password", PASSWORD)
    assert policy.exit_code == 2 and "unknown policy 'root'" in policy.output
    mismatch = invoke("users", "create", "dan", input=f"{PASSWORD}\nsomething else\n")
    assert mismatch.exit_code == 1 and "do not match" in mismatch.output
    short = invoke("users", "create", "dan", input="short\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    unknown = invoke("users", "activate", "nobody")
    assert unknown.exit_code == 2 and "user 'nobody' not found" in unknown.output
    with open_accounts() as accounts:
        assert accounts.count_users() == 1


def test_users_are_deactivated_activated_and_given_policies(invoke: Invoke,
                                                            database: str) -> None:
    invoke("users", "create", "erin", "--password", PASSWORD)
    assert invoke("users", "deactivate", "erin").output == "deactivated user erin\n"
    with open_accounts() as accounts:
        assert not accounts.get_user_by_username("erin").active
        assert accounts.verify_login("erin", PASSWORD) is None
    assert "no" in invoke("users", "list").output.splitlines()[1].split()
    assert invoke("users", "activate", "Erin").output == "activated user erin\n"

    changed = invoke("users", "set-policies", "erin", "create_workflows", "run_workflows")
    assert changed.output == "user erin now has policies: create_workflows, run_workflows\n"
    assert invoke("users", "set-policies", "erin").exit_code == 2
    with open_accounts() as accounts:
        erin = accounts.get_user_by_username("erin")
        assert erin.active
        assert erin.policies == [Policy.CREATE_WORKFLOWS, Policy.RUN_WORKFLOWS]


def test_passwords_are_reset(invoke: Invoke, database: str) -> None:
    invoke("users", "create", "fred", "--password", PASSWORD)
    with open_accounts() as accounts:
        token = accounts.create_api_token(accounts.get_user_by_username("fred").id, "job")
    reset = invoke("users", "reset-password", "fred", input="new password\nnew password\n")
    assert reset.exit_code == 0 and "changed the password of fred" in reset.output
    assert "API tokens were revoked" in reset.output
    assert invoke("users", "reset-password", "fred", "--password", "x").exit_code == 2
    with open_accounts() as accounts:
        assert accounts.verify_login("fred", PASSWORD) is None
        fred = accounts.verify_login("fred", "new password")
        assert fred is not None and accounts.generation(fred.id) == 1
        assert accounts.resolve_api_token(api_token_digest(token.token)) is None


def test_policies_are_listed(invoke: Invoke) -> None:
    listed = invoke("users", "policies")
    assert listed.exit_code == 0
    assert {line.split()[0] for line in listed.output.splitlines()[1:]} == {p.value for p in Policy}
