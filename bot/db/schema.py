"""A versioned database schema: a fresh database gets today's tables, an older
one each upgrade in turn, one transaction, recorded in a version table.

MIGRATIONS[0] is version 1, the first create; MIGRATIONS[n] turns a database at
version n into version n + 1; released steps are never edited. The commerce
tables and the desk tables each keep their own version (bot/commerce/schema.py,
bot/desk/models.py) in the same database.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable, Sequence

from sqlalchemy import Column, Integer, MetaData, Table, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import TypeEngine

Migration = Callable[[Connection], None]


class SchemaError(RuntimeError):
    """The database is not in a state this code can use or upgrade."""


def add_missing_columns(conn: Connection, table: Table, names: Sequence[str]) -> None:
    """A migration's new columns of `table`, those the database lacks (a database the first
    create built has today's shape already), as the model declares them."""
    present = {column["name"] for column in inspect(conn).get_columns(table.name)}
    for name in names:
        if name not in present:
            kind = table.c[name].type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))


class VersionedSchema:
    def __init__(
        self,
        tables: MetaData,
        version_table: str,
        timestamp_type: TypeEngine,
        lock_key: int,
        migrations: Sequence[Migration],
        error: type = SchemaError,
    ) -> None:
        self.tables = tables
        self.migrations = migrations
        self.error = error
        # Serialises concurrent starts (several replicas) on PostgreSQL.
        self._lock_key = lock_key
        self._version_metadata = MetaData()
        self.version_table = Table(
            version_table,
            self._version_metadata,
            Column("version", Integer, primary_key=True, autoincrement=False),
            Column("applied_at", timestamp_type, nullable=False),
        )

    def current_version(self, conn: Connection) -> int:
        """The version recorded in the database; 0 when it has no version table."""
        if not inspect(conn).has_table(self.version_table.name):
            return 0
        return conn.execute(select(func.max(self.version_table.c.version))).scalar() or 0

    def ensure(self, engine: Engine, migrations: Sequence[Migration] | None = None) -> int:
        """Bring the tables to the latest version, in one transaction; returns that version."""
        migrations = self.migrations if migrations is None else migrations
        target = len(migrations)
        with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": self._lock_key})
            version = self.current_version(conn)
            if version > target:
                raise self.error(
                    f"the database is at schema version {version} of {self.version_table.name}, newer than "
                    f"this code's {target}: upgrade Kefu before using this database"
                )
            if version == target:
                return version
            if version == 0:
                existing = set(inspect(conn).get_table_names()) & set(self.tables.tables)
                if existing:
                    raise self.error(
                        f"tables {', '.join(sorted(existing))} exist without a {self.version_table.name}: "
                        "not a database this code created; refusing to guess its version"
                    )
                self._version_metadata.create_all(conn)
                self.tables.create_all(conn)  # a fresh database starts at the latest shape
                self._stamp(conn, target)
                return target
            for step in range(version, target):
                migrations[step](conn)
                self._stamp(conn, step + 1)
            return target

    def _stamp(self, conn: Connection, version: int) -> None:
        row = {"version": version, "applied_at": datetime.now(timezone.utc)}
        conn.execute(self.version_table.insert().values(**row))
