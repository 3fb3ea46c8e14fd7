"""``plynx cache``: list and clear cache entries, and collect unreferenced artifacts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import click

from plynx.cli.engine import open_engine
from plynx.cli.options import Duration
from plynx.cli.output import human_size, local_time, print_table
from plynx.errors import NotFound
from plynx.model import CacheEntry

if TYPE_CHECKING:
    from plynx.store import MetadataStore

#: How many characters of keys and run ids are shown.
SHORT = 12


@click.group()
def cache() -> None:
    """Inspect and clean the cache of node results."""


@cache.command("list")
def list_entries() -> None:
    """List cache entries, newest first."""
    with open_engine() as engine:
        entries = engine.store.list_cache_entries()
        names = _operation_names(engine.store, entries)
    if not entries:
        click.echo("the cache is empty")
        return
    rows = [
        [entry.key[:SHORT], names.get(entry.operation_id, entry.operation_id[:SHORT]),
         entry.node_id, entry.run_id[:SHORT], local_time(entry.created_at),
         local_time(entry.expires_at) if entry.expires_at else "never",
         human_size(sum(a.size for a in entry.outputs.values()))]
        for entry in entries
    ]
    print_table(["key", "operation", "node", "run", "created", "expires", "size"], rows)


def _operation_names(store: MetadataStore, entries: list[CacheEntry]) -> dict[str, str]:
    """Operation names by id, read from the runs the entries came from."""
    names: dict[str, str] = {}
    for run_id in dict.fromkeys(entry.run_id for entry in entries):
        try:
            run = store.get_run(run_id)
        except NotFound:
            continue
        names.update({op_id: op.name for op_id, op in run.workflow.operations.items()})
    return names


@cache.command()
@click.option("--older-than", type=Duration(), metavar="DURATION",
              help="Only entries created longer ago than DURATION (such as 12h or 7d).")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
def clear(older_than: float | None, yes: bool) -> None:
    """Delete cache entries (their artifacts are freed by `plynx cache gc`)."""
    cutoff = datetime.now(UTC) - timedelta(seconds=older_than) if older_than else None
    with open_engine() as engine:
        matching = [e for e in engine.store.list_cache_entries()
                    if cutoff is None or e.created_at < cutoff]
        if not matching:
            click.echo("no cache entries to delete")
            return
        scope = f" created before {local_time(cutoff)}" if cutoff else ""
        if not yes:
            click.confirm(f"Delete {len(matching)} cache entr{'y' if len(matching) == 1 else 'ies'}"
                          f"{scope}?", abort=True)
        deleted = engine.store.delete_cache_entries(keys=[e.key for e in matching])
    click.echo(f"deleted {deleted} cache entr{'y' if deleted == 1 else 'ies'}; "
               "run `plynx cache gc` to free their artifacts")


@cache.command()
@click.option("--dry-run", is_flag=True, help="Only report what would be deleted.")
@click.option("--grace", type=Duration(allow_zero=True), metavar="DURATION", default="15m",
              show_default=True, help="Spare artifacts stored more recently than this.")
def gc(dry_run: bool, grace: float) -> None:
    """Delete artifacts that no cache entry, kept or active run, or workflow refers to."""
    with open_engine() as engine:
        report = engine.collect_garbage(dry_run=dry_run, grace_seconds=grace)
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{verb} {report.deleted} artifact(s), {human_size(report.freed_bytes)}; "
               f"kept {report.kept}")
