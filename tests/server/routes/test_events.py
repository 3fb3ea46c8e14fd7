"""GET /events: node and run changes reach clients as Server-Sent Events; a client that
reconnects resumes where it stopped; a user sees the events of the runs they may see."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.engine.submission import create_run
from plynx.model import Event, Workflow
from plynx.server import Services, revalidation
from plynx.server.routes import events
from tests.factories import bash, workflow
from tests.server.conftest import wait_for
from tests.server.multi_user import (  # noqa: F401
    bearer,
    create_user,
    headers_for,
    multi_fixture,
    multi_services_fixture,
    user_headers,
)

ECHO = bash("echo", "echo {{ param['text'] }} > {{ output.out }}", outputs={"out": "text"},
            params={"text": "hi"})
STEPS = workflow({"a": ECHO, "b": ECHO}, node_params={"b": {"text": "ho"}})


@dataclass
class Message:
    """One message of an event stream: an event, or comment lines only."""

    event: str | None = None
    data: str | None = None
    id: str | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def payload(self) -> Event:
        assert self.data is not None
        return Event.model_validate_json(self.data)


def parse(lines: Iterable[str]) -> Iterator[Message]:
    """The messages of a ``text/event-stream``, as its lines come."""
    message = Message()
    started = False
    for line in lines:
        if not line:
            if started:
                yield message
            message, started = Message(), False
            continue
        started = True
        if line.startswith(":"):
            message.comments.append(line[1:].strip())
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            message.data = value if message.data is None else f"{message.data}\n{value}"
        elif name in ("event", "id"):
            setattr(message, name, value)


def read_until(messages: Iterator[Message], done: Callable[[list[Message]], bool],
               timeout: float = 30) -> list[Message]:
    """Messages until ``done`` says enough (heartbeats keep the stream moving)."""
    deadline = time.monotonic() + timeout
    seen: list[Message] = []
    for message in messages:
        seen.append(message)
        if done(seen):
            return seen
        if time.monotonic() > deadline:
            raise AssertionError(f"not done within {timeout} s: {seen[-5:]}")
    raise AssertionError("the stream ended")


def of_events(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.event is not None]


def ended(run_id: str) -> Callable[[list[Message]], bool]:
    """Whether the messages include the end of the run ``run_id``."""
    def check(messages: list[Message]) -> bool:
        return any(m.event == "run" and m.payload.run_id == run_id
                   and m.payload.status in ("succeeded", "failed", "canceled")
                   for m in of_events(messages))
    return check


@contextmanager
def stream(client: TestClient, **kwargs: Any) -> Iterator[Iterator[Message]]:
    with client.stream("GET", "/api/v1/events", **kwargs) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        yield parse(response.iter_lines())


@pytest.fixture(autouse=True)
def quick_heartbeats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Heartbeats and checks of the credentials often, so that a test waiting for an event
    or for the end of a stream never blocks for long."""
    monkeypatch.setattr(events, "HEARTBEAT_SECONDS", 0.1)
    monkeypatch.setattr(revalidation, "RECHECK_SECONDS", 0.1)


def launch(services: Services, flow: Workflow = STEPS, author: str = "default") -> str:
    run = create_run(services.store, services.registry, flow, author=author).run
    services.wake()
    return run.id


def test_node_status_changes_reach_a_client(api: TestClient, services: Services) -> None:
    with stream(api) as messages:
        opening = next(messages)
        assert opening.event is None and opening.comments
        assert opening.id == str(services.store.last_change())
        run_id = launch(services)
        seen = of_events(read_until(messages, ended(run_id)))

    nodes = [(m.payload.node_id, m.payload.status) for m in seen if m.event == "node"]
    assert ("a", "succeeded") in nodes and ("b", "succeeded") in nodes
    finished = [m.payload.state for m in seen
                if m.event == "node" and m.payload.status == "succeeded"]
    # the cache decision comes with the sentence the REST API gives for it
    assert all(state["cache"]["explanation"].startswith("ran") for state in finished), finished
    for message in seen:
        event = message.payload
        assert message.event == event.kind and event.run_id == run_id
        assert json.loads(message.data or "")["state"]["status"] == event.status
    # the id comes with the last event of each change number
    assert seen[-1].id == str(seen[-1].payload.seq)
    for message, following in zip(seen, seen[1:], strict=False):
        same = message.payload.seq == following.payload.seq
        assert message.id == (None if same else str(message.payload.seq))


def test_a_reconnecting_client_resumes_without_gaps_or_duplicates(
        api: TestClient, services: Services) -> None:
    start = services.store.last_change()
    run_id = launch(services)
    wait_for(lambda: services.store.get_run(run_id).status.is_terminal)
    last = services.store.last_change()

    with stream(api, headers={"Last-Event-ID": str(start)}) as messages:
        first = of_events(read_until(messages, lambda seen: seen[-1].id == str(last)))
    expected = [(e.seq, e.kind, e.node_id) for e in services.store.changes_since(start)]
    assert [(m.payload.seq, m.payload.kind, m.payload.node_id) for m in first] == expected

    middle = next(m for m in first[len(first) // 2:] if m.id is not None)
    with stream(api, params={"after": middle.id}) as messages:
        again = of_events(read_until(messages, lambda seen: seen[-1].id == str(last)))
    cut = first.index(middle) + 1
    assert [m.data for m in again] == [m.data for m in first[cut:]]


def test_a_client_can_follow_one_run(api: TestClient, services: Services) -> None:
    start = services.store.last_change()
    other = launch(services)
    followed = launch(services)

    with stream(api, params={"run_id": followed, "after": start}) as messages:
        seen = of_events(read_until(messages, ended(followed)))

    assert {m.payload.run_id for m in seen} == {followed}
    assert other != followed


def test_heartbeats_keep_an_idle_stream_alive(api: TestClient) -> None:
    with stream(api) as messages:
        seen = read_until(messages, lambda seen: "ping" in seen[-1].comments)
    assert all(m.event is None for m in seen)


def test_a_client_that_leaves_is_unsubscribed(api: TestClient) -> None:
    feed = api.app.state.feed  # type: ignore[attr-defined]
    with stream(api) as messages:
        next(messages)
        assert feed.subscribers == 1
    wait_for(lambda: feed.subscribers == 0)


def test_bad_resume_points_and_unknown_runs_are_refused(api: TestClient) -> None:
    response = api.get("/api/v1/events", headers={"Last-Event-ID": "yesterday"})
    assert response.status_code == 400
    assert "Last-Event-ID" in response.json()["error"]["message"]

    response = api.get("/api/v1/events", params={"after": -1})
    assert response.status_code == 422

    response = api.get("/api/v1/events", params={"run_id": "no-such-run"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_user_sees_only_the_events_of_runs_they_may_see(
        multi: TestClient, multi_services: Services) -> None:
    bob = user_headers(multi, "bob", DEFAULT_POLICIES - {Policy.VIEW_OTHERS_WORKFLOWS})
    carol = user_headers(multi, "carol")  # may see others' workflows
    start = multi_services.store.last_change()
    alices = launch(multi_services, author="alice")
    bobs = launch(multi_services, author="bob")

    with stream(multi, headers={**bob, "Last-Event-ID": str(start)}) as messages:
        seen = of_events(read_until(messages, ended(bobs)))
    assert {m.payload.run_id for m in seen} == {bobs}

    with stream(multi, headers={**carol, "Last-Event-ID": str(start)}) as messages:
        seen = of_events(read_until(messages, ended(bobs)))
    assert {m.payload.run_id for m in seen} >= {alices, bobs}

    response = multi.get("/api/v1/events", params={"run_id": alices}, headers=bob)
    assert response.status_code == 404
    assert multi.get("/api/v1/events").status_code == 401


def test_cache_hits_name_only_the_source_runs_the_reader_may_see(
        multi: TestClient, multi_services: Services) -> None:
    bob = user_headers(multi, "bob", DEFAULT_POLICIES - {Policy.VIEW_OTHERS_WORKFLOWS})
    alices = launch(multi_services, author="alice")
    wait_for(lambda: multi_services.store.get_run(alices).status.is_terminal)
    start = multi_services.store.last_change()
    bobs = launch(multi_services, author="bob")  # restored from alice's run

    with stream(multi, headers={**bob, "Last-Event-ID": str(start)}) as messages:
        seen = of_events(read_until(messages, ended(bobs)))
    hits = [m.payload.state["cache"] for m in seen
            if m.event == "node" and m.payload.status == "cached"]
    assert len(hits) == 2 and all(hit == {
        "outcome": "hit", "reason": "", "source_run": None, "source_node": None,
        "explanation": "hit (a result computed earlier)"} for hit in hits), hits
    assert not any(alices in (m.data or "") for m in seen)

    carol = user_headers(multi, "carol")  # may see others' workflows
    with stream(multi, headers={**carol, "Last-Event-ID": str(start)}) as messages:
        seen = of_events(read_until(messages, ended(bobs)))
    hits = [m.payload.state["cache"] for m in seen
            if m.event == "node" and m.payload.status == "cached"]
    assert [hit["source_run"] for hit in hits] == [alices, alices]
    assert all(hit["explanation"].startswith(f"hit (run {alices}, node ") for hit in hits)


#: Ways a user's login stops allowing a stream, each with the reason the stream gives.
REVOCATIONS: dict[str, tuple[Callable[[Services, str], object], str]] = {
    "deactivated": (lambda services, user_id: services.accounts.set_active(user_id, False),
                    "token revoked: log in again"),
    "password changed": (
        lambda services, user_id: services.accounts.set_password(user_id, "a new password"),
        "token revoked: log in again"),
    "policies changed": (
        lambda services, user_id: services.accounts.set_policies(user_id, [Policy.ADMIN]),
        revalidation.POLICIES_CHANGED),
}


def closes(reason: str) -> Callable[[list[Message]], bool]:
    return lambda seen: f"closed: {reason}" in seen[-1].comments


@pytest.mark.parametrize("revocation", sorted(REVOCATIONS))
def test_a_stream_ends_when_its_caller_may_no_longer_listen(
        multi: TestClient, multi_services: Services, revocation: str) -> None:
    user = create_user(multi, "dan")
    with stream(multi, headers=headers_for(multi, user)) as messages:
        next(messages)
        revoke, reason = REVOCATIONS[revocation]
        revoke(multi_services, user.id)
        read_until(messages, closes(reason), timeout=10)
        assert next(messages, None) is None  # and the stream ended
    wait_for(lambda: multi.app.state.feed.subscribers == 0)  # type: ignore[attr-defined]


def test_a_stream_of_an_api_token_ends_when_the_token_is_revoked(
        multi: TestClient, multi_services: Services) -> None:
    user = create_user(multi, "erin")
    created = multi_services.accounts.create_api_token(user.id, "dashboard")
    kept = multi_services.accounts.create_api_token(user.id, "other").token
    with stream(multi, headers=bearer(created.token)) as revoked, \
            stream(multi, headers=bearer(kept)) as other:
        next(revoked)
        next(other)
        multi_services.accounts.revoke_api_token(created.id, user.id)
        read_until(revoked, closes("unknown, revoked or expired API token"), timeout=10)
        assert next(revoked, None) is None
        read_until(other, lambda seen: "ping" in seen[-1].comments)

        multi_services.accounts.set_active(user.id, False)
        read_until(other, closes("the account 'erin' is deactivated"), timeout=10)
        assert next(other, None) is None
