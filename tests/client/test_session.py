"""Requests to the API: base path, bearer tokens, their renewal, and errors."""

from __future__ import annotations

import io
import json

import httpx
import pytest

from plynx.client import ApiError, Client, ServerUnreachable
from plynx.client.session import Session
from plynx.errors import Problem
from plynx.server.request_guard import CLIENT_HEADER
from tests.server.live import free_port


def mock(handler) -> httpx.Client:  # noqa: ANN001
    return httpx.Client(transport=httpx.MockTransport(handler), base_url="http://plynx")


@pytest.mark.parametrize("url, expected", [
    ("http://h:5005", "http://h:5005/api/v1/x"),
    ("http://h:5005/", "http://h:5005/api/v1/x"),
    ("http://h/plynx/api/v1/", "http://h/plynx/api/v1/x"),
    (None, "/api/v1/x"),
])
def test_the_api_base(url: str | None, expected: str) -> None:
    assert Session(url, http=mock(lambda r: httpx.Response(200))).url("/x") == expected


def test_errors_carry_status_code_message_and_problems() -> None:
    body = {"error": {"code": "invalid_request", "message": "workflow is invalid (2 problem(s))",
                      "problems": [{"where": "nodes.a.inputs.x", "message": "missing"},
                                   {"where": "parameters.n", "message": "not an int"}]}}
    session = Session(None, http=mock(lambda r: httpx.Response(422, json=body)))
    with pytest.raises(ApiError) as caught:
        session.json("POST", "/workflows", json={})
    error = caught.value
    assert (error.status, error.code, error.message) == (
        422, "invalid_request", "workflow is invalid (2 problem(s))")
    assert error.problems == [Problem("nodes.a.inputs.x", "missing"),
                              Problem("parameters.n", "not an int")]
    assert str(error) == ("422 invalid_request: workflow is invalid (2 problem(s))\n"
                          "  - nodes.a.inputs.x: missing\n  - parameters.n: not an int")


def test_an_error_without_the_json_body() -> None:
    session = Session(None, http=mock(lambda r: httpx.Response(502, text="Bad gateway\n")))
    with pytest.raises(ApiError, match="^502 http_error: Bad gateway$"):
        session.request("GET", "/runs")
    empty = Session(None, http=mock(lambda r: httpx.Response(503)))
    with pytest.raises(ApiError, match="^503 http_error: Service Unavailable$"):
        empty.request("GET", "/runs")


def test_an_expired_access_token_is_renewed_once_with_the_refresh_token() -> None:
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("Authorization")))
        if request.url.path.endswith("/auth/refresh"):
            assert json.loads(request.content) == {"refresh_token": "r1"}
            return httpx.Response(200, json={"access_token": "a2", "refresh_token": "r2",
                                             "token_type": "bearer", "expires_in": 900})
        if request.headers.get("Authorization") != "Bearer a2":
            return httpx.Response(401, json={"error": {"code": "unauthorized",
                                                        "message": "token expired"}})
        return httpx.Response(200, json={"username": "alice"})

    session = Session(None, http=mock(handler), token="a1")
    session.tokens.refresh = "r1"
    assert session.json("GET", "/auth/me") == {"username": "alice"}
    assert seen == [("/api/v1/auth/me", "Bearer a1"), ("/api/v1/auth/refresh", None),
                    ("/api/v1/auth/me", "Bearer a2")]
    assert (session.tokens.access, session.tokens.refresh) == ("a2", "r2")


def test_every_request_says_it_comes_from_the_python_client() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get(CLIENT_HEADER))
        if request.url.path.endswith("/auth/refresh"):
            return httpx.Response(200, json={"access_token": "a2", "refresh_token": "r2"})
        if request.headers.get("Authorization") == "Bearer a1":
            return httpx.Response(401, json={"error": {"code": "unauthorized", "message": "x"}})
        return httpx.Response(200, text="data: {}\n\n")

    session = Session(None, http=mock(handler), token="a1")
    session.tokens.refresh = "r1"
    session.request("POST", "/runs/r/cancel")  # 401, refresh, again
    session.request("POST", "/artifacts", files={"file": ("a.txt", io.BytesIO(b"a"))})
    with session.stream("/events") as response:
        response.read()
    assert seen == ["python"] * 5


def test_a_401_without_a_refresh_token_is_an_error() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(401, json={"error": {"code": "unauthorized",
                                                    "message": "log in first"}})

    with pytest.raises(ApiError, match="^401 unauthorized: log in first$"):
        Session(None, http=mock(handler), token="plx_abc").json("GET", "/auth/me")
    assert calls == ["/api/v1/auth/me"]


def test_a_server_that_does_not_answer() -> None:
    with Client(f"http://127.0.0.1:{free_port()}", timeout=2) as client, \
            pytest.raises(ServerUnreachable, match="GET http://127.0.0.1:.*/api/v1/runs/x"):
        client.get_run("x")
