"""SSE latency: from a change written to the metadata store to its event received by a client.

An API server (uvicorn, in a thread of this process, on a loopback port) serves
``GET /api/v1/events`` to ``--clients`` clients reading over real HTTP. One run is changed
``--changes`` times with ``update_run``, one change at a time at random moments, each once
every client received the previous one. Two ways are measured:

- ``poll``: as ``plynx server``, where the scheduler is another process: the server's event
  feed finds the change when it next reads the store (every 50 ms);
- ``poke``: as ``plynx local``, where the scheduler pokes the feed after writing.

The baseline is a bare reader of the same database: a thread calling ``changes_since`` in a
loop, 1 ms apart, in the same process: how soon a change can be read at all.
"""

from __future__ import annotations

import argparse
import operator
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

import httpx
import uvicorn
from _common import database, fresh_dir, header, line, median, percentile, target

from plynx.config import Settings
from plynx.model import Run, Status, Workflow
from plynx.server import create_app, open_services
from plynx.server.services import Services
from plynx.store import MetadataStore

#: Seconds a change may take to arrive before the benchmark gives up.
GIVE_UP = 10.0


class Receipts:
    """When each change number was received, by each client."""

    def __init__(self, clients: int) -> None:
        self.clients = clients
        self._times: dict[int, list[float]] = {}
        self._condition = threading.Condition()

    def record(self, seq: int) -> None:
        now = time.perf_counter()
        with self._condition:
            self._times.setdefault(seq, []).append(now)
            self._condition.notify_all()

    def wait(self, seq: int) -> list[float]:
        """The times every client received ``seq``."""
        with self._condition:
            if not self._condition.wait_for(
                    lambda: len(self._times.get(seq, ())) >= self.clients, GIVE_UP):
                raise SystemExit(f"change {seq} did not reach every client in {GIVE_UP} s")
            return list(self._times[seq])


@contextmanager
def serving(services: Services) -> Iterator[tuple[str, Callable[[], None]]]:
    """The API on a free loopback port: its URL, and a function poking its event feed."""
    app = create_app(services)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                            lifespan="on", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit("the API server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", app.state.feed.poke
    finally:
        server.should_exit = True
        thread.join(10)


def read_events(url: str, run_id: str, receipts: Receipts, ready: threading.Event,
                stop: threading.Event) -> None:
    """A client: records the change number of every event of ``run_id`` as it arrives."""
    with httpx.stream("GET", f"{url}/api/v1/events", params={"run_id": run_id},
                      timeout=None) as response:
        for text in response.iter_lines():
            if text.startswith(":"):
                ready.set()
            elif text.startswith("id: "):
                receipts.record(int(text[4:]))
            if stop.is_set():
                return


def measure_sse(services: Services, run_id: str, clients: int, changes: int,
                poke: bool) -> list[float]:
    """Seconds from each write to its receipt, for every client and change."""
    store = services.store
    receipts = Receipts(clients)
    latencies: list[float] = []
    with serving(services) as (url, poke_feed):
        stop = threading.Event()
        readers = []
        for _ in range(clients):
            ready = threading.Event()
            reader = threading.Thread(target=read_events,
                                      args=(url, run_id, receipts, ready, stop), daemon=True)
            reader.start()
            if not ready.wait(GIVE_UP):
                raise SystemExit("a client could not subscribe")
            readers.append(reader)
        for i in range(changes + 1):
            time.sleep(random.uniform(0, 0.06))  # any moment of the feed's polling cycle
            start = time.perf_counter()
            store.update_run(run_id, error=f"change {i}")
            if poke:
                poke_feed()
            seq = store.last_change()  # the only writer: this change's number
            received = receipts.wait(seq)
            if i:  # the first change warms up the connections
                latencies += [moment - start for moment in received]
        stop.set()
        store.update_run(run_id, error="done")  # wakes the readers so that they stop
        for reader in readers:
            reader.join(GIVE_UP)
    return latencies


def measure_bare(store: MetadataStore, run_id: str, changes: int) -> list[float]:
    """Seconds from each write to a bare reader of the database seeing it."""
    seen: dict[int, float] = {}
    stop = threading.Event()
    condition = threading.Condition()

    def reader(position: int) -> None:
        while not stop.is_set():
            events = store.changes_since(position)
            if events:
                now = time.perf_counter()
                with condition:
                    for event in events:
                        seen[event.seq] = now
                    condition.notify_all()
                position = events[-1].seq
            time.sleep(0.001)

    thread = threading.Thread(target=reader, args=(store.last_change(),), daemon=True)
    thread.start()
    latencies = []
    for i in range(changes):
        time.sleep(random.uniform(0, 0.005))
        start = time.perf_counter()
        store.update_run(run_id, error=f"bare {i}")
        seq = store.last_change()
        with condition:
            if not condition.wait_for(partial(operator.contains, seen, seq), GIVE_UP):
                raise SystemExit(f"the bare reader never saw change {seq}")
            latencies.append(seen[seq] - start)
    stop.set()
    thread.join()
    return latencies


def report(label: str, latencies: list[float]) -> float:
    p50, p95 = median(latencies) * 1000, percentile(latencies, 0.95) * 1000
    line(f"{label} p50", p50, "ms")
    line(f"{label} p95", p95, "ms")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=200, help="changes measured per way")
    parser.add_argument("--clients", type=int, default=1, help="SSE clients reading at once")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL database to measure on, in a temporary schema "
                             "(default: SQLite in a temporary home)")
    parser.add_argument("--target", type=float, default=100.0, help="p95 target, in ms")
    args = parser.parse_args()

    header("SSE latency: store write -> event received over HTTP", changes=args.changes,
           clients=args.clients, database="PostgreSQL" if args.database_url else "SQLite")
    with fresh_dir("plynx-bench-home-") as home, database(args.database_url, home) as url:
        services = open_services(Settings(home=home, database_url=url))
        try:
            run = Run(workflow=Workflow(title="bench"), title="bench", status=Status.RUNNING)
            services.store.create_run(run, [])
            bare = measure_bare(services.store, run.id, args.changes)
            poked = measure_sse(services, run.id, args.clients, args.changes, poke=True)
            polled = measure_sse(services, run.id, args.clients, args.changes, poke=False)
        finally:
            services.close()
    bare_p95 = report("bare reader of the database", bare)
    report("SSE, feed poked (plynx local)", poked)
    polled_p95 = report("SSE, feed polling (plynx server)", polled)
    line("ratio p95 polling / bare", polled_p95 / bare_p95, "x")
    target("SSE p95 (feed polling)", polled_p95, "ms", args.target, at_most=True)


if __name__ == "__main__":
    main()
