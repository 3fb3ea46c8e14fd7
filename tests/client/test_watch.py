"""Waiting for a run: following its event stream, reconnecting, or polling."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from plynx.client import Client, NodeInfo
from plynx.client import watch as watch_module
from plynx.model import Status

Handler = Callable[[httpx.Request], httpx.Response]


def run_body(status: str, **nodes: str) -> dict:
    return {"id": "r", "status": status,
            "nodes": [{"node_id": n, "status": s} for n, s in nodes.items()]}


def sse(*events: tuple[str, dict] | str) -> httpx.Response:
    lines = []
    for item in events:
        if isinstance(item, str):
            lines.append(item)
            continue
        kind, fields = item
        seq = fields.pop("seq")
        data = {"seq": seq, "kind": kind, "run_id": "r", "author": "default", "state": {},
                **fields}
        lines += [f"event: {kind}", f"data: {json.dumps(data)}", f"id: {seq}", ""]
    return httpx.Response(200, headers={"content-type": "text/event-stream"},
                          text="\n".join(lines) + "\n")


def client_of(runs: list[dict], events: Handler, seen: list[httpx.Request]) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/api/v1/events":
            return events(request)
        body = runs.pop(0) if len(runs) > 1 else runs[0]
        return httpx.Response(200, json=body)

    transport = httpx.MockTransport(handler)
    return Client(None, http=httpx.Client(transport=transport, base_url="http://plynx"))


def test_follows_the_stream_until_the_run_ends() -> None:
    runs = [run_body("running", a="running", b="created"),
            run_body("running", a="running", b="created"),
            run_body("succeeded", a="succeeded", b="succeeded")]
    stream = sse(": changes after 4", "id: 4", "",
                 ("node", {"seq": 5, "node_id": "a", "status": "succeeded"}),
                 ("node", {"seq": 5, "node_id": "x-of-another-run", "run_id": "other",
                           "status": "failed"}),
                 ("node", {"seq": 6, "node_id": "b", "status": "running"}),
                 ("node", {"seq": 7, "node_id": "b", "status": "succeeded"}),
                 ("run", {"seq": 7, "status": "succeeded"}),
                 ("node", {"seq": 8, "node_id": "never-read", "status": "running"}))
    seen: list[httpx.Request] = []
    changes: list[NodeInfo] = []
    final = client_of(runs, lambda r: stream, seen).wait("r", on_change=changes.append)
    assert final.status is Status.SUCCEEDED
    assert [(c.node_id, c.status.value) for c in changes] == [
        ("a", "running"), ("b", "created"), ("a", "succeeded"), ("b", "running"),
        ("b", "succeeded")]
    assert [r.url.path for r in seen] == ["/api/v1/runs/r", "/api/v1/events", "/api/v1/runs/r",
                                          "/api/v1/runs/r"]
    assert seen[1].url.params["run_id"] == "r"


def test_reconnects_after_the_last_event_id_seen() -> None:
    runs = [run_body("running", a="running")] * 3 + [run_body("failed", a="failed")]
    streams = [sse(": start", "id: 4", "", ("node", {"seq": 6, "node_id": "a",
                                                     "status": "running", "state": {
                                                         "attempts": 2}})),
               sse(": resumed", "", ("run", {"seq": 9, "status": "failed"}))]
    seen: list[httpx.Request] = []
    final = client_of(runs, lambda r: streams.pop(0), seen).wait("r")
    assert final.status is Status.FAILED
    event_requests = [r for r in seen if r.url.path == "/api/v1/events"]
    assert [r.headers.get("Last-Event-ID") for r in event_requests] == [None, "6"]


def test_a_run_that_ended_while_connecting_is_noticed() -> None:
    runs = [run_body("running"), run_body("canceled")]
    endless = sse(": changes after 1", "id: 1", "")  # nothing more would ever come
    final = client_of(runs, lambda r: endless, []).wait("r")
    assert final.status is Status.CANCELED


@pytest.mark.parametrize("events", [
    lambda r: httpx.Response(404, json={"error": {"code": "not_found", "message": "no"}}),
    lambda r: httpx.Response(200, json={"not": "a stream"}),
])
def test_polls_a_server_without_the_event_stream(events: Handler,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_module, "POLL_FIRST", 0.001)
    runs = [run_body("queued", a="queued"), run_body("running", a="running"),
            run_body("running", a="running"), run_body("succeeded", a="succeeded")]
    changes: list[NodeInfo] = []
    final = client_of(runs, events, []).wait("r", on_change=changes.append)
    assert final.status is Status.SUCCEEDED
    assert [c.status.value for c in changes] == ["queued", "running", "succeeded"]


def test_polling_gives_up_at_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch_module, "POLL_FIRST", 0.001)
    client = client_of([run_body("running")], lambda r: httpx.Response(404), [])
    with pytest.raises(TimeoutError, match="run r did not end in time"):
        client.wait("r", timeout=0.05)


def test_an_ended_run_is_not_followed() -> None:
    seen: list[httpx.Request] = []
    final = client_of([run_body("cached")], lambda r: httpx.Response(500), seen).wait("r")
    assert final.status is Status.CACHED and len(seen) == 1
