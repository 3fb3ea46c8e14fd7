"""GET /dashboard: runs by status, running tasks, the queue, the cache and the latest runs,
among the runs the caller may see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.engine.submission import create_run
from plynx.model import Status, Workflow
from plynx.server import Services
from plynx.server.app import API_PREFIX
from plynx.server.routes import dashboard
from tests.factories import bash, workflow
from tests.server.conftest import wait_for
from tests.server.multi_user import multi_fixture, multi_services_fixture, user_headers  # noqa: F401

ECHO = bash("echo", "echo {{ param['text'] }} > {{ output.out }}", outputs={"out": "text"},
            params={"text": "hi"})
SLOW = bash("slow", "sleep 60; echo {{ param['n'] }} > {{ output.out }}",
            outputs={"out": "text"}, params={"n": 0})


def with_dashboard(app: FastAPI) -> None:
    """Serve the dashboard in ``app`` (unless the application already does)."""
    if any(getattr(route, "path", None) == f"{API_PREFIX}/dashboard" for route in app.routes):
        return
    app.include_router(dashboard.router, prefix=API_PREFIX)
    app.router.routes.sort(key=lambda route: isinstance(route, Mount))  # the UI stays last


@pytest.fixture
def client(api: TestClient) -> TestClient:
    with_dashboard(api.app)  # type: ignore[arg-type]
    return api


@pytest.fixture
def multi_client(multi: TestClient) -> Iterator[TestClient]:
    with_dashboard(multi.app)  # type: ignore[arg-type]
    yield multi


def launch(services: Services, flow: Workflow, author: str = "default") -> str:
    run_id = create_run(services.store, services.registry, flow, author=author).run.id
    services.wake()
    return run_id


def finish(services: Services, run_id: str) -> None:
    wait_for(lambda: services.store.get_run(run_id).status.is_terminal)


def test_the_dashboard_shows_running_tasks_the_queue_and_recent_runs(
        client: TestClient, services: Services) -> None:
    done = launch(services, workflow({"a": ECHO}))
    finish(services, done)
    # five slow tasks on an executor running four at once: one waits in the queue
    slow = launch(services, workflow({f"s{i}": SLOW for i in range(5)},
                                     node_params={f"s{i}": {"n": i} for i in range(5)}))
    try:
        board = wait_for(lambda: _when(client.get("/api/v1/dashboard").json(),
                                       lambda b: len(b["running"]) == 4))
    finally:
        services.store.request_cancel(slow)
        finish(services, slow)

    assert board["scope"] == "all"
    assert board["executor"] == {"name": "local", "concurrency": 4}
    assert board["runs"]["succeeded"] == 1 and board["runs"]["running"] == 1
    assert board["queue_length"] == 1
    task = board["running"][0]
    assert task["run_id"] == slow and task["node_id"].startswith("s")
    assert task["elapsed_seconds"] >= 0 and task["started_at"]
    assert [run["id"] for run in board["recent_runs"]] == [slow, done]
    assert board["recent_runs"][1]["status"] == "succeeded"
    assert board["cache"]["misses"] == 1 and board["cache"]["hit_ratio"] == 0
    assert board["cache"]["window_hours"] == 24


def test_a_user_who_may_not_see_others_work_sees_their_own(
        multi_client: TestClient, multi_services: Services) -> None:
    bob = user_headers(multi_client, "bob", DEFAULT_POLICIES - {Policy.VIEW_OTHERS_WORKFLOWS})
    carol = user_headers(multi_client, "carol")
    alices = launch(multi_services, workflow({"a": ECHO}), author="alice")
    bobs = launch(multi_services, workflow({"a": ECHO}, node_params={"a": {"text": "b"}}),
                  author="bob")
    finish(multi_services, alices)
    finish(multi_services, bobs)

    board = multi_client.get("/api/v1/dashboard", headers=bob).json()
    assert board["scope"] == "own"
    assert [run["id"] for run in board["recent_runs"]] == [bobs]
    assert board["runs"][Status.SUCCEEDED.value] == 1

    board = multi_client.get("/api/v1/dashboard", headers=carol).json()
    assert board["scope"] == "all"
    assert {run["id"] for run in board["recent_runs"]} == {alices, bobs}
    assert multi_client.get("/api/v1/dashboard").status_code == 401


def _when(board: dict[str, object], check: object) -> dict[str, object] | None:
    return board if callable(check) and check(board) else None
