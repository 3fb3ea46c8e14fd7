"""The processes PLynx runs as, and how each starts and stops.

- ``plynx local``: everything in one process on this machine: the API and web UI, a
  scheduler with its executor, the event feed poked by the scheduler so that browsers see
  changes at once, and demo content on the first start.
- ``plynx server``: the API only; any number of them may serve one PostgreSQL database.
- ``plynx scheduler``: the scheduler and its executor, driving the runs the servers submit.

Ctrl-C or SIGTERM stops a process cleanly: event streams end, the server stops accepting
requests and finishes those under way, then the runs its scheduler drives are canceled.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from plynx.config import Settings
from plynx.engine import Engine
from plynx.engine.service import SchedulerService
from plynx.errors import ConfigError
from plynx.executors.isolation import protect_this_process
from plynx.model import NodeState, Run
from plynx.server.app import create_app
from plynx.server.demo import load_demo
from plynx.server.feed import EventFeed
from plynx.server.security import is_loopback
from plynx.server.services import open_services
from plynx.server.webui import ui_built, ui_directory
from plynx.store import MetadataStore
from plynx.store.migrate import current_revision

__all__ = [
    "ApiServer",
    "require_loopback",
    "run_local",
    "run_scheduler",
    "run_server",
    "upgrade_database",
]

#: Seconds requests under way may take to finish once the server is asked to stop.
GRACEFUL_SECONDS = 5

#: Prints one line for the person who started the process.
Say = Callable[[str], None]


class ApiServer(uvicorn.Server):
    """A uvicorn server that ends the event streams of its clients when it stops, and
    calls ``on_started`` once it listens."""

    def __init__(self, config: uvicorn.Config, feed: EventFeed,
                 on_started: Callable[[], None] | None = None) -> None:
        super().__init__(config)
        self.feed = feed
        self.on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.on_started is not None:
            self.on_started()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Streams never end by themselves: end them, or the server would wait for them.
        self.feed.close()
        await super().shutdown(sockets)


def require_loopback(settings: Settings, host: str) -> None:
    """Refuse to listen beyond this machine in single-user mode (ConfigError)."""
    if settings.multi_user or is_loopback(host):
        return
    raise ConfigError(
        f"refusing to listen on {host}: without a secret PLynx runs in single-user mode, "
        "which serves this machine only; listen on 127.0.0.1 (the default), or configure a "
        "secret (PLYNX_SECRET) to enable multi-user mode")


def base_url(host: str, port: int) -> str:
    """The URL a browser on this machine reaches the server at."""
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Make SIGTERM interrupt the main thread as Ctrl-C does (KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve_app(app: FastAPI, feed: EventFeed, settings: Settings,
              on_started: Callable[[], None] | None = None) -> None:
    """Serve ``app`` on ``settings.host:port`` until Ctrl-C or SIGTERM."""
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info",
                            access_log=False, lifespan="on",
                            timeout_graceful_shutdown=GRACEFUL_SECONDS)
    server = ApiServer(config, feed, on_started)
    with _sigterm_interrupts(), contextlib.suppress(KeyboardInterrupt):
        server.run()


def _has_display() -> bool:
    """Whether a graphical browser can open here (not a console browser over a terminal)."""
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _announce(url: str, open_browser: bool, say: Say, ui_dir: Path) -> None:
    if not ui_built(ui_dir):
        say(f"PLynx is running at {url} (API documentation: {url}api/v1/docs); "
            "the web UI is not built. Ctrl-C stops it.")
        return
    say(f"PLynx is running at {url} (Ctrl-C stops it)")
    if open_browser and _has_display():
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


def run_local(settings: Settings, open_browser: bool = True, say: Say = print) -> None:
    """``plynx local``: API, web UI, scheduler and executor in this process."""
    require_loopback(settings, settings.host)
    engine = Engine(settings, recover="resume")
    scheduler = SchedulerService(engine)
    feed = EventFeed(engine.store)

    def changed(_run_id: str, _state: NodeState) -> None:
        feed.poke()

    def finished(_run: Run) -> None:
        feed.poke()

    def wake() -> None:
        scheduler.wake()
        feed.poke()

    engine.scheduler.listeners.append(changed)
    engine.scheduler.finish_listeners.append(finished)
    try:
        services = open_services(settings, store=engine.store, wake=wake)
        if load_demo(engine.store):
            say("Loaded the demo operations and the workflow 'Sums of numbers by first digit'.")
        scheduler.start()
        url = base_url(settings.host, settings.port)
        serve_app(create_app(services, feed), feed, settings,
                  on_started=lambda: _announce(url, open_browser, say, ui_directory(settings)))
    finally:
        scheduler.stop()
        engine.close()


def run_server(settings: Settings, say: Say = print) -> None:
    """``plynx server``: the API alone; runs wait for a ``plynx scheduler``."""
    require_loopback(settings, settings.host)
    protect_this_process()
    services = open_services(settings)
    try:
        feed = EventFeed(services.store)
        url = base_url(settings.host, settings.port)
        serve_app(create_app(services, feed), feed, settings,
                  on_started=lambda: say(f"PLynx API server at {url}api/v1 "
                                         "(Ctrl-C stops it)"))
    finally:
        services.close()


def run_scheduler(settings: Settings, say: Say = print) -> None:
    """``plynx scheduler``: drive submitted runs until Ctrl-C or SIGTERM.

    Runs left unfinished by a scheduler that died are resumed.
    """
    engine = Engine(settings, recover="resume")
    service = SchedulerService(engine)
    try:
        with _sigterm_interrupts(), contextlib.suppress(KeyboardInterrupt):
            service.start()
            database = settings.public()["database_url"]
            say(f"PLynx scheduler {engine.owner} on {database}, executor "
                f"{settings.executor} (Ctrl-C stops it)")
            forever = threading.Event()
            while True:
                forever.wait(3600)
    finally:
        service.stop()
        engine.close()


def upgrade_database(settings: Settings) -> str:
    """Create or migrate the schema of the metadata database; the revision it is at."""
    store = MetadataStore(settings.database_url)
    try:
        store.upgrade()
        return current_revision(store.engine) or "none"
    finally:
        store.close()
