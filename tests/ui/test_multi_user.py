"""Multi-user mode in the browser: logging in and out, what a user may not do, the users
screen of administrators, and API tokens."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.server.live import api_client
from tests.ui.conftest import screenshot
from tests.ui.live import LivePlynx

ROOT = ("root", "root-password-1")
ALICE = ("alice", "alice-password-1")


def tag() -> str:
    return uuid.uuid4().hex[:8]


@contextmanager
def api_as(server: LivePlynx, username: str, password: str) -> Iterator[httpx.Client]:
    """An API client logged in as ``username``."""
    with api_client(server.url) as client:
        tokens = client.post("/auth/login", json={"username": username, "password": password})
        assert tokens.status_code == 200, tokens.text
        client.headers["Authorization"] = f"Bearer {tokens.json()['access_token']}"
        yield client


@pytest.fixture
def root_api(plynx_multi_user: LivePlynx) -> Iterator[httpx.Client]:
    with api_as(plynx_multi_user, *ROOT) as client:
        yield client


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()


def test_a_wrong_password_is_refused(multi_user_page: Page) -> None:
    page = multi_user_page
    page.goto("/workflows")
    expect(page.get_by_role("heading", name="Log in to PLynx")).to_be_visible()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong username or password")
    expect(page.get_by_role("navigation", name="Sections")).to_have_count(0)
    screenshot(page, "multi-user-login-error")


def test_alice_sees_root_s_workflows_but_may_not_change_them_nor_see_users(
        multi_user_page: Page, root_api: httpx.Client) -> None:
    page = multi_user_page
    title = f"Root's pipeline {tag()}"
    created = root_api.post("/workflows", json={"title": title})
    assert created.status_code == 201, created.text

    log_in(page, *ALICE)
    expect(page).to_have_url("/workflows")
    expect(page.get_by_role("navigation", name="Sections").get_by_role("link", name="Users")
           ).to_have_count(0)
    page.get_by_role("searchbox", name="Search workflows").fill(title)
    row = page.get_by_role("table", name="Workflows").locator("tbody tr").filter(has_text=title)
    expect(row).to_contain_text("root")

    row.get_by_role("button", name=f"Archive {title}").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "needs the permission 'modify_others_workflows'")
    assert root_api.get(f"/workflows/{created.json()['id']}").json()["archived"] is False
    screenshot(page, "multi-user-forbidden-action")

    page.goto("/users")
    expect(page.get_by_role("heading", name="Forbidden")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Only administrators manage users")
    expect(page.get_by_role("table", name="Users")).to_have_count(0)
    screenshot(page, "multi-user-users-forbidden")


def test_root_creates_a_user_with_chosen_permissions_and_deactivates_it(
        multi_user_page: Page, plynx_multi_user: LivePlynx, root_api: httpx.Client) -> None:
    page = multi_user_page
    username = f"bob-{tag()}"
    log_in(page, *ROOT)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Users").click()
    expect(page).to_have_url("/users")
    users = page.get_by_role("table", name="Users")
    expect(users.locator("tbody tr").filter(has_text="alice")).to_contain_text("active")

    page.get_by_role("button", name="New user").click()
    dialog = page.get_by_role("dialog", name="New user")
    dialog.get_by_label("Username").fill(username)
    dialog.get_by_label("Password").fill("bob-password-1")
    dialog.get_by_role("checkbox", name="run_workflows").uncheck()
    dialog.get_by_role("checkbox", name="modify_others_workflows").check()
    screenshot(page, "multi-user-new-user")
    dialog.get_by_role("button", name="Create user").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("searchbox", name="Search users").fill(username)
    row = users.locator("tbody tr").filter(has_text=username)
    expect(row).to_contain_text("modify_others_workflows")
    expect(row).not_to_contain_text("run_workflows")
    expect(row).to_contain_text("active")
    with api_as(plynx_multi_user, username, "bob-password-1") as bob:
        assert "run_workflows" not in bob.get("/auth/me").json()["policies"]

    row.get_by_role("button", name=f"Deactivate {username}").click()
    confirm = page.get_by_role("dialog", name="Deactivate user")
    confirm.get_by_role("button", name="Deactivate").click()
    expect(confirm).to_be_hidden()
    expect(row).to_contain_text("inactive")
    expect(row.get_by_role("button", name=f"Activate {username}")).to_be_visible()
    refused = httpx.post(f"{plynx_multi_user.url}/api/v1/auth/login",
                         json={"username": username, "password": "bob-password-1"})
    assert refused.status_code == 401

    page.get_by_role("searchbox", name="Search users").fill("")
    expect(users.locator("tbody tr").filter(has_text="alice")).to_be_visible()
    page.get_by_role("button", name="Switch to the dark theme").click()
    screenshot(page, "multi-user-users-dark")
    page.get_by_role("button", name="Switch to the light theme").click()
    screenshot(page, "multi-user-users-light")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to PLynx")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Log in to PLynx")).to_be_visible()


def test_alice_creates_an_api_token_that_works_until_revoked(
        multi_user_page: Page, plynx_multi_user: LivePlynx) -> None:
    page = multi_user_page
    log_in(page, *ALICE)
    page.get_by_role("link", name="alice").click()
    expect(page).to_have_url("/settings")
    expect(page.get_by_role("list", name="Your permissions")).to_contain_text("run_workflows")

    name = f"nightly import {tag()}"
    page.get_by_label("Token name").fill(name)
    page.get_by_label("Expires after").select_option(label="30 days")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_role("region", name="New API token")
    expect(secret).to_contain_text("shown only this once")
    token = secret.get_by_label("Token value").input_value()
    assert token
    tokens = page.get_by_role("table", name="API tokens")
    expect(tokens.locator("tbody tr").filter(has_text=name)).to_contain_text("never")  # last used
    screenshot(page, "multi-user-settings-token")

    me = httpx.get(f"{plynx_multi_user.url}/api/v1/auth/me",
                   headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "alice"

    secret.get_by_role("button", name="Done").click()
    expect(secret).to_be_hidden()
    tokens.get_by_role("button", name=f"Revoke {name}").click()
    page.get_by_role("dialog", name="Revoke API token").get_by_role("button", name="Revoke").click()
    expect(tokens.locator("tbody tr").filter(has_text=name)).to_have_count(0)
    revoked = httpx.get(f"{plynx_multi_user.url}/api/v1/auth/me",
                        headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401


def test_a_user_changes_their_password(multi_user_page: Page, plynx_multi_user: LivePlynx,
                                       root_api: httpx.Client) -> None:
    page = multi_user_page
    username = f"carol-{tag()}"
    assert root_api.post("/users", json={"username": username,
                                         "password": "carol-password-1"}).status_code == 201
    log_in(page, username, "carol-password-1")
    page.goto("/settings")
    form = page.get_by_role("form", name="Change password")
    form.get_by_label("Current password").fill("carol-password-1")
    form.get_by_label("New password", exact=True).fill("carol-password-2")
    form.get_by_label("New password again").fill("carol-password-3")
    expect(form.get_by_role("alert")).to_contain_text("The new passwords differ")
    form.get_by_label("New password again").fill("carol-password-2")
    form.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status").filter(has_text="Password changed")).to_be_visible()

    page.reload()  # the fresh login tokens were kept
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("carol-password-2")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Sections")).to_be_visible()


def test_a_logged_in_user_follows_a_run_live(multi_user_page: Page,
                                             root_api: httpx.Client) -> None:
    """The event stream needs the login token too: node states still change live."""
    name = f"slowish_{tag()}"
    op = root_api.post("/operations", json={
        "name": name, "kind": "bash_jinja2", "code": "sleep 2; echo hi > {{ output.out }}",
        "outputs": [{"name": "out", "type": "text"}]}).json()
    root_api.post(f"/operations/{op['id']}/publish").raise_for_status()
    workflow = root_api.post("/workflows", json={
        "title": f"Live {name}", "graph": {"nodes": [{"id": "nap", "operation": op["id"]}]},
        "operations": {op["id"]: op}}).json()
    log_in(multi_user_page, *ROOT)

    run = root_api.post(f"/workflows/{workflow['id']}/runs", json={}).json()
    multi_user_page.goto(f"/runs/{run['id']}")

    card = multi_user_page.locator('.react-flow .op-node[data-node-id="nap"]')
    expect(card).to_have_attribute("data-status", "running")
    expect(card).to_have_attribute("data-status", "succeeded")
