"""Server: users, API tokens, stars, uploads, search columns and the change sequence.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from plynx.store.searching import operation_search_values, workflow_search_text

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(255)
DIGEST = sa.String(64)


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), server_default="", nullable=False)


def _seq() -> sa.Column:
    return sa.Column("seq", sa.BigInteger(), server_default="0", nullable=False)


def upgrade() -> None:
    for column in (_flag("archived"), _text("search_text"), _text("input_types"),
                   _text("output_types")):
        op.add_column("operations", column)
    op.create_index("ix_operations_created_at", "operations", ["created_at"])
    op.add_column("workflows", _flag("archived"))
    op.add_column("workflows", _text("search_text"))
    op.add_column("runs", _flag("cancel_requested"))
    op.add_column("runs", _seq())
    op.create_index("ix_runs_seq", "runs", ["seq"])
    op.create_index("ix_runs_author_created_at", "runs", ["author", "created_at"])
    op.add_column("node_states", _seq())
    op.create_index("ix_node_states_seq", "node_states", ["seq"])

    op.create_table(
        "sequences",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_sequences"),
    )
    op.create_table(
        "users",
        sa.Column("id", ID, nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("policies", sa.JSON(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        _time("created_at"),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("digest", DIGEST, nullable=False),
        _time("created_at"),
        _time("last_used_at", nullable=True),
        _time("expires_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_api_tokens_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("digest", name="uq_api_tokens_digest"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "stars",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("operation_name", sa.String(255), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_stars_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "operation_name", name="pk_stars"),
    )
    op.create_table(
        "uploads",
        sa.Column("id", ID, nullable=False),
        sa.Column("digest", DIGEST, nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("author", sa.String(255), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_uploads"),
    )
    op.create_index("ix_uploads_digest", "uploads", ["digest"])
    _backfill_search_columns()


def _backfill_search_columns() -> None:
    bind = op.get_bind()
    operations = sa.table("operations", sa.column("id"), sa.column("body", sa.JSON()),
                          sa.column("search_text"), sa.column("input_types"),
                          sa.column("output_types"))
    for row in bind.execute(sa.select(operations.c.id, operations.c.body)).all():
        bind.execute(operations.update().where(operations.c.id == row.id)
                     .values(operation_search_values(row.body)))
    workflows = sa.table("workflows", sa.column("id"), sa.column("body", sa.JSON()),
                         sa.column("search_text"))
    for row in bind.execute(sa.select(workflows.c.id, workflows.c.body)).all():
        bind.execute(workflows.update().where(workflows.c.id == row.id)
                     .values(search_text=workflow_search_text(row.body)))


def downgrade() -> None:
    op.drop_index("ix_uploads_digest", table_name="uploads")
    op.drop_table("uploads")
    op.drop_table("stars")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("sequences")
    with op.batch_alter_table("node_states") as batch:
        batch.drop_index("ix_node_states_seq")
        batch.drop_column("seq")
    with op.batch_alter_table("runs") as batch:
        batch.drop_index("ix_runs_author_created_at")
        batch.drop_index("ix_runs_seq")
        batch.drop_column("seq")
        batch.drop_column("cancel_requested")
    with op.batch_alter_table("workflows") as batch:
        batch.drop_column("search_text")
        batch.drop_column("archived")
    with op.batch_alter_table("operations") as batch:
        batch.drop_index("ix_operations_created_at")
        for name in ("output_types", "input_types", "search_text", "archived"):
            batch.drop_column(name)
