"""The content-addressed artifact store: outputs kept under the SHA-256 of their bytes."""

from plynx.artifacts.archive import Entry, extract_archive, list_archive, pack_directory
from plynx.artifacts.hashing import hash_bytes, hash_file, is_digest
from plynx.artifacts.store import ArtifactStore, open_store

__all__ = [
    "ArtifactStore",
    "Entry",
    "extract_archive",
    "hash_bytes",
    "hash_file",
    "is_digest",
    "list_archive",
    "open_store",
    "pack_directory",
]
