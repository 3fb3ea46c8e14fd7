"""``plynx users``: accounts of multi-user mode, managed directly in the metadata store.

This is how the first administrator is made (``plynx users create NAME --admin``) and how
one regains access after losing the last admin password. The database layer and the
password hasher are imported only when a command runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from plynx.cli.output import local_time, print_table
from plynx.config import load_settings

if TYPE_CHECKING:
    from plynx.auth import Policy
    from plynx.store.accounts import AccountStore, User


class PolicyName(click.ParamType):
    """The name of a policy (``plynx users policies`` lists them)."""

    name = "policy"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Policy:
        from plynx.auth import parse_policies
        from plynx.errors import InvalidInput

        try:
            (policy,) = parse_policies([value])
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)
        return policy


@contextmanager
def open_accounts() -> Iterator[AccountStore]:
    """The accounts in the metadata store of the configured database, migrated if needed."""
    from plynx.store import MetadataStore
    from plynx.store.accounts import AccountStore

    store = MetadataStore(load_settings().database_url)
    try:
        store.upgrade()
        yield AccountStore(store.engine)
    finally:
        store.close()


def _checked_password(value: str) -> str:
    from plynx.auth import check_password_strength
    from plynx.errors import InvalidInput

    try:
        check_password_strength(value)
    except InvalidInput as exc:
        raise click.UsageError(str(exc)) from None
    return value


def _password(given: str | None) -> str:
    """``given``, or a password typed twice without echo."""
    if given is not None:
        return given
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True,
                            value_proc=_checked_password))


def _policies(user: User) -> str:
    return ", ".join(user.policies) or "(none)"


password_option = click.option(
    "--password", metavar="PASSWORD",
    help="The password (default: asked twice without echo; a password given here may be "
         "seen by other users of this machine).")


@click.group()
def users() -> None:
    """Manage the accounts of multi-user mode (directly in the database)."""


@users.command()
@click.argument("name")
@password_option
@click.option("--policy", "policies", type=PolicyName(), multiple=True,
              help="A policy of the user (repeatable; default: every policy but "
                   "modify_others_workflows and admin).")
@click.option("--admin", is_flag=True, help="Also grant the admin policy.")
def create(name: str, password: str | None, policies: tuple[Policy, ...], admin: bool) -> None:
    """Create the user NAME."""
    from plynx.auth import DEFAULT_POLICIES, Policy, check_password_strength
    from plynx.errors import Conflict, NotFound
    from plynx.store.accounts import check_username

    check_username(name)
    if password is not None:
        check_password_strength(password)
    chosen = set(policies or DEFAULT_POLICIES) | ({Policy.ADMIN} if admin else set())
    with open_accounts() as accounts:
        try:
            taken = accounts.get_user_by_username(name)
        except NotFound:
            pass
        else:
            raise Conflict(f"username {taken.username!r} is already taken")
        user = accounts.create_user(name, _password(password), chosen)
    click.echo(f"created user {user.username} (id {user.id}) with policies: {_policies(user)}")
    if not load_settings().multi_user:
        click.echo("note: no secret is configured, so the server runs in single-user mode "
                   "and asks nobody to log in", err=True)


@users.command("list")
def list_users() -> None:
    """List every user."""
    with open_accounts() as accounts:
        found, total = accounts.list_users(limit=None)
    if not total:
        click.echo("no users yet; create one with `plynx users create NAME --admin`")
        return
    rows = [[user.username, user.id, "yes" if user.active else "no", _policies(user),
             local_time(user.created_at)] for user in found]
    print_table(["username", "id", "active", "policies", "created"], rows)


@users.command()
@click.argument("name")
def activate(name: str) -> None:
    """Let the user NAME log in again."""
    with open_accounts() as accounts:
        user = accounts.set_active(accounts.get_user_by_username(name).id, True)
    click.echo(f"activated user {user.username}")


@users.command()
@click.argument("name")
def deactivate(name: str) -> None:
    """Refuse every request of the user NAME and end their logins."""
    with open_accounts() as accounts:
        user = accounts.set_active(accounts.get_user_by_username(name).id, False)
    click.echo(f"deactivated user {user.username}")


@users.command("set-policies")
@click.argument("name")
@click.argument("policies", nargs=-1, required=True, type=PolicyName())
def set_policies(name: str, policies: tuple[Policy, ...]) -> None:
    """Replace the policies of the user NAME with POLICIES."""
    with open_accounts() as accounts:
        user = accounts.set_policies(accounts.get_user_by_username(name).id, policies)
    click.echo(f"user {user.username} now has policies: {_policies(user)}")


@users.command("reset-password")
@click.argument("name")
@password_option
def reset_password(name: str, password: str | None) -> None:
    """Set a new password for the user NAME, ending their logins and API tokens."""
    from plynx.auth import check_password_strength

    if password is not None:
        check_password_strength(password)
    with open_accounts() as accounts:
        user_id = accounts.get_user_by_username(name).id
        user = accounts.set_password(user_id, _password(password))
    click.echo(f"changed the password of {user.username}; their earlier logins ended and "
               "their API tokens were revoked")


@users.command()
def policies() -> None:
    """List the policies a user may hold."""
    from plynx.auth import Policy

    print_table(["policy", "allows"], [[policy.value, policy.description] for policy in Policy])
