"""A real HTTP server in a thread, for tests that need sockets (fuzzing, streaming), and
an HTTP client of a server's API sending what PLynx's own clients send."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi import FastAPI

from tests.server.conftest import CLIENT_HEADERS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def api_client(url: str, headers: dict[str, str] | None = None) -> httpx.Client:
    """An HTTP client of the API of the server at ``url``, sending the client header (and
    ``headers``) with every request."""
    return httpx.Client(base_url=f"{url}/api/v1", headers={**CLIENT_HEADERS, **(headers or {})},
                        timeout=30)
