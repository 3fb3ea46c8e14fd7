"""``plynx cache``: listing, clearing and garbage collection after real runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import SUMS
from tests.conftest import Invoke

Project = Callable[[str, str], Path]


def test_an_empty_cache(invoke: Invoke) -> None:
    assert invoke("cache", "list").output == "the cache is empty\n"
    assert invoke("cache", "clear", "--yes").output == "no cache entries to delete\n"


def test_entries_are_listed_cleared_and_collected(invoke: Invoke, project: Project) -> None:
    assert invoke("run", project("sums.yaml", SUMS), "-q").exit_code == 0

    listing = invoke("cache", "list")
    assert listing.exit_code == 0
    header, *rows = listing.output.splitlines()
    assert header.split() == ["key", "operation", "node", "run", "created", "expires", "size"]
    assert sorted(row.split()[1] for row in rows) == ["grep", "seq", "sum"]
    assert sorted(row.split()[2] for row in rows) == ["grep", "seq", "sum"]
    assert all("never" in row for row in rows)

    dry = invoke("cache", "gc", "--dry-run", "--grace", "0")
    assert dry.exit_code == 0
    assert dry.output.startswith("would delete 0 artifact(s), 0 B; kept ")

    assert invoke("cache", "clear", "--older-than", "1d", "--yes").output == (
        "no cache entries to delete\n"
    )
    declined = invoke("cache", "clear", input="n\n")
    assert declined.exit_code == 1
    assert "Delete 3 cache entries?" in declined.output
    assert len(invoke("cache", "list").output.splitlines()) == 4

    cleared = invoke("cache", "clear", input="y\n")
    assert cleared.exit_code == 0
    assert "deleted 3 cache entries" in cleared.output
    assert invoke("cache", "list").output == "the cache is empty\n"

    collected = invoke("cache", "gc", "--grace", "0")
    assert collected.exit_code == 0
    assert collected.output.startswith("deleted 3 artifact(s)")
    assert invoke("cache", "gc", "--grace", "0").output.startswith("deleted 0 artifact(s)")


def test_recently_stored_artifacts_are_spared(invoke: Invoke, project: Project) -> None:
    assert invoke("run", project("sums.yaml", SUMS), "-q").exit_code == 0
    invoke("cache", "clear", "--yes")
    assert invoke("cache", "gc").output.startswith("deleted 0 artifact(s)")
    assert invoke("cache", "gc", "--grace", "0").output.startswith("deleted 3 artifact(s)")


def test_kept_runs_protect_their_outputs(invoke: Invoke, project: Project) -> None:
    assert invoke("run", project("sums.yaml", SUMS), "-q", "--keep").exit_code == 0
    invoke("cache", "clear", "--yes")
    assert invoke("cache", "gc", "--grace", "0").output.startswith("deleted 0 artifact(s)")


def test_a_bad_duration_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("cache", "clear", "--older-than", "soon")
    assert result.exit_code == 2
    assert "expected a duration" in result.stderr
