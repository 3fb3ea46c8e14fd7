"""The list screens: workflows, operations and runs, with search, filters and pages kept in
the address."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.server.live import api_client
from tests.ui.conftest import screenshot
from tests.ui.live import LivePlynx

DEMO_WORKFLOW = "Sums of numbers by first digit"


@pytest.fixture
def api(plynx_local: LivePlynx) -> Iterator[httpx.Client]:
    with api_client(plynx_local.url) as client:
        yield client


def tag() -> str:
    return uuid.uuid4().hex[:8]


def create_workflow(api: httpx.Client, title: str, nodes: list[dict] | None = None) -> str:
    response = api.post("/workflows", json={"title": title, "graph": {"nodes": nodes or []}})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def bash_operation(api: httpx.Client, name: str, code: str) -> str:
    response = api.post("/operations", json={"name": name, "kind": "bash_jinja2", "code": code,
                                              "outputs": [{"name": "out", "type": "text"}]})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def wait_until_finished(api: httpx.Client, run_id: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = api.get(f"/runs/{run_id}").json()
        if run["finished_at"]:
            return run["status"]
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish")


def rows(page: Page, table: str):  # noqa: ANN201 - a Playwright locator
    return page.get_by_role("table", name=table).locator("tbody tr")


def test_the_demo_workflow_is_listed_and_the_search_filters(page: Page, api: httpx.Client) -> None:
    probe = f"Search probe {tag()}"
    probe_id = create_workflow(api, probe)
    page.goto("/workflows")
    workflows = page.get_by_role("table", name="Workflows")
    expect(workflows.get_by_role("link", name=probe, exact=True)).to_be_visible()

    page.get_by_role("searchbox", name="Search workflows").fill(DEMO_WORKFLOW)
    expect(workflows.get_by_role("link", name=DEMO_WORKFLOW, exact=True)).to_be_visible()
    expect(workflows.get_by_role("link", name=probe, exact=True)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=Sums\+of\+numbers"))
    demo = rows(page, "Workflows").filter(has_text=DEMO_WORKFLOW)
    expect(demo).to_contain_text("20")  # nodes
    screenshot(page, "lists-workflows-light")

    page.get_by_role("searchbox", name="Search workflows").fill("no such workflow anywhere")
    expect(page.get_by_text("No workflow matches these filters")).to_be_visible()
    page.get_by_role("button", name="Clear the filters").click()
    expect(workflows.get_by_role("link", name=probe, exact=True)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search workflows")).to_have_value("")

    page.get_by_role("button", name="Switch to the dark theme").click()
    screenshot(page, "lists-workflows-dark")
    page.get_by_role("button", name="Switch to the light theme").click()
    api.delete(f"/workflows/{probe_id}")


def test_pages_of_many_workflows_and_the_address_keeps_the_page(page: Page,
                                                                api: httpx.Client) -> None:
    prefix = f"Paging {tag()}"
    ids = [create_workflow(api, f"{prefix} {number:02d}") for number in range(30)]
    try:
        page.goto("/workflows")
        page.get_by_role("searchbox", name="Search workflows").fill(prefix)
        expect(page.get_by_text("1–25 of 30")).to_be_visible()
        expect(rows(page, "Workflows")).to_have_count(25)
        newest = page.get_by_role("link", name=f"{prefix} 29", exact=True)
        expect(newest).to_be_visible()  # most recently updated first

        page.get_by_role("button", name="Next ›").click()
        expect(page.get_by_text("26–30 of 30")).to_be_visible()
        expect(rows(page, "Workflows")).to_have_count(5)
        expect(page.get_by_role("link", name=f"{prefix} 00", exact=True)).to_be_visible()
        expect(page).to_have_url(re.compile(r"offset=25"))
        expect(page.get_by_role("button", name="Next ›")).to_be_disabled()
        screenshot(page, "lists-workflows-page-2")

        page.reload()
        expect(page.get_by_text("26–30 of 30")).to_be_visible()
        expect(page.get_by_role("searchbox", name="Search workflows")).to_have_value(prefix)

        page.go_back()
        expect(page.get_by_text("1–25 of 30")).to_be_visible()
        expect(page.get_by_role("searchbox", name="Search workflows")).to_have_value(prefix)
    finally:
        for workflow_id in ids:
            api.delete(f"/workflows/{workflow_id}")


def test_a_workflow_is_archived_unarchived_and_deleted(page: Page, api: httpx.Client) -> None:
    title = f"Archive me {tag()}"
    workflow_id = create_workflow(api, title)
    page.goto(f"/workflows?q={title.replace(' ', '+')}")
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()

    page.get_by_role("button", name=f"Archive {title}").click()
    expect(page.get_by_role("status").filter(has_text=f"Archived “{title}”")).to_be_visible()
    expect(page.get_by_text("No workflow matches these filters")).to_be_visible()

    page.get_by_label("Show archived").check()
    row = rows(page, "Workflows").filter(has_text=title)
    expect(row).to_contain_text("archived")
    page.get_by_role("button", name=f"Unarchive {title}").click()
    expect(row.get_by_role("button", name=f"Archive {title}")).to_be_visible()
    assert api.get(f"/workflows/{workflow_id}").json()["archived"] is False

    page.get_by_role("button", name=f"Delete {title}").click()
    dialog = page.get_by_role("dialog", name="Delete workflow")
    expect(dialog).to_contain_text(title)
    dialog.get_by_role("button", name="Delete").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)
    assert api.get(f"/workflows/{workflow_id}").status_code == 404


def test_operations_are_searched_filtered_and_starred(page: Page, api: httpx.Client) -> None:
    page.goto("/operations")
    table = page.get_by_role("table", name="Operations")
    expect(table.get_by_role("link", name="Split lines at random", exact=True)).to_be_visible()

    page.get_by_label("Kind", exact=True).select_option("python")
    expect(page).to_have_url(re.compile(r"kind=python"))
    bash_operation_row = table.get_by_role("link", name="Lines matching a pattern", exact=True)
    expect(bash_operation_row).to_have_count(0)
    expect(table.get_by_role("link", name="Split lines at random", exact=True)).to_be_visible()

    star = page.get_by_role("button", name="Star split")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    try:
        page.get_by_label("Starred", exact=True).check()
        expect(rows(page, "Operations")).to_have_count(1)
        expect(table.get_by_role("link", name="Split lines at random", exact=True)).to_be_visible()
        screenshot(page, "lists-operations-starred")

        page.reload()
        expect(page.get_by_label("Starred", exact=True)).to_be_checked()
        expect(page.get_by_label("Kind", exact=True)).to_have_value("python")
        expect(rows(page, "Operations")).to_have_count(1)
    finally:
        split = api.get("/operations", params={"name": "split"}).json()["items"][0]
        api.delete(f"/operations/{split['id']}/star")

    page.goto("/operations")
    page.get_by_role("searchbox", name="Search operations").fill("git")
    expect(table.get_by_role("link", name="Git - checkout directory", exact=True)).to_be_visible()
    expect(rows(page, "Operations")).to_have_count(1)
    screenshot(page, "lists-operations")


def test_runs_are_filtered_by_status_and_two_runs_are_compared(page: Page,
                                                               api: httpx.Client) -> None:
    name = tag()
    good = bash_operation(api, f"ok_{name}", "echo fine > {{ output.out }}")
    bad = bash_operation(api, f"bad_{name}", "echo broken >&2; exit 3")
    good_flow = create_workflow(api, f"Runs good {name}", [{"id": "a", "operation": good}])
    bad_flow = create_workflow(api, f"Runs bad {name}", [{"id": "a", "operation": bad}])
    launched = [api.post(f"/workflows/{flow}/runs").json()["id"]
                for flow in (good_flow, good_flow, bad_flow)]
    assert [wait_until_finished(api, run) for run in launched] == [
        "succeeded", "succeeded", "failed"]

    page.goto(f"/runs?q={name}")
    expect(rows(page, "Runs")).to_have_count(3)
    page.get_by_label("Status", exact=True).select_option("failed")
    expect(rows(page, "Runs")).to_have_count(1)
    expect(rows(page, "Runs").first).to_contain_text(f"Runs bad {name}")
    expect(rows(page, "Runs").first).to_contain_text("failed")
    expect(page).to_have_url(re.compile(r"status=failed"))
    page.reload()
    expect(page.get_by_label("Status", exact=True)).to_have_value("failed")
    expect(rows(page, "Runs")).to_have_count(1)

    page.get_by_label("Status", exact=True).select_option("succeeded")
    expect(rows(page, "Runs")).to_have_count(2)
    checks = rows(page, "Runs").get_by_role("checkbox")
    checks.nth(0).check()
    expect(page.get_by_text("Tick one more run of the same workflow.")).to_be_visible()
    checks.nth(1).check()
    compare = page.get_by_role("link", name="Compare", exact=True)
    expect(compare).to_have_attribute(
        "href", re.compile(rf"/runs/compare\?a=({launched[1]}|{launched[0]})&b="
                           rf"({launched[0]}|{launched[1]})$"))
    screenshot(page, "lists-runs")


def test_the_runs_list_without_runs_says_how_to_start(page: Page) -> None:
    page.goto(f"/runs?q=nothing-{tag()}")
    expect(page.get_by_text("No run matches these filters")).to_be_visible()
    page.get_by_role("button", name="Clear the filters").click()
    expect(page).to_have_url("/runs")
