"""Waiting for a run to end: following ``/events`` (server-sent events), or polling.

The watcher reads the run once, reporting the state of each node, then follows the event
stream of that run, reporting each node whose state changed. Once the stream's first event
arrived (the server has subscribed) it reads the run again, so that a change made while
connecting is not missed. Whenever the stream breaks or stays silent for ``HEARTBEAT``
seconds it reads the run again and reconnects with the last event id it saw. A server
without the stream (404, 405 or another content type) is polled.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from plynx.client.errors import ApiError, ServerUnreachable
from plynx.client.results import NodeInfo, RunInfo
from plynx.client.session import Session, StreamSilent
from plynx.client.sse import SSEParser
from plynx.model import Event, Status

#: Called with the new state of a node whenever it changed.
OnChange = Callable[[NodeInfo], None]

#: Longest silence on the event stream before the run is read again, in seconds (the
#: server sends a comment every 15 seconds when nothing happens).
HEARTBEAT = 30.0
#: Fastest and slowest polling, in seconds.
POLL_FIRST, POLL_MAX = 0.05, 1.0
#: Stream failures in a row after which the watcher polls instead.
MAX_STREAM_FAILURES = 3


def read_events(lines: Iterable[str], parser: SSEParser) -> Iterator[Event]:
    """The ``run`` and ``node`` events of an event stream; other events are skipped."""
    for line in lines:
        sse = parser.feed(line)
        if sse is not None and sse.event in ("run", "node"):
            event = _event_of(sse.data)
            if event is not None:
                yield event


def _event_of(data: str) -> Event | None:
    try:
        return Event.model_validate(json.loads(data))
    except (ValueError, ValidationError):
        return None


class RunWatcher:
    """Follows run ``run_id`` until it ends or ``timeout`` seconds passed (TimeoutError)."""

    def __init__(self, session: Session, run_id: str, on_change: OnChange | None = None,
                 timeout: float | None = None) -> None:
        self.session = session
        self.run_id = run_id
        self.on_change = on_change
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.known: dict[str, NodeInfo] = {}
        self.last_event_id: str | None = None

    def wait(self) -> RunInfo:
        """Block until the run ends; its final state."""
        run = self._read()
        failures = 0
        while not run.finished:
            self._check_deadline()
            try:
                ended = self._follow_stream()
                failures = 0
            except StreamSilent:
                ended = None
            except ServerUnreachable:
                failures += 1
                ended = None
            except ApiError as exc:
                if exc.status not in (404, 405, 406, 501):
                    raise
                return self._poll()
            if ended is False or failures >= MAX_STREAM_FAILURES:
                return self._poll()
            run = self._read()
            if not run.finished and failures:
                time.sleep(min(POLL_MAX, POLL_FIRST * 2 ** failures))
        return run

    def _follow_stream(self) -> bool | None:
        """Follow the stream until the run ends (True), the stream ends or stays silent
        (None), or it turns out not to be an event stream (False)."""
        headers = {"Accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = self.last_event_id
        parser = SSEParser()
        try:
            with self.session.stream("/events", params={"run_id": self.run_id},
                                     headers=headers, read_timeout=self._silence()) as response:
                if not response.headers.get("content-type", "").startswith("text/event-stream"):
                    return False
                return self._follow(response.iter_lines(), parser)
        finally:
            self.last_event_id = parser.last_id or self.last_event_id

    def _follow(self, lines: Iterable[str], parser: SSEParser) -> bool | None:
        synced = False
        for line in lines:
            self._check_deadline()
            sse = parser.feed(line)
            if not synced and not line.strip():
                # The server has subscribed by the end of its first event: what happened
                # before is in the run as read now, what happens after comes on the stream.
                synced = True
                if self._read().finished:
                    return True
            if sse is None or sse.event not in ("run", "node"):
                continue
            event = _event_of(sse.data)
            if event is None or event.run_id != self.run_id:
                continue
            if event.kind == "node":
                self._report(_node_of(event))
            elif Status(event.status).is_terminal:
                return True
        return None

    def _poll(self) -> RunInfo:
        delay = POLL_FIRST
        while True:
            run = self._read()
            if run.finished:
                return run
            self._check_deadline()
            time.sleep(delay)
            delay = min(POLL_MAX, delay * 2)

    def _read(self) -> RunInfo:
        run = RunInfo.model_validate(self.session.json("GET", f"/runs/{self.run_id}"))
        for node in run.nodes:
            self._report(node)
        return run

    def _report(self, node: NodeInfo | None) -> None:
        if node is None:
            return
        before = self.known.get(node.node_id)
        if before is not None and _essence(before) == _essence(node):
            return
        self.known[node.node_id] = node
        if self.on_change is not None:
            self.on_change(node)

    def _silence(self) -> float:
        if self.deadline is None:
            return HEARTBEAT
        return max(0.01, min(HEARTBEAT, self.deadline - time.monotonic()))

    def _check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeoutError(f"run {self.run_id} did not end in time")


def _essence(node: NodeInfo) -> tuple[Any, ...]:
    """What makes a change worth reporting (the stream and the run may format the rest
    differently)."""
    return node.status, node.attempts, node.outputs, node.error, node.exit_code


def _node_of(event: Event) -> NodeInfo | None:
    state: dict[str, Any] = {"node_id": event.node_id, "status": event.status, **event.state}
    try:
        return NodeInfo.model_validate(state)
    except ValidationError:
        return None
