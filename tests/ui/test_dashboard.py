"""The dashboard: the executor, runs by status, running tasks (live) and recent runs."""

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


@pytest.fixture
def api(plynx_local: LivePlynx) -> Iterator[httpx.Client]:
    with api_client(plynx_local.url) as client:
        yield client


def slow_workflow(api: httpx.Client, title: str) -> str:
    """A workflow of one task that sleeps for a minute (unless canceled)."""
    operation = api.post("/operations", json={
        "name": f"sleepy_{uuid.uuid4().hex[:8]}", "kind": "bash_jinja2",
        "code": "sleep 60; echo done > {{ output.out }}",
        "outputs": [{"name": "out", "type": "text"}]})
    assert operation.status_code == 201, operation.text
    workflow = api.post("/workflows", json={
        "title": title, "graph": {"nodes": [{"id": "nap", "operation": operation.json()["id"]}]}})
    assert workflow.status_code == 201, workflow.text
    return workflow.json()["id"]


def settled_dashboard(api: httpx.Client) -> dict:
    """The dashboard once no run is active (runs of earlier tests may still be ending)."""
    deadline = time.monotonic() + 60
    while True:
        board = api.get("/dashboard").json()
        active = sum(board["runs"][status] for status in ("created", "queued", "running"))
        if active == 0 or time.monotonic() > deadline:
            return board
        time.sleep(0.1)


def test_the_dashboard_shows_the_executor_and_the_counts(page: Page, api: httpx.Client) -> None:
    board = settled_dashboard(api)
    page.goto("/dashboard")
    executor = page.get_by_label("Executor", exact=True)
    expect(executor).to_contain_text("local")
    expect(executor).to_contain_text(f"{board['executor']['concurrency']} tasks at once")
    expect(page.get_by_label("Queue", exact=True)).to_contain_text("0")
    expect(page.get_by_label("Cache hit ratio", exact=True)).to_be_visible()
    for status in ("succeeded", "failed", "running"):
        count = board["runs"][status]
        expect(page.get_by_role("link", name=f"{status}: {count}", exact=True)).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^failed: \d+$")).click()
    expect(page).to_have_url(re.compile(r"/runs\?status=failed$"))
    expect(page.get_by_label("Status", exact=True)).to_have_value("failed")


def test_a_running_task_shows_up_live_and_its_time_ticks(page: Page, api: httpx.Client) -> None:
    title = f"Dashboard nap {uuid.uuid4().hex[:8]}"
    workflow_id = slow_workflow(api, title)
    page.goto("/dashboard")
    running = page.get_by_role("table", name="Running tasks")
    expect(page.get_by_text("Live · updated")).to_be_visible()  # the event stream is open

    run_id = api.post(f"/workflows/{workflow_id}/runs").json()["id"]
    try:
        row = running.locator("tbody tr").filter(has_text=title)
        expect(row).to_be_visible()
        expect(row).to_contain_text("nap")
        expect(row.get_by_role("link", name=re.compile("^sleepy_"))).to_be_visible()
        elapsed = row.locator("td").last
        first = elapsed.inner_text()
        expect(elapsed).not_to_have_text(first)  # ticks every second
        recent = page.get_by_role("table", name="Recent runs")
        expect(recent.locator("tbody tr").first).to_contain_text(title)
        expect(recent.locator("tbody tr").first).to_contain_text("running")
        screenshot(page, "dashboard-running-light")
        page.get_by_role("button", name="Switch to the dark theme").click()
        screenshot(page, "dashboard-running-dark")
        page.get_by_role("button", name="Switch to the light theme").click()
    finally:
        api.post(f"/runs/{run_id}/cancel")

    expect(running.locator("tbody tr").filter(has_text=title)).to_have_count(0)
    expect(page.get_by_role("table", name="Recent runs").locator("tbody tr").first
           ).to_contain_text("canceled")
