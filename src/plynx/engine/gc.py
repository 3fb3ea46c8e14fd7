"""Garbage collection of artifacts nothing refers to any more."""

from __future__ import annotations

import time
from dataclasses import dataclass

from plynx.artifacts import ArtifactStore
from plynx.store import MetadataStore


@dataclass
class GcReport:
    """What a garbage collection deleted (or would delete, in a dry run)."""

    deleted: int = 0
    freed_bytes: int = 0
    kept: int = 0


#: Artifacts stored less than this many seconds ago are never collected: a task may have
#: stored them without its node being recorded yet.
GRACE_SECONDS = 15 * 60


def collect_garbage(store: MetadataStore, artifacts: ArtifactStore, dry_run: bool = False,
                    grace_seconds: float = GRACE_SECONDS) -> GcReport:
    """Delete every stored artifact that no cache entry, kept or active run, or file
    operation refers to, and that was not stored within the last ``grace_seconds``.
    """
    present = set(artifacts.digests())
    referenced = store.referenced_digests()
    recent = time.time() - grace_seconds
    report = GcReport()
    doomed = []
    for digest in sorted(present):
        if digest in referenced or artifacts.modified(digest) > recent:
            report.kept += 1
            continue
        report.freed_bytes += artifacts.size(digest)
        doomed.append(digest)
    report.deleted = len(doomed)
    if not dry_run:
        for digest in doomed:
            artifacts.delete(digest)
        store.delete_artifacts(doomed)
    return report
