"""Faster listings: runs by author and status together, by words of their titles, and the
newest versions of operations (an index that holds ``archived`` too).

PostgreSQL gets a trigram index on ``lower(title)`` (the ``pg_trgm`` extension, created in
the ``public`` schema when it is not there yet; without the right to create it, a plain
index is used instead). SQLite gets a plain index on ``title``: a ``LIKE '%word%'`` cannot
seek in it, but counting matches scans the small index instead of the whole table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLAIN = "ix_runs_title"
TRIGRAMS = "ix_runs_title_trigrams"


def upgrade() -> None:
    op.drop_index("ix_operations_name_version", table_name="operations")
    op.create_index("ix_operations_name_version_archived", "operations",
                    ["name", "version", "archived"])
    op.create_index("ix_runs_author_status_created_at", "runs",
                    ["author", "status", "created_at"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
                op.execute(f"CREATE INDEX {TRIGRAMS} ON runs "
                           "USING gin (lower(title) public.gin_trgm_ops)")
            return
        except DBAPIError:  # no right to create the extension: the plain index helps less
            pass
    op.create_index(PLAIN, "runs", ["title"])


def downgrade() -> None:
    op.drop_index("ix_runs_author_status_created_at", table_name="runs")
    op.drop_index("ix_operations_name_version_archived", table_name="operations")
    op.create_index("ix_operations_name_version", "operations", ["name", "version"])
    op.execute(f"DROP INDEX IF EXISTS {TRIGRAMS}")
    op.execute(f"DROP INDEX IF EXISTS {PLAIN}")
