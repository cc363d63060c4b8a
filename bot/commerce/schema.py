"""Versioned schema: a fresh database gets today's tables, an older one each upgrade in turn.

The version applied is recorded in `schema_version` (one row per step, with
when). MIGRATIONS[0] is version 1, the first create; MIGRATIONS[n] turns a
database at version n into version n + 1. A new version appends a function
here (and changes models.py to match); released functions are never edited.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable, Sequence

from sqlalchemy import Column, Integer, MetaData, Table, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from bot.commerce.models import Base, UTCDateTime

Migration = Callable[[Connection], None]

_version_metadata = MetaData()
schema_version = Table(
    "schema_version",
    _version_metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

# Serialises concurrent starts (several action-server replicas) on PostgreSQL.
_PG_LOCK_KEY = 0x6B6566 + 1  # "kef" + 1


class SchemaError(RuntimeError):
    """The database is not in a state this code can use or upgrade."""


def _v1_create(conn: Connection) -> None:
    Base.metadata.create_all(conn)


MIGRATIONS: Sequence[Migration] = (_v1_create,)
CURRENT_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The version recorded in the database; 0 when it has no schema_version table."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(select(func.max(schema_version.c.version))).scalar() or 0


def ensure_schema(engine: Engine, migrations: Sequence[Migration] | None = None) -> int:
    """Bring the database to the latest version, in one transaction; returns that version."""
    migrations = MIGRATIONS if migrations is None else migrations
    target = len(migrations)
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        version = current_version(conn)
        if version > target:
            raise SchemaError(
                f"the database is at schema version {version}, newer than this code's {target}: "
                "upgrade Kefu before using this database"
            )
        if version == target:
            return version
        if version == 0:
            existing = set(inspect(conn).get_table_names()) & set(Base.metadata.tables)
            if existing:
                raise SchemaError(
                    f"tables {', '.join(sorted(existing))} exist without a schema_version: "
                    "not a database this code created; refusing to guess its version"
                )
            _version_metadata.create_all(conn)
            Base.metadata.create_all(conn)  # a fresh database starts at the latest shape
            _stamp(conn, target)
            return target
        for step in range(version, target):
            migrations[step](conn)
            _stamp(conn, step + 1)
        return target


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(schema_version.insert().values(version=version, applied_at=datetime.now(timezone.utc)))
