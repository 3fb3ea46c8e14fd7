"""Showing a run's progress: a live table on a terminal, one line per change elsewhere."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime
from types import TracebackType

import click
from rich.console import Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from plynx.cli.output import console, human_duration
from plynx.model import NodeState, Status

#: A symbol and a colour per status: the symbol alone must tell them apart.
SYMBOLS: dict[Status, tuple[str, str]] = {
    Status.CREATED: ("·", "dim"),
    Status.QUEUED: ("○", "dim"),
    Status.RUNNING: ("▶", "bold blue"),
    Status.SUCCEEDED: ("✔", "green"),
    Status.CACHED: ("↺", "cyan"),
    Status.FAILED: ("✘", "bold red"),
    Status.CANCELED: ("⊘", "yellow"),
    Status.SKIPPED: ("↷", "dim"),
}


def symbol(status: Status) -> str:
    return SYMBOLS[status][0]


def elapsed(state: NodeState, now: datetime | None = None) -> float | None:
    """Seconds the node ran (so far, if it still runs); None before it started."""
    if state.started_at is None:
        return None
    end = state.finished_at or now or datetime.now(UTC)
    return max(0.0, (end - state.started_at).total_seconds())


class Display:
    """Receives node states as they change; shows nothing (``--quiet``)."""

    def __init__(self, states: dict[str, NodeState]) -> None:
        self.states = {node_id: state.model_copy() for node_id, state in states.items()}
        self._lock = threading.Lock()

    def update(self, state: NodeState) -> None:
        """Record a changed state (copied: the engine may go on changing its own object)."""
        with self._lock:
            self.states[state.node_id] = state.model_copy()

    def __enter__(self) -> Display:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None


class LineDisplay(Display):
    """One plain line per status change, for logs and pipes."""

    def __enter__(self) -> LineDisplay:
        with self._lock:
            started = [s for s in self.states.values() if s.status is not Status.CREATED]
        for state in started:
            click.echo(describe(state))
        return self

    def update(self, state: NodeState) -> None:
        with self._lock:
            previous = self.states.get(state.node_id)
            self.states[state.node_id] = state.model_copy()
        if previous is not None and (previous.status, previous.attempts) == (
            state.status, state.attempts
        ):
            return
        click.echo(describe(state))


def describe(state: NodeState) -> str:
    """A one-line account of a node state."""
    clock = datetime.now().strftime("%H:%M:%S")
    text = f"{clock} {symbol(state.status)} {state.node_id} {state.status.value}"
    if state.status is Status.RUNNING and state.attempts > 1:
        text += f" (attempt {state.attempts})"
    seconds = elapsed(state)
    if state.status.is_terminal and seconds is not None and state.status is not Status.CACHED:
        text += f" in {human_duration(seconds)}"
    if state.cache is not None and state.status.is_terminal:
        text += f" [{state.cache}]"
    if state.error and state.status is Status.FAILED:
        text += f": {state.error}"
    return text


class LiveDisplay(Display):
    """A table redrawn several times a second: node, status, attempts, cache, duration."""

    def __init__(self, states: dict[str, NodeState], title: str) -> None:
        super().__init__(states)
        self.title = title
        self._live = Live(get_renderable=self.render, console=console(), refresh_per_second=4,
                          transient=False)

    def __enter__(self) -> LiveDisplay:
        self._live.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._live.refresh()
        self._live.__exit__(kind, exc, tb)

    def render(self) -> Group:
        with self._lock:
            states = list(self.states.values())
        now = datetime.now(UTC)
        table = Table(title=self.title, title_justify="left", expand=False)
        for header in ("node", "status", "attempts", "cache", "duration"):
            table.add_column(header, justify="right" if header in ("attempts", "duration")
                             else "left")
        for state in states:
            mark, style = SYMBOLS[state.status]
            seconds = elapsed(state, now)
            table.add_row(
                state.node_id,
                Text(f"{mark} {state.status.value}", style=style),
                str(state.attempts) if state.attempts else "",
                str(state.cache) if state.cache is not None else "",
                human_duration(seconds) if seconds is not None else "",
            )
        counts = Counter(state.status for state in states)
        summary = ", ".join(f"{counts[s]} {s.value}" for s in SYMBOLS if counts[s])
        return Group(table, Text(summary, style="dim"))
