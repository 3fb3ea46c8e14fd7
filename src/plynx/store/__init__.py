"""The metadata store: SQLAlchemy tables, the repository and its Alembic migrations."""

from plynx.store.metadata import MetadataStore

__all__ = ["MetadataStore"]
