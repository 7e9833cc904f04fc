"""Database schema changes, through Alembic: every start brings the audit database to the newest schema."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0012"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Alembic's configuration for Comptoir's migrations, without an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest schema; a database made before migrations is first recognised.

    Several processes may start at once: one migrates while the others wait for it (a PostgreSQL advisory
    lock, or a lock file next to a SQLite database), then find nothing left to do.
    """
    with _exclusive(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        inspector = sa.inspect(connection)
        tables = set(inspector.get_table_names())
        config = alembic_config(connection)
        if "alembic_version" not in tables and "conversations" in tables:
            columns = {column["name"] for column in inspector.get_columns("conversations")}
            command.stamp(config, "0002" if "keep_originals" in columns else "0001")
        command.upgrade(config, "head")


_LOCK_KEY = 0x436F6D70  # "Comp"


@contextmanager
def _exclusive(engine: Engine) -> Iterator[None]:
    """A lock file beside a SQLite database (PostgreSQL locks inside the transaction instead)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def revision(engine: Engine) -> str | None:
    """The schema revision the database is at."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
