"""The event feed: live changes for every subscriber, replays without gaps or duplicates,
slow consumers ended, and changes made through another connection seen too."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator

import pytest

from plynx.engine import Engine
from plynx.engine.submission import create_run
from plynx.model import Event, Status
from plynx.server.feed import EventFeed, Subscription
from plynx.store import MetadataStore
from tests.factories import bash, workflow

ECHO = bash("echo", "echo hi > {{ output.out }}", outputs={"out": "text"})
TIMEOUT = 30


@pytest.fixture
def feed(engine: Engine) -> Iterator[EventFeed]:
    feed = EventFeed(engine.store, poll_seconds=0.02)
    feed.start()
    yield feed
    feed.stop()


def submit(store: MetadataStore, engine: Engine, nodes: int = 2) -> str:
    """Store a queued run (no scheduler drives it): one change for the run and its nodes."""
    flow = workflow({f"n{i}": ECHO for i in range(nodes)})
    return create_run(store, engine.registry, flow).run.id


def collect(feed: EventFeed, after: int | None, action: Callable[[], None],
            until: Callable[[list[Event]], bool]) -> tuple[list[Event], Subscription]:
    """Subscribe, run ``action`` in a thread, and gather events until ``until`` is true."""

    async def main() -> tuple[list[Event], Subscription]:
        subscription = await asyncio.to_thread(feed.subscribe, asyncio.get_running_loop(),
                                               after)
        threading.Thread(target=action).start()
        seen: list[Event] = []
        try:
            async with asyncio.timeout(TIMEOUT):
                async for batch in subscription.batches():
                    seen += batch
                    if until(seen):
                        break
        finally:
            subscription.close()
        return seen, subscription

    return asyncio.run(main())


def test_a_subscriber_receives_changes_as_they_are_recorded(engine: Engine,
                                                            feed: EventFeed) -> None:
    run_ids: list[str] = []

    def action() -> None:
        run_ids.append(submit(engine.store, engine))
        engine.store.update_run(run_ids[0], status=Status.CANCELED)

    seen, _ = collect(feed, None, action,
                      until=lambda events: any(e.status == "canceled" for e in events))

    assert [(e.kind, e.node_id) for e in seen if e.kind == "node"] == [("node", "n0"),
                                                                       ("node", "n1")]
    assert seen[-1].kind == "run" and seen[-1].run_id == run_ids[0]
    assert [e.seq for e in seen] == sorted(e.seq for e in seen)


def test_a_replay_comes_before_live_events_with_nothing_missed_or_repeated(
        engine: Engine, feed: EventFeed) -> None:
    start = engine.store.last_change()
    before = [submit(engine.store, engine) for _ in range(3)]
    later: list[str] = []

    def action() -> None:
        later.append(submit(engine.store, engine))

    seen, subscription = collect(feed, start, action,
                                 until=lambda events: any(e.run_id in later for e in events))

    assert subscription.start > start
    keys = [(e.seq, e.kind, e.run_id, e.node_id) for e in seen]
    assert len(keys) == len(set(keys))
    assert [e.seq for e in seen] == sorted(e.seq for e in seen)
    assert {e.run_id for e in seen} == {*before, *later}
    assert len(seen) == 4 * 3  # each run: the run and its two nodes


def test_a_replay_reads_the_store_page_by_page(engine: Engine, feed: EventFeed) -> None:
    feed.page_size = 2
    start = engine.store.last_change()
    runs = [submit(engine.store, engine, nodes=1) for _ in range(5)]
    marker: list[str] = []

    seen, _ = collect(feed, start, lambda: marker.append(submit(engine.store, engine, nodes=1)),
                      until=lambda events: any(e.run_id in marker for e in events))

    assert [e.run_id for e in seen if e.kind == "run"] == [*runs, *marker]


def test_a_consumer_too_slow_to_keep_up_is_ended(engine: Engine, feed: EventFeed) -> None:
    async def main() -> Subscription:
        feed.max_pending = 3
        subscription = await asyncio.to_thread(feed.subscribe, asyncio.get_running_loop())
        await asyncio.to_thread(submit, engine.store, engine, 5)  # 6 events at once
        async with asyncio.timeout(TIMEOUT):
            async for _ in subscription.batches():
                pass
        return subscription

    subscription = asyncio.run(main())

    assert subscription.overflowed
    assert feed.subscribers == 0


def test_closing_the_feed_ends_every_subscription_and_refuses_new_ones(
        engine: Engine, feed: EventFeed) -> None:
    async def main() -> list[list[Event]]:
        loop = asyncio.get_running_loop()
        first = await asyncio.to_thread(feed.subscribe, loop)
        feed.close()
        later = await asyncio.to_thread(feed.subscribe, loop)
        batches = []
        async with asyncio.timeout(TIMEOUT):
            for subscription in (first, later):
                batches += [batch async for batch in subscription.batches()]
        return batches

    assert asyncio.run(main()) == []
    assert feed.subscribers == 0


def test_an_idle_consumer_gets_empty_batches_to_send_heartbeats(engine: Engine,
                                                               feed: EventFeed) -> None:
    async def main() -> list[Event]:
        subscription = await asyncio.to_thread(feed.subscribe, asyncio.get_running_loop())
        try:
            async with asyncio.timeout(TIMEOUT):
                async for batch in subscription.batches(idle_seconds=0.01):
                    return batch
        finally:
            subscription.close()
        raise AssertionError("the subscription ended")

    assert asyncio.run(main()) == []


def test_changes_written_through_another_connection_are_seen(engine: Engine,
                                                             feed: EventFeed) -> None:
    other = MetadataStore(engine.settings.database_url)  # what another process holds
    run_ids: list[str] = []
    try:
        seen, _ = collect(feed, None, lambda: run_ids.append(submit(other, engine)),
                          until=lambda events: any(e.kind == "run" for e in events))
    finally:
        other.close()

    assert [e.run_id for e in seen if e.kind == "run"] == run_ids


def test_a_poke_reads_at_once(engine: Engine) -> None:
    feed = EventFeed(engine.store, poll_seconds=3600)  # it would never poll in this test
    feed.start()
    run_ids: list[str] = []

    def action() -> None:
        run_ids.append(submit(engine.store, engine))
        feed.poke()

    try:
        seen, _ = collect(feed, None, action,
                          until=lambda events: any(e.kind == "run" for e in events))
    finally:
        feed.stop()

    assert seen[0].run_id == run_ids[0]
