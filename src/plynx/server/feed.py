"""The event feed: changes of runs and nodes, read from the metadata store, pushed to clients.

One feed runs in each API process. While anyone listens, a thread reads the changes
recorded after the last one it saw (``changes_since``) every ``poll_seconds``, or at once
when poked (``plynx local`` pokes it whenever its scheduler records a change), and hands
them to every subscriber. Because it reads the store, a feed sees the changes made by any
process on the same database: its scheduler, another API server, a ``plynx scheduler``.

A subscriber is an asyncio consumer (a request handler streaming events). It gets events in
batches on its own event loop. Its queue is bounded: a consumer too slow to keep up is
ended rather than let its backlog grow; it reconnects where it stopped and catches up from
the store. ``subscribe(after)`` replays what was recorded after ``after`` before the live
events, so a client that reconnects misses nothing and receives nothing twice.

Batches always hold whole change numbers: every event carrying one ``seq`` is in the same
batch, so a consumer knows when it has seen everything up to a change number.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, Request

from plynx.model import Event
from plynx.store import MetadataStore

__all__ = ["EventFeed", "FeedDep", "Subscription", "get_feed"]

log = logging.getLogger(__name__)

#: Seconds between two reads of the store while someone listens.
POLL_SECONDS = 0.05
#: Events a subscriber may have waiting before it is ended as too slow.
MAX_PENDING = 10_000
#: Events read from the store at a time.
PAGE_SIZE = 1000


class Subscription:
    """The events of one consumer: a replay from the store, then live events.

    Create it with :meth:`EventFeed.subscribe`; iterate :meth:`batches` on the event loop it
    was made for; call :meth:`close` when done.
    """

    def __init__(self, feed: EventFeed, loop: asyncio.AbstractEventLoop, after: int | None,
                 start: int, max_pending: int) -> None:
        self.after = after
        #: The change number live events start after (the replay ends there).
        self.start = start
        #: Whether the consumer was ended for falling too far behind.
        self.overflowed = False
        self._feed = feed
        self._loop = loop
        self._queue: asyncio.Queue[list[Event] | None] = asyncio.Queue()
        self._pending = 0
        self._max_pending = max_pending
        self._ended = False

    async def batches(self, idle_seconds: float | None = None) -> AsyncIterator[list[Event]]:
        """Batches of events in change order, until the feed or this subscription ends.

        With ``idle_seconds``, an empty batch comes whenever nothing happened for that long.
        """
        cursor = self.after
        while cursor is not None and cursor < self.start:
            page, cursor = await to_thread.run_sync(self._feed.replay_page, cursor, self.start)
            if page:
                yield page
        while True:
            try:
                batch = await asyncio.wait_for(self._queue.get(), idle_seconds)
            except TimeoutError:
                yield []
                continue
            if batch is None:
                return
            self._pending -= len(batch)
            yield batch

    def close(self) -> None:
        """Stop receiving events (from any thread)."""
        self._feed.unsubscribe(self)

    # -- called by the feed -------------------------------------------------------------

    def push(self, events: list[Event]) -> None:
        """Hand ``events`` to the consumer's loop (from the feed's thread)."""
        self._call(self._deliver, events)

    def end(self) -> None:
        """End the consumer's iteration (from any thread)."""
        self._call(self._finish)

    def _call(self, callback: Callable[..., object], *args: object) -> None:
        try:
            self._loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop is closed: nobody is listening any more
            self._feed.unsubscribe(self)

    def _deliver(self, events: list[Event]) -> None:
        if self._ended:
            return
        fresh = [event for event in events if event.seq > self.start]
        if not fresh:
            return
        if self._pending + len(fresh) > self._max_pending:
            self.overflowed = True
            self._feed.unsubscribe(self)
            self._finish()
            return
        self._pending += len(fresh)
        self._queue.put_nowait(fresh)

    def _finish(self) -> None:
        if self._ended:
            return
        self._ended = True
        while not self._queue.empty():  # drop the backlog: the consumer stops here
            self._queue.get_nowait()
        self._queue.put_nowait(None)


class EventFeed:
    """Reads changes from ``store`` and publishes them to subscribers."""

    def __init__(self, store: MetadataStore, poll_seconds: float = POLL_SECONDS,
                 max_pending: int = MAX_PENDING, page_size: int = PAGE_SIZE) -> None:
        self.store = store
        self.poll_seconds = poll_seconds
        self.max_pending = max_pending
        self.page_size = page_size
        self._lock = threading.Lock()
        self._subscribers: set[Subscription] = set()
        self._position = 0  # every change up to here was published
        self._wake = threading.Event()
        self._closed = False
        self._stopped = False
        self._thread: threading.Thread | None = None

    @property
    def subscribers(self) -> int:
        """How many consumers listen now."""
        with self._lock:
            return len(self._subscribers)

    def start(self) -> None:
        """Start the reading thread (once; later calls do nothing)."""
        with self._lock:
            if self._thread is not None or self._stopped:
                return
            self._thread = threading.Thread(target=self._serve, name="plynx-event-feed",
                                            daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Read the store now rather than at the next poll (from any thread)."""
        self._wake.set()

    def close(self) -> None:
        """End every subscription and refuse new ones (live ones end at once)."""
        with self._lock:
            self._closed = True
            subscribers = list(self._subscribers)
            self._subscribers.clear()
        for subscription in subscribers:
            subscription.end()

    def stop(self, timeout: float = 5.0) -> None:
        """Close the feed and stop its thread."""
        self.close()
        with self._lock:
            self._stopped = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout)

    def subscribe(self, loop: asyncio.AbstractEventLoop, after: int | None = None) -> Subscription:
        """A subscription delivering on ``loop`` what happens from now on, preceded by what
        happened after change ``after`` when given.

        Reads the store when nobody listened before: call it outside the event loop.
        """
        self.start()
        with self._lock:
            if not self._subscribers and not self._closed:
                # Nobody listened, so nothing was read: live events start from now.
                self._position = max(self._position, self.store.last_change())
            subscription = Subscription(self, loop, after, self._position, self.max_pending)
            if self._closed:
                subscription.end()
                return subscription
            self._subscribers.add(subscription)
        self._wake.set()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    def replay_page(self, after: int, until: int) -> tuple[list[Event], int | None]:
        """Events recorded after ``after`` up to ``until``, one page of them; and where the
        next page starts (None when this one reached ``until``)."""
        events = self.store.changes_since(after, limit=self.page_size)
        page = [event for event in events if event.seq <= until]
        if not page or len(page) < len(events) or page[-1].seq >= until:
            return page, None
        return page, page[-1].seq

    # -- the reading thread -------------------------------------------------------------

    def _serve(self) -> None:
        while True:
            with self._lock:
                idle = not self._subscribers
            self._wake.wait(None if idle else self.poll_seconds)
            self._wake.clear()
            with self._lock:
                if self._stopped:
                    return
                if not self._subscribers:
                    continue
                position = self._position
            try:
                events = self._read(position)
            except Exception:  # the database went away: say so, and try again
                log.exception("event feed: cannot read changes")
                self._wake.wait(1.0)
                continue
            if not events:
                continue
            with self._lock:
                if self._position != position:  # re-started from now by a new subscriber
                    continue
                self._position = events[-1].seq
                subscribers = list(self._subscribers)
            for subscription in subscribers:
                subscription.push(events)

    def _read(self, after: int) -> list[Event]:
        """Changes after ``after`` that are surely complete.

        The change counter is read first: every change up to its value has committed (a
        change number is taken under a lock held until commit), so every row changed up to
        it is visible to the reads that follow. Later changes wait for the next read.
        """
        upto = self.store.last_change()
        if upto <= after:
            return []
        events = self.store.changes_since(after, limit=self.page_size)
        return [event for event in events if event.seq <= upto]


def get_feed(request: Request) -> EventFeed:
    """FastAPI dependency: the event feed of the application handling ``request``."""
    feed: EventFeed = request.app.state.feed
    return feed


#: A handler parameter receiving the event feed.
FeedDep = Annotated[EventFeed, Depends(get_feed)]
