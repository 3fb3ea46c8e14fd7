"""Splitting a text/event-stream into events, as the WHATWG rules say."""

from __future__ import annotations

from plynx.client.sse import ServerSentEvent, SSEParser, iter_sse


def test_events_fields_comments_and_ids() -> None:
    lines = [
        "\ufeff: changes after 7",
        "id: 7",
        "",
        "event: node",
        "data: {\"a\":",
        "data:  1}",
        "id: 8",
        "retry: 3000",
        "",
        ": keep-alive",
        "",
        "data:plain",
        "unknown: field",
        "",
        "event: run",
        "data",
        "",
        "event: cut off",
        "data: never ends",
    ]
    assert list(iter_sse(lines)) == [
        ServerSentEvent(event="node", data="{\"a\":\n 1}", id="8", retry=3000),
        ServerSentEvent(event="message", data="plain", id="8"),
        ServerSentEvent(event="run", data="", id="8"),
    ]


def test_an_event_without_data_still_moves_the_last_id() -> None:
    parser = SSEParser()
    for line in (": hello", "id: 41", ""):
        assert parser.feed(line) is None
    assert parser.last_id == "41"
    assert parser.feed("id") is None  # an empty id resets it
    assert parser.last_id == ""


def test_line_endings_are_ignored() -> None:
    parser = SSEParser()
    assert parser.feed("data: x\r\n") is None
    assert parser.feed("\r\n") == ServerSentEvent(data="x")
