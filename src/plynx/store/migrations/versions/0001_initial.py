"""Initial schema: operations, workflows, runs, node states, cache entries, artifacts.

Revision ID: 0001
Revises:
Create Date: 2024-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(255)
NODE_ID = sa.String(1024)
STATUS = sa.String(32)
DIGEST = sa.String(64)
CACHE_KEY = sa.String(128)


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "operations",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("successor", ID, nullable=True),
        sa.Column("artifact", DIGEST, nullable=True),
        sa.Column("author", sa.String(255), nullable=False),
        _time("created_at"),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_operations"),
    )
    op.create_index("ix_operations_name_version", "operations", ["name", "version"])
    op.create_index("ix_operations_status", "operations", ["status"])

    op.create_table(
        "workflows",
        sa.Column("id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("author", sa.String(255), nullable=False),
        _time("created_at"),
        _time("updated_at"),
        sa.Column("digests", sa.JSON(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workflows"),
    )
    op.create_index("ix_workflows_updated_at", "workflows", ["updated_at"])

    op.create_table(
        "runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("workflow_id", ID, nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("keep", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(255), nullable=False),
        sa.Column("owner", sa.String(255), nullable=True),
        _time("created_at"),
        _time("started_at", nullable=True),
        _time("finished_at", nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("digests", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_index("ix_runs_created_at", "runs", ["created_at"])
    op.create_index("ix_runs_status_created_at", "runs", ["status", "created_at"])
    op.create_index("ix_runs_workflow_id_created_at", "runs", ["workflow_id", "created_at"])

    op.create_table(
        "node_states",
        sa.Column("run_id", ID, nullable=False),
        sa.Column("node_id", NODE_ID, nullable=False),
        sa.Column("parent", NODE_ID, nullable=True),
        sa.Column("operation", ID, nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("started_at", nullable=True),
        _time("finished_at", nullable=True),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("cache_key", CACHE_KEY, nullable=True),
        sa.Column("cache", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name="fk_node_states_run_id_runs", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "node_id", name="pk_node_states"),
    )

    op.create_table(
        "cache_entries",
        sa.Column("key", CACHE_KEY, nullable=False),
        sa.Column("run_id", ID, nullable=False),
        sa.Column("node_id", NODE_ID, nullable=False),
        sa.Column("operation_id", ID, nullable=False),
        _time("created_at"),
        _time("expires_at", nullable=True),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_cache_entries"),
    )
    op.create_index("ix_cache_entries_created_at", "cache_entries", ["created_at"])
    op.create_index("ix_cache_entries_operation_id", "cache_entries", ["operation_id"])

    op.create_table(
        "artifacts",
        sa.Column("digest", DIGEST, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("directory", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_artifacts"),
    )


def downgrade() -> None:
    op.drop_table("artifacts")
    op.drop_index("ix_cache_entries_operation_id", table_name="cache_entries")
    op.drop_index("ix_cache_entries_created_at", table_name="cache_entries")
    op.drop_table("cache_entries")
    op.drop_table("node_states")
    op.drop_index("ix_runs_workflow_id_created_at", table_name="runs")
    op.drop_index("ix_runs_status_created_at", table_name="runs")
    op.drop_index("ix_runs_created_at", table_name="runs")
    op.drop_table("runs")
    op.drop_index("ix_workflows_updated_at", table_name="workflows")
    op.drop_table("workflows")
    op.drop_index("ix_operations_status", table_name="operations")
    op.drop_index("ix_operations_name_version", table_name="operations")
    op.drop_table("operations")
