"""Logs: reading by offset, following until the node ends, and refusing unknown logs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from plynx.auth import Principal
from plynx.engine.submission import create_run
from plynx.model import Run
from plynx.server import Services, revalidation
from plynx.server.security import current_principal
from tests.factories import bash, workflow
from tests.server.conftest import wait_for
from tests.server.multi_user import (  # noqa: F401
    create_user,
    headers_for,
    multi_fixture,
    multi_services_fixture,
)
from tests.server.routes.test_artifacts import launch


def logs(api: TestClient, run_id: str, **params: object) -> dict:
    response = api.get(f"/api/v1/runs/{run_id}/logs", params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def echo_run(services: Services) -> Run:
    op = bash("echo", "echo hello; echo oops >&2")
    run = launch(services, workflow({"say": op}))
    assert run.status == "succeeded", run.error
    return run


def test_logs_are_read_from_an_offset(api: TestClient, echo_run: Run) -> None:
    whole = logs(api, echo_run.id, node="say")
    assert whole == {"node": "say", "stream": "stdout", "text": "hello\n", "offset": 6,
                     "size": 6, "finished": True}
    rest = logs(api, echo_run.id, node="say", offset=2)
    assert (rest["text"], rest["offset"]) == ("llo\n", 6)
    end = logs(api, echo_run.id, node="say", offset=100)
    assert (end["text"], end["offset"], end["size"]) == ("", 6, 6)
    assert logs(api, echo_run.id, node="say", stream="stderr")["text"] == "oops\n"
    assert "attempt 1" in logs(api, echo_run.id, node="say", stream="system")["text"]
    run_log = logs(api, echo_run.id)
    assert run_log["stream"] == "system" and run_log["node"] is None
    assert "run succeeded" in run_log["text"] and run_log["finished"] is True


def test_a_large_log_comes_one_mebibyte_at_a_time(api: TestClient,
                                                  services: Services) -> None:
    op = bash("big", "head -c 1500000 /dev/zero | tr '\\0' 'a'")
    run = launch(services, workflow({"big": op}))
    first = logs(api, run.id, node="big")
    assert (len(first["text"]), first["offset"], first["size"]) == (1 << 20, 1 << 20, 1500000)
    second = logs(api, run.id, node="big", offset=first["offset"])
    assert (len(second["text"]), second["offset"]) == (1500000 - (1 << 20), 1500000)


def test_follow_streams_the_log_until_the_node_ends(api: TestClient,
                                                    services: Services) -> None:
    op = bash("slow", "echo first; sleep 0.3; echo second")
    run_id = create_run(services.store, services.registry, workflow({"slow": op})).run.id
    services.wake()
    assert not services.store.node_states(run_id)["slow"].status.is_terminal
    with api.stream("GET", f"/api/v1/runs/{run_id}/logs",
                    params={"node": "slow", "follow": "true"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        assert response.headers["x-content-type-options"] == "nosniff"
        text = response.read().decode()
    assert text == "first\nsecond\n"
    assert services.store.node_states(run_id)["slow"].status.is_terminal
    with api.stream("GET", f"/api/v1/runs/{run_id}/logs",
                    params={"node": "slow", "follow": "true", "offset": 6}) as response:
        assert response.read() == b"second\n"  # a finished node: what is left, then the end
    with api.stream("GET", f"/api/v1/runs/{run_id}/logs",
                    params={"follow": "true"}) as response:
        assert "run succeeded" in response.read().decode()


def test_following_ends_when_the_caller_may_no_longer_read(
        multi: TestClient, multi_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revalidation, "RECHECK_SECONDS", 0.1)
    user = create_user(multi, "fay")
    op = bash("slow", "echo first; sleep 30; echo never")
    run_id = create_run(multi_services.store, multi_services.registry, workflow({"slow": op}),
                        author="fay").run.id
    multi_services.wake()
    try:
        with multi.stream("GET", f"/api/v1/runs/{run_id}/logs", headers=headers_for(multi, user),
                          params={"node": "slow", "follow": "true"}) as response:
            assert response.status_code == 200
            chunks = response.iter_bytes()
            assert next(chunks) == b"first\n"
            multi_services.accounts.set_active(user.id, False)
            assert list(chunks) == []  # the stream ends, long before the node
        assert not multi_services.store.node_states(run_id)["slow"].status.is_terminal
    finally:
        multi_services.store.request_cancel(run_id)
        multi_services.wake()
        wait_for(lambda: multi_services.store.get_run(run_id).status.is_terminal)


def test_unknown_streams_nodes_and_runs_are_refused(api: TestClient, echo_run: Run) -> None:
    response = api.get(f"/api/v1/runs/{echo_run.id}/logs", params={"node": "say",
                                                                   "stream": "stdin"})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "stream" in message and "'stdout'" in message and "'system'" in message
    response = api.get(f"/api/v1/runs/{echo_run.id}/logs", params={"stream": "stdout"})
    assert response.status_code == 400 and "system" in response.json()["error"]["message"]
    for node in ("nope", "../say", "say/../../x"):
        response = api.get(f"/api/v1/runs/{echo_run.id}/logs", params={"node": node})
        assert response.status_code == 404
        assert "has no node" in response.json()["error"]["message"]
    assert api.get("/api/v1/runs/nope/logs").status_code == 404
    response = api.get(f"/api/v1/runs/{echo_run.id}/logs", params={"node": "say",
                                                                   "offset": -1})
    assert response.status_code == 422


def test_logs_of_runs_of_others_are_hidden(api: TestClient, echo_run: Run) -> None:
    bob = Principal(user_id="u-bob", username="bob", policies=frozenset())
    api.app.dependency_overrides[current_principal] = lambda: bob
    try:
        response = api.get(f"/api/v1/runs/{echo_run.id}/logs", params={"node": "say"})
    finally:
        api.app.dependency_overrides.clear()
    assert response.status_code == 404
