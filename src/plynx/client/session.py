"""HTTP with the API: its base path, bearer tokens, refreshing them, and errors as ApiError.

Any ``httpx.Client``-like object works as the transport (FastAPI's ``TestClient`` too), so
tests can talk to an application in the same process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any, BinaryIO, Protocol

import httpx

from plynx.client.errors import ApiError, ServerUnreachable
from plynx.errors import Problem

#: Where the API lives under a server's address.
API_PATH = "/api/v1"
#: Seconds a request may take before it fails, for the HTTP client the session makes.
DEFAULT_TIMEOUT = 60.0
#: Sent with every request: the server refuses a state-changing request that is neither
#: JSON nor carries this header, which web pages of other sites cannot send
#: (``plynx.server.request_guard.CLIENT_HEADER``).
CLIENT_HEADERS = {"X-PLynx-Client": "python"}


class HttpResponse(Protocol):
    """What the client reads of a response (``httpx.Response`` and look-alikes)."""

    status_code: int

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def content(self) -> bytes: ...

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...

    def read(self) -> bytes: ...

    def iter_lines(self) -> Iterator[str]: ...

    def iter_text(self) -> Iterator[str]: ...


class HttpClient(Protocol):
    """What the client needs of an HTTP client (``httpx.Client`` and look-alikes)."""

    def request(self, method: str, url: str, *, json: Any = None, params: Any = None,
                headers: Any = None, files: Any = None) -> Any: ...

    def stream(self, method: str, url: str, *, params: Any = None, headers: Any = None,
               timeout: Any = ...) -> AbstractContextManager[Any]: ...

    def close(self) -> None: ...


class Tokens:
    """The bearer token sent with each request, and how to get a new one after a 401."""

    def __init__(self, access: str | None = None, refresh: str | None = None) -> None:
        self.access = access
        self.refresh = refresh
        self.lock = threading.Lock()


class StreamSilent(ServerUnreachable):
    """A stream sent nothing for longer than its read timeout."""


def error_of(response: HttpResponse) -> ApiError:
    """The ApiError a failed response stands for, whatever its body."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = body.get("error") if isinstance(body, dict) else None
    if isinstance(detail, dict):
        problems = [Problem(str(p.get("where", "")), str(p.get("message", "")))
                    for p in detail.get("problems") or [] if isinstance(p, dict)]
        return ApiError(status, str(detail.get("code", "error")),
                        str(detail.get("message", "")), problems)
    text = response.text.strip()[:500] if response.content else ""
    return ApiError(status, "http_error", text or httpx.codes.get_reason_phrase(status))


class Session:
    """Requests to one server's API, authenticated and with errors raised as ApiError."""

    def __init__(self, url: str | None, http: HttpClient | None = None,
                 token: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.base = _api_base(url)
        self.owns_http = http is None
        self.http: HttpClient = http if http is not None else httpx.Client(timeout=timeout)
        self.tokens = Tokens(access=token)
        self.timeout = timeout

    def close(self) -> None:
        if self.owns_http:
            self.http.close()

    def url(self, path: str) -> str:
        return self.base + path

    def request(self, method: str, path: str, *, json: Any = None,
                params: Mapping[str, Any] | None = None,
                files: Mapping[str, tuple[str, BinaryIO]] | None = None) -> Any:
        """Send a request; the response when it succeeded, else ApiError."""
        for attempt in (1, 2):
            sent = self.tokens.access
            for _name, handle in (files or {}).values():
                handle.seek(0)  # a retry sends the whole file again
            try:
                response = self.http.request(method, self.url(path), json=json,
                                             params=_query(params), headers=self._headers(),
                                             files=files)
            except httpx.TransportError as exc:
                raise ServerUnreachable(f"{method} {self.url(path)}: {exc}") from None
            if response.status_code == 401 and attempt == 1 and self._renew(sent):
                continue
            if response.status_code >= 400:
                raise error_of(response)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request; its JSON answer (None for an empty one)."""
        response = self.request(method, path, **kwargs)
        return response.json() if response.content else None

    @contextmanager
    def stream(self, path: str, *, params: Mapping[str, Any] | None = None,
               headers: Mapping[str, str] | None = None,
               read_timeout: float | None = None) -> Iterator[Any]:
        """A streamed GET whose status was checked; ``read_timeout`` bounds each wait."""
        for attempt in (1, 2):
            sent = self.tokens.access
            # a client given by the caller keeps its own timeouts (FastAPI's TestClient
            # refuses any)
            timeout = ({"timeout": (self.timeout, read_timeout, self.timeout, self.timeout)}
                       if self.owns_http else {})
            opened = False
            try:
                with self.http.stream("GET", self.url(path), params=_query(params),
                                      headers={**self._headers(), **(headers or {})},
                                      **timeout) as response:
                    if response.status_code == 401 and attempt == 1:
                        response.read()
                        if self._renew(sent):
                            continue
                    if response.status_code >= 400:
                        response.read()
                        raise error_of(response)
                    opened = True
                    yield response
                    return
            except httpx.ReadTimeout:
                if not opened:
                    raise ServerUnreachable(f"GET {self.url(path)}: no answer") from None
                raise StreamSilent(f"GET {self.url(path)}: nothing new for "
                                   f"{read_timeout} s") from None
            except httpx.TransportError as exc:
                raise ServerUnreachable(f"GET {self.url(path)}: {exc}") from None

    def _headers(self) -> dict[str, str]:
        token = self.tokens.access
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        return {**CLIENT_HEADERS, **auth}

    def _renew(self, sent: str | None) -> bool:
        """After a 401: trade the refresh token for new tokens; whether a retry may help."""
        with self.tokens.lock:
            if self.tokens.access != sent:  # another thread renewed meanwhile
                return True
            if not self.tokens.refresh:
                return False
            try:
                response = self.http.request("POST", self.url("/auth/refresh"),
                                             json={"refresh_token": self.tokens.refresh},
                                             headers=CLIENT_HEADERS)
            except httpx.TransportError as exc:
                raise ServerUnreachable(f"POST {self.url('/auth/refresh')}: {exc}") from None
            if response.status_code >= 400:
                self.tokens.refresh = None
                return False
            body = response.json()
            self.tokens.access = body["access_token"]
            self.tokens.refresh = body.get("refresh_token", self.tokens.refresh)
            return True


def _api_base(url: str | None) -> str:
    """The API's base URL: ``url`` + ``/api/v1`` (unless given), or the path alone."""
    if url is None:
        return API_PATH
    base = url.rstrip("/")
    return base if base.endswith(API_PATH) else base + API_PATH


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if params is None:
        return None
    return {k: ("true" if v is True else "false" if v is False else v)
            for k, v in params.items() if v is not None}
