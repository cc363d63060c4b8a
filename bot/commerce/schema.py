"""Versioned schema: a fresh database gets today's tables, an older one each upgrade in turn.

The version applied is recorded in `schema_version` (one row per step, with
when). MIGRATIONS[0] is version 1, the first create; MIGRATIONS[n] turns a
database at version n into version n + 1. A new version appends a function
here (and changes models.py to match); released functions are never edited.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy.engine import Connection, Engine

from bot.commerce.models import Base
from bot.db.schema import Migration, SchemaError, VersionedSchema
from bot.db.types import UTCDateTime


def _v1_create(conn: Connection) -> None:
    Base.metadata.create_all(conn)


MIGRATIONS: Sequence[Migration] = (_v1_create,)
CURRENT_VERSION = len(MIGRATIONS)

SCHEMA = VersionedSchema(Base.metadata, "schema_version", UTCDateTime(), 0x6B6566 + 1, MIGRATIONS)
schema_version = SCHEMA.version_table


def current_version(conn: Connection) -> int:
    """The version recorded in the database; 0 when it has no schema_version table."""
    return SCHEMA.current_version(conn)


def ensure_schema(engine: Engine, migrations: Sequence[Migration] | None = None) -> int:
    """Bring the database to the latest version, in one transaction; returns that version."""
    return SCHEMA.ensure(engine, migrations)


__all__ = [
    "CURRENT_VERSION",
    "MIGRATIONS",
    "SchemaError",
    "current_version",
    "ensure_schema",
    "schema_version",
]
