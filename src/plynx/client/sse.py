"""Server-sent events: splitting a ``text/event-stream`` into events.

Follows the WHATWG rules: ``field: value`` lines, a blank line ends an event, several
``data`` lines are joined with newlines, lines starting with ``:`` are comments, and an
event without data is not dispatched (its ``id`` still counts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerSentEvent:
    """One event: its type (``message`` unless named), data, and the last id seen."""

    event: str = "message"
    data: str = ""
    id: str | None = None
    retry: int | None = None


class SSEParser:
    """Turns lines (without their line endings) into events, one line at a time."""

    def __init__(self) -> None:
        self.last_id: str | None = None
        self._event = ""
        self._data: list[str] = []
        self._retry: int | None = None
        self._first = True

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line; return the event it completes, if any."""
        if self._first:
            self._first = False
            line = line.removeprefix("\ufeff")
        line = line.rstrip("\r\n")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            if "\0" not in value:
                self.last_id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        event, data, retry = self._event, self._data, self._retry
        self._event, self._data, self._retry = "", [], None
        if not data:
            return None
        return ServerSentEvent(event=event or "message", data="\n".join(data), id=self.last_id,
                               retry=retry)


def iter_sse(lines: Iterable[str]) -> Iterator[ServerSentEvent]:
    """The events carried by ``lines``; an event cut off by the end of the stream is dropped."""
    parser = SSEParser()
    for line in lines:
        event = parser.feed(line)
        if event is not None:
            yield event
