"""Schema migrations: Alembic, run programmatically from the scripts shipped in the package.

No ``alembic.ini`` is needed. To write a new revision, point Alembic at a database that is
at head and let it compare::

    from alembic import command
    from plynx.store.migrate import alembic_config

    command.revision(alembic_config("sqlite:///dev.db"), "add x", autogenerate=True)
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Connection, Engine

from plynx.errors import ConfigError
from plynx.store.database import writer

#: Folder holding ``env.py`` and ``versions/``.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Any fixed number: concurrent upgrades of one PostgreSQL database run one after another.
_PG_LOCK_KEY = 0x706C796E78


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic configuration for the shipped migrations, on ``url`` or ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one transaction."""
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        try:
            command.upgrade(alembic_config(connection=connection), revision)
        except CommandError as exc:
            # For example a database written by a newer PLynx, at a revision unknown here.
            raise ConfigError(f"cannot migrate the database {engine.url!r}: {exc}") from None


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
