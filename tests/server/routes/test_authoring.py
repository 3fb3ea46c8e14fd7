"""Who may run code (multi-user): without ``create_operations``, only published operations
are launched, re-run, cloned or saved into workflows."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.model import Operation, Workflow
from plynx.server import Services
from plynx.store.run_index import RunFilter
from tests.factories import bash, composite, workflow
from tests.server.conftest import wait_for
from tests.server.multi_user import multi_fixture, user_headers  # noqa: F401
from tests.server.routes.test_workflows import (
    API,
    ECHO,
    UPPER,
    body_of,
    create,
    published,
    store_operations,
)

Headers = dict[str, str]

#: A draft that is never stored.
LOUD = bash("loud", "tr a-z A-Z < {{ input.text }} > {{ output.out }}",
            inputs={"text": "text"}, outputs={"out": "text"})

#: May run workflows and edit others', but not author code.
RUNNER = (DEFAULT_POLICIES | {Policy.MODIFY_OTHERS_WORKFLOWS}) - {Policy.CREATE_OPERATIONS}


@pytest.fixture
def users(multi: TestClient, services: Services) -> tuple[Headers, Headers]:
    """``runner`` (no create_operations) and ``author`` (default policies); ECHO and
    UPPER are stored, published."""
    store_operations(services, ECHO, UPPER)
    return (user_headers(multi, "runner", RUNNER), user_headers(multi, "author"))


def shout(echo: Operation = ECHO) -> Workflow:
    """echo -> upper, with ``echo`` as given."""
    return workflow({"echo": echo, "upper": UPPER}, ["echo.out -> upper.text"])


def evil_echo() -> Operation:
    """A copy of the published ECHO (same id) whose code is changed."""
    return published(ECHO).model_copy(update={"code": "id > {{ output.out }}"})


def unpublished() -> Workflow:
    """evil echo -> loud: a changed copy of a published version, then an unstored draft."""
    return workflow({"echo": evil_echo(), "loud": LOUD}, ["echo.out -> loud.text"])


def finished_run(multi: TestClient, wf_id: str, headers: Headers) -> dict[str, Any]:
    response = multi.post(f"{API}/workflows/{wf_id}/runs", headers=headers)
    assert response.status_code == 201, response.text
    url = f"{API}/runs/{response.json()['id']}"
    run: dict[str, Any] = wait_for(
        lambda: (r := multi.get(url, headers=headers).json())["status"] == "succeeded" and r)
    return run


def count(multi: TestClient, what: str, headers: Headers) -> int:
    total: int = multi.get(f"{API}/{what}", headers=headers).json()["total"]
    return total


def refused(response: Any, *nodes: str) -> str:
    """The message of a 403 naming every one of ``nodes`` and create_operations."""
    assert response.status_code == 403, response.text
    message: str = response.json()["error"]["message"]
    for node in nodes:
        assert f"node {node!r} runs code that is not a published operation" in message
    assert "'create_operations'" in message
    return message


def test_published_operations_run_without_create_operations(
        multi: TestClient, users: tuple[Headers, Headers]) -> None:
    runner, _ = users
    as_embedded = create(multi, shout(published(ECHO)), headers=runner)
    as_stored = create(multi, shout(), with_operations=False, headers=runner)

    for created in (as_embedded, as_stored):
        run = finished_run(multi, created["id"], runner)
        rerun = multi.post(f"{API}/runs/{run['id']}/rerun", headers=runner)
        assert rerun.status_code == 201, rerun.text
        assert multi.post(f"{API}/runs/{run['id']}/clone", headers=runner).status_code == 201
        assert multi.post(f"{API}/workflows/{created['id']}/clone",
                          headers=runner).status_code == 201


def test_a_launch_of_unpublished_code_is_refused_and_creates_no_run(
        multi: TestClient, services: Services, users: tuple[Headers, Headers]) -> None:
    runner, author = users
    inner = composite("inner", {"prep": evil_echo()}, [], {"out": ("text", "prep.out")})
    outer = composite("outer", {"in": inner}, [], {"out": ("text", "in.out")})
    draft = UPPER.model_copy(update={"id": "draft-upper"})
    services.store.save_operation(draft)
    wf = workflow({"train": evil_echo(), "c": outer, "d": draft},
                  ["train.out -> d.text"])
    created = create(multi, wf, headers=author)

    message = refused(multi.post(f"{API}/workflows/{created['id']}/runs", headers=runner),
                      "train", "c/in/prep", "d")

    assert "(operation 'echo' differs from its published version in code)" in message
    assert "(operation 'upper' is a draft)" in message
    assert message.endswith("running it needs the permission 'create_operations'")
    assert services.runs.search(RunFilter(), 0, 10) == ([], 0)
    assert multi.post(f"{API}/workflows/{created['id']}/runs",
                      headers=author).status_code == 201


def test_runs_and_workflows_of_others_with_unpublished_code_are_not_rerun_or_cloned(
        multi: TestClient, users: tuple[Headers, Headers]) -> None:
    runner, author = users
    created = create(multi, unpublished(), headers=author)
    run = finished_run(multi, created["id"], author)

    refused(multi.post(f"{API}/runs/{run['id']}/rerun", headers=runner), "echo", "loud")
    message = refused(multi.post(f"{API}/runs/{run['id']}/clone", headers=runner), "echo")
    assert message.endswith("cloning it needs the permission 'create_operations'")
    refused(multi.post(f"{API}/workflows/{created['id']}/clone", headers=runner), "echo")
    assert count(multi, "runs", author) == 1
    assert count(multi, "workflows", author) == 1

    assert multi.post(f"{API}/runs/{run['id']}/rerun", headers=author).status_code == 201
    assert multi.post(f"{API}/runs/{run['id']}/clone", headers=author).status_code == 201


def test_workflows_embedding_unpublished_code_are_not_saved(
        multi: TestClient, users: tuple[Headers, Headers]) -> None:
    runner, author = users
    mine = create(multi, shout(), with_operations=False, headers=runner)
    url = f"{API}/workflows/{mine['id']}"

    for wf, node in ((shout(evil_echo()), "echo"), (workflow({"new": LOUD}), "new")):
        refused(multi.post(f"{API}/workflows", json=body_of(wf), headers=runner), node)
        refused(multi.put(url, json=body_of(wf), headers=runner), node)
    assert count(multi, "workflows", runner) == 1
    assert multi.get(url, headers=runner).json()["operations"][ECHO.id]["code"] == ECHO.code

    theirs = create(multi, shout(evil_echo()), headers=author)
    assert multi.put(f"{API}/workflows/{theirs['id']}", json=body_of(unpublished()),
                     headers=author).status_code == 200
