"""Events: changes of runs and nodes as they happen, as Server-Sent Events.

``GET /events`` streams one event per change: ``event: run`` or ``event: node``, ``data:``
the :class:`~plynx.model.Event` as JSON, and ``id:`` its change number (``seq``). Several
events may share a change number; only the last one of them carries the ``id``, so a
client that reconnects with ``Last-Event-ID`` (browsers do it by themselves) resumes after
the last change it received whole: it misses nothing and receives nothing twice. A comment
line is sent every 15 seconds when nothing happens, so that proxies keep the connection
open and a client that went away is noticed. A stream whose caller may no longer listen
ends (see :mod:`plynx.server.revalidation`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterator
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import StreamingResponse
from fastapi.sse import format_sse_event

from plynx.auth import Principal
from plynx.errors import InvalidInput, NotFound
from plynx.model import Event
from plynx.server.cache_sources import SourceRuns, source_runs
from plynx.server.feed import EventFeed, FeedDep
from plynx.server.revalidation import CredentialCheckDep, until_invalid
from plynx.server.security import PrincipalDep
from plynx.server.services import ServicesDep

router = APIRouter(prefix="/events", tags=["events"])

#: Seconds without any event after which a comment line is sent.
HEARTBEAT_SECONDS = 15.0

#: Headers of the stream: never cached, never buffered by a proxy.
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}

_HEARTBEAT = format_sse_event(comment="ping")

_STREAM_DOC = """\
`text/event-stream`. Each event:

```
event: node
data: {"seq": 42, "kind": "node", "run_id": "…", "node_id": "sum", "author": "alice",
       "status": "running", "state": {…the node state…}}
id: 42
```

`event` is `run` or `node`; `data` is one JSON object (on one line); `id` is the change
number, present on the last event of each change number only. Lines starting with `:` are
comments: the opening line, a heartbeat every 15 s, and `closed: <why>` when the stream ends
because the caller may no longer listen (token revoked, account deactivated…)."""


def resume_point(
    after: Annotated[int | None, Query(ge=0, le=2**62, description=(
        "replay the changes recorded after this change number before the live ones"))] = None,
    last_event_id: Annotated[str | None, Header(description=(
        "the id of the last event received, sent by a reconnecting client; wins over "
        "`after`"))] = None,
) -> int | None:
    """The change number a client resumes after, or None to start from now."""
    if last_event_id is None or not last_event_id.strip():
        return after
    text = last_event_id.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise InvalidInput(f"Last-Event-ID must be a change number (a non-negative integer), "
                           f"got {last_event_id[:40]!r}")
    return int(text)


def watched_run(
    services: ServicesDep,
    principal: PrincipalDep,
    run_id: Annotated[str | None, Query(min_length=1, max_length=255, description=(
        "only the changes of this run"))] = None,
) -> str | None:
    """The run a client follows, when it names one it may see (404 otherwise)."""
    if run_id is None:
        return None
    run = services.store.get_run(run_id)
    if not principal.can_view(run.author, "workflow"):
        raise NotFound(f"run {run_id!r} not found")
    return run_id


def visible_events(batch: list[Event], principal: Principal, run_id: str | None,
                   floor: int) -> list[Event]:
    """The events of ``batch`` the client may see and asked for, after change ``floor``."""
    return [event for event in batch
            if event.seq > floor and (run_id is None or event.run_id == run_id)
            and principal.can_view(event.author, "workflow")]


def encoded_events(shown: list[Event]) -> Iterator[bytes]:
    """``shown`` encoded; each event gets the id of its change number when it is the last
    one of that change."""
    for index, event in enumerate(shown):
        last = index + 1 == len(shown) or shown[index + 1].seq != event.seq
        yield format_sse_event(event=event.kind, data_str=event.model_dump_json(),
                               id=str(event.seq) if last else None)


def closing(reason: str) -> bytes:
    """The last comment of a stream ended because its caller may no longer listen."""
    return format_sse_event(comment=f"closed: {reason}")


async def event_stream(feed: EventFeed, principal: Principal, sources: SourceRuns,
                       run_id: str | None, after: int | None) -> AsyncGenerator[bytes]:
    """The encoded stream: an opening comment, the replay, then live events. Cache hits
    name only the source runs the principal may see."""
    subscription = await to_thread.run_sync(feed.subscribe, asyncio.get_running_loop(), after)
    try:
        if after is None:
            # The id lets a client that reconnects before any event resume from here.
            yield format_sse_event(comment=f"changes after {subscription.start}",
                                   id=str(subscription.start))
        else:
            yield format_sse_event(comment=f"changes after {after}")
        floor = subscription.start if after is None else after
        async for batch in subscription.batches(idle_seconds=HEARTBEAT_SECONDS):
            if not batch:
                yield _HEARTBEAT
            shown = visible_events(batch, principal, run_id, floor)
            if not sources.knows(shown):
                await to_thread.run_sync(sources.learn_events, shown)
            for encoded in encoded_events([sources.shown_event(event) for event in shown]):
                yield encoded
    finally:
        subscription.close()


@router.get(
    "",
    summary="Changes of runs and nodes, live (Server-Sent Events)",
    response_class=StreamingResponse,
    responses={200: {"description": _STREAM_DOC,
                     "content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def stream_events(
    feed: FeedDep,
    services: ServicesDep,
    principal: PrincipalDep,
    check: CredentialCheckDep,
    after: Annotated[int | None, Depends(resume_point)],
    run_id: Annotated[str | None, Depends(watched_run)],
) -> StreamingResponse:
    """Every change of the runs the caller may see (or of `run_id` only), from now on.

    With `Last-Event-ID` or `after`, the changes recorded after that change number come
    first. The stream opens with a comment; when starting from now, it also carries the
    current change number as `id`, so that a client reconnecting before any event resumes
    from there. The stream ends when the client disconnects or the server stops, and, with
    a last comment `closed: <why>`, within seconds of the caller's token being revoked,
    their password changed, their account deactivated or their policies changed.
    """
    events = event_stream(feed, principal, source_runs(services, principal), run_id, after)
    return StreamingResponse(until_invalid(events, check, closing),
                             media_type="text/event-stream", headers=STREAM_HEADERS)
