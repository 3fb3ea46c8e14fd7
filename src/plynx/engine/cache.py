"""Cache keys and cache decisions.

The key of a node execution hashes what determines its outputs and nothing else: the
kind, the code (the template or program text), the resolved parameter values, the content
digests of every input in declared order, the declared outputs, the declared environment
and the operation's cache version. Never ids, names or paths. Because outputs are stored by
content, keys chain: an upstream re-run that produces the same bytes keeps downstream hits.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from plynx.kinds.base import Kind
from plynx.model import Artifact, CacheDecision, CacheEntry, Operation, RunOptions

HIT = "hit"
RAN = "ran"


def cache_key(operation: Operation, kind: Kind, params: dict[str, Any],
              inputs: dict[str, list[Artifact]]) -> str:
    """The hex SHA-256 identifying an execution by everything that determines its result."""
    material = {
        "kind": operation.kind,
        "code": kind.cache_material(operation),
        "params": params,
        "inputs": [[i.name, i.type, [a.digest for a in inputs.get(i.name, [])]]
                   for i in operation.inputs],
        "outputs": [[o.name, o.type] for o in operation.outputs],
        "env": {**kind.environment(operation), **operation.env},
        "cache_version": operation.cache.version,
    }
    text = json.dumps(material, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def miss_reason(operation: Operation, options: RunOptions) -> str | None:
    """Why the cache must not be read for this node, or None when it may be."""
    if options.no_cache:
        return "no cache"
    if not operation.cache.enabled:
        return "cache off"
    if options.refresh:
        return "refresh"
    return None


def decide(entry: CacheEntry | None, now: datetime) -> CacheDecision:
    """Hit when ``entry`` exists and has not expired; else a miss with its reason."""
    if entry is None:
        return CacheDecision(outcome=RAN, reason="no entry")
    if entry.expires_at is not None and entry.expires_at <= now:
        return CacheDecision(outcome=RAN, reason="expired")
    return CacheDecision(outcome=HIT, source_run=entry.run_id, source_node=entry.node_id)


def should_store(operation: Operation, options: RunOptions) -> bool:
    """Whether a successful execution is written to the cache."""
    return operation.cache.enabled and not options.no_cache


def expiry(operation: Operation, now: datetime) -> datetime | None:
    """When an entry written now stops being valid."""
    seconds = operation.cache.expiry_seconds
    return now + timedelta(seconds=seconds) if seconds else None
