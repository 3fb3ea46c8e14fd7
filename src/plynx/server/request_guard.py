"""Refuse the requests another web page could make a browser send to this server.

In single-user mode a request needs nothing but to reach the server, so a page of any site
open in a browser on this machine could otherwise act through it. Three rules, checked
before any route:

1. the ``Host`` header must be a name the server answers to (:mod:`plynx.server.hosts`),
   against DNS rebinding (400);
2. a state-changing request (any method but GET, HEAD and OPTIONS) that comes from a web
   page (it has an ``Origin``, or else a ``Referer``) must come from one of the server's
   own pages (403);
3. a state-changing request must be one a browser sends to another site only after asking
   it (a CORS preflight, which PLynx never grants): a JSON body, the header
   ``X-PLynx-Client`` (any value), or an ``Authorization`` header (403).

Rules 1 and 2 apply whenever the allowed hosts are enforced (see
:class:`~plynx.server.hosts.AllowedHosts`); rule 3 always. The web UI and the Python client
send ``X-PLynx-Client`` with every request.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from plynx.config import Settings
from plynx.server.errors import error_response
from plynx.server.hosts import AllowedHosts, Authority, parse_authority, parse_origin

__all__ = ["CLIENT_HEADER", "SAFE_METHODS", "Refusal", "RequestGuard", "preflighted"]

log = logging.getLogger(__name__)

#: The header PLynx's clients send, which a page of another site cannot send unasked.
CLIENT_HEADER = "X-PLynx-Client"

#: Methods that change nothing on the server.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

JSON = "application/json"


class Refusal(NamedTuple):
    """Why a request is refused, and the HTTP status saying so."""

    status: int
    message: str


class RequestGuard:
    """ASGI middleware applying the three rules to every HTTP request of ``app``."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hosts = AllowedHosts(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self.refusal(scope["method"], Headers(scope=scope))
            if refusal is not None:
                log.warning("refused %s %s: %s", scope["method"], scope["path"],
                            refusal.message)
                await error_response(*refusal)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def refusal(self, method: str, headers: Headers) -> Refusal | None:
        """Why a request with ``method`` and ``headers`` is refused; None if it is not."""
        enforced = self.hosts.enforced
        host = headers.get("host", "")
        server = parse_authority(host)
        if enforced and (server is None or not self.hosts.allows(server.host)):
            return _unknown_host(host, server)
        if method in SAFE_METHODS:
            return None
        page = headers.get("origin") or headers.get("referer")
        if enforced and server is not None and page is not None:
            origin = parse_origin(page)
            if origin is None or not self.hosts.own_page(origin, server):
                return _foreign_page(str(origin) if origin else page)
        if not preflighted(headers):
            return _not_preflighted(method)
        return None


def preflighted(headers: Headers) -> bool:
    """Whether a browser would have sent these headers to another site only after a CORS
    preflight: a JSON content type, or a header no page may set unasked."""
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media_type == JSON or CLIENT_HEADER in headers or "authorization" in headers


def _unknown_host(host: str, server: Authority | None) -> Refusal:
    if not host:
        return Refusal(400, "the request has no Host header; send the name the server is "
                            "reached by (one of localhost or the allowed_hosts setting)")
    name = server.host if server else host
    return Refusal(400, f"the Host {host!r} is not a name of this server; if it is, add "
                        f"{name!r} to the allowed_hosts setting (PLYNX_ALLOWED_HOSTS)")


def _foreign_page(page: str) -> Refusal:
    return Refusal(403, f"a page at {page!r} may not change anything on this server: only "
                        "its own pages and those of the allowed_hosts setting may")


def _not_preflighted(method: str) -> Refusal:
    return Refusal(403, f"a {method} request must send JSON (Content-Type: {JSON}) or the "
                        f"header '{CLIENT_HEADER}: <any value>', which other web pages "
                        "cannot send")
