from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.console import Console

from plynx.cli.progress import SYMBOLS, LiveDisplay, describe, elapsed
from plynx.model import CacheDecision, NodeState, Status

START = datetime(2024, 1, 1, tzinfo=UTC)


def state(node_id: str, status: Status, **fields: object) -> NodeState:
    return NodeState(node_id=node_id, operation="op", status=status, **fields)


def test_every_status_has_its_own_symbol() -> None:
    assert set(SYMBOLS) == set(Status)
    assert len({mark for mark, _ in SYMBOLS.values()}) == len(Status)


def test_elapsed_time() -> None:
    done = state("a", Status.SUCCEEDED, started_at=START, finished_at=START + timedelta(seconds=3))
    assert elapsed(done) == 3
    running = state("b", Status.RUNNING, started_at=START)
    assert elapsed(running, now=START + timedelta(seconds=5)) == 5
    assert elapsed(state("c", Status.CREATED)) is None


def test_lines_describe_status_cache_and_errors() -> None:
    ran = state("seq", Status.SUCCEEDED, started_at=START, finished_at=START + timedelta(seconds=2),
                cache=CacheDecision(outcome="ran", reason="no entry"), attempts=1)
    assert describe(ran).endswith("✔ seq succeeded in 2.00s [ran: no entry]")
    hit = state("grep", Status.CACHED,
                cache=CacheDecision(outcome="hit", source_run="r1", source_node="grep"))
    assert describe(hit).endswith("↺ grep cached [hit (run r1, node grep)]")
    failed = state("sum", Status.FAILED, error="exit code 3")
    assert describe(failed).endswith("✘ sum failed: exit code 3")
    retry = state("sum", Status.RUNNING, attempts=2)
    assert describe(retry).endswith("▶ sum running (attempt 2)")


def test_the_live_table_shows_every_node() -> None:
    states = {
        "seq": state("seq", Status.SUCCEEDED, attempts=1, started_at=START,
                     finished_at=START + timedelta(seconds=1),
                     cache=CacheDecision(outcome="ran", reason="no entry")),
        "tp/fit": state("tp/fit", Status.RUNNING, attempts=2, started_at=START),
        "sum": state("sum", Status.CREATED),
    }
    display = LiveDisplay(states, title="Sums · run r1")
    display.update(state("sum", Status.FAILED, error="boom"))
    out = Console(record=True, width=120)
    out.print(display.render())
    text = out.export_text()
    assert "Sums · run r1" in text
    assert "✔ succeeded" in text and "ran: no entry" in text and "1.00s" in text
    assert "tp/fit" in text and "▶ running" in text
    assert "✘ failed" in text
    assert "1 running, 1 succeeded, 1 failed" in text
