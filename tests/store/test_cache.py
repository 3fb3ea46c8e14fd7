"""Cache entries: round trip, upsert by key, listing and filtered deletion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from plynx.model import Artifact, CacheEntry
from plynx.store import MetadataStore

T0 = datetime(2024, 5, 17, 12, 30, 45, 123456, tzinfo=UTC)


def entry(key: str, minute: int = 0, operation_id: str = "op-1", digest: str = "a") -> CacheEntry:
    return CacheEntry(
        key=key,
        outputs={"out": Artifact(digest=digest * 64, size=3)},
        run_id="run-1",
        node_id="c/inner",
        operation_id=operation_id,
        created_at=T0 + timedelta(minutes=minute),
        expires_at=T0 + timedelta(days=1),
    )


def test_round_trip_and_missing_key(store: MetadataStore) -> None:
    stored = entry("k1")
    store.put_cache_entry(stored)
    loaded = store.get_cache_entry("k1")
    assert loaded == stored
    assert loaded is not None and loaded.created_at.tzinfo is not None
    assert store.get_cache_entry("k2") is None


def test_put_replaces_the_entry_with_the_same_key(store: MetadataStore) -> None:
    store.put_cache_entry(entry("k1"))
    newer = entry("k1", minute=5, digest="b").model_copy(update={"expires_at": None})
    store.put_cache_entry(newer)
    assert store.get_cache_entry("k1") == newer
    assert store.list_cache_entries() == [newer]


def test_list_newest_first(store: MetadataStore) -> None:
    for key, minute in (("k1", 1), ("k2", 3), ("k3", 2)):
        store.put_cache_entry(entry(key, minute))
    assert [e.key for e in store.list_cache_entries()] == ["k2", "k3", "k1"]


@pytest.mark.parametrize(
    ("filters", "deleted", "left"),
    [
        ({}, 4, []),
        ({"keys": ["k1", "k3", "unknown"]}, 2, ["k2", "k4"]),
        ({"keys": []}, 0, ["k1", "k2", "k3", "k4"]),
        ({"older_than": T0 + timedelta(minutes=2)}, 2, ["k3", "k4"]),
        ({"operation_id": "op-2"}, 2, ["k1", "k3"]),
        ({"operation_id": "op-2", "older_than": T0 + timedelta(minutes=2)}, 1, ["k1", "k3", "k4"]),
        ({"keys": ["k1", "k2"], "operation_id": "op-2"}, 1, ["k1", "k3", "k4"]),
    ],
)
def test_delete_with_filters(
    store: MetadataStore, filters: dict[str, object], deleted: int, left: list[str]
) -> None:
    store.put_cache_entry(entry("k1", 0, "op-1"))
    store.put_cache_entry(entry("k2", 1, "op-2"))
    store.put_cache_entry(entry("k3", 2, "op-1"))
    store.put_cache_entry(entry("k4", 3, "op-2"))
    assert store.delete_cache_entries(**filters) == deleted  # type: ignore[arg-type]
    assert sorted(e.key for e in store.list_cache_entries()) == left


def test_delete_many_keys(store: MetadataStore) -> None:
    keys = [f"k{i}" for i in range(1200)]
    for key in keys[:5]:
        store.put_cache_entry(entry(key))
    assert store.delete_cache_entries(keys=keys) == 5
    assert store.list_cache_entries() == []
