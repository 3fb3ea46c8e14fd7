"""The database hub: published operations in the metadata store."""

from __future__ import annotations

from plynx.hubs.base import Hub
from plynx.model import Operation, OperationStatus
from plynx.store import MetadataStore


class DatabaseHub(Hub):
    """The newest published version of every operation stored in the metadata store."""

    name = "database"
    description = "published operations stored in PLynx, and your drafts"

    def __init__(self, store: MetadataStore) -> None:
        self.store = store

    def operations(self) -> list[Operation]:
        newest: dict[str, Operation] = {}
        for op in self.store.list_operations(status=OperationStatus.PUBLISHED):
            if op.name not in newest or op.version > newest[op.name].version:
                newest[op.name] = op
        return sorted(newest.values(), key=lambda op: op.name)
