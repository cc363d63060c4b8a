"""Every commerce test runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL: KEFU_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test
(trust auth). The session works in a fresh schema (kefu_test_<random>) dropped at the
end. Without a reachable server those tests are skipped, unless
KEFU_TEST_REQUIRE_POSTGRES=1 makes that a failure.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import event, inspect, select, text

from bot.commerce.demo import load_demo_data
from bot.commerce.models import Base
from bot.commerce.repository import CommerceRepository
from bot.commerce.schema import ensure_schema
from bot.db.engine import make_engine

PG_URL = os.environ.get("KEFU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2024, 6, 15, 12, 0, tzinfo=timezone.utc)
BACKENDS = ("sqlite", "postgresql")


def _postgres_or_skip():
    admin = make_engine(PG_URL, pool_size=1)
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to connect means "no server here"
        admin.dispose()
        message = f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"
        if os.environ.get("KEFU_TEST_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return admin


class PgSchemas:
    """Creates throw-away schemas and engines confined to them; drops them all at the end."""

    def __init__(self, admin):
        self.admin = admin
        self.names: list[str] = []
        self.engines = []

    def engine(self, name: str | None = None):
        if name is None:
            name = f"kefu_test_{uuid.uuid4().hex[:12]}"
            with self.admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{name}"'))
            self.names.append(name)
        engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={name}"})
        self.engines.append(engine)
        return engine

    def close(self):
        for engine in self.engines:
            engine.dispose()
        with self.admin.begin() as conn:
            for name in self.names:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_schemas():
    schemas = PgSchemas(_postgres_or_skip())
    yield schemas
    schemas.close()


@pytest.fixture(scope="session")
def postgresql_engine(pg_schemas):
    engine = pg_schemas.engine()
    ensure_schema(engine)
    return engine


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('commerce') / 'kefu.db'}")
    ensure_schema(engine)
    yield engine
    engine.dispose()


def _empty(engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(params=BACKENDS)
def engine(request):
    """An empty database at the current schema version, on each backend in turn."""
    engine = request.getfixturevalue(f"{request.param}_engine")
    _empty(engine)
    return engine


@pytest.fixture(params=BACKENDS)
def blank_engine(request, tmp_path):
    """A database with nothing in it at all (no schema), for schema tests."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'blank.db'}")
        yield engine
        engine.dispose()
    else:
        yield request.getfixturevalue("pg_schemas").engine()


@pytest.fixture
def repo(engine) -> CommerceRepository:
    return CommerceRepository(engine)


@pytest.fixture
def demo(repo) -> CommerceRepository:
    """The repository with the demo data loaded at NOW."""
    load_demo_data(repo, now=NOW)
    return repo


class StatementCounter:
    """Counts SELECT / INSERT / UPDATE / DELETE statements sent (BEGIN/COMMIT are not round trips we send)."""

    VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(self.VERBS):
            self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._on_execute)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(engine):
    return lambda: StatementCounter(engine)


def snapshot(engine) -> dict:
    """Every row of every commerce table, to show that a failed import changed nothing."""
    with engine.connect() as conn:
        return {
            table.name: conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in Base.metadata.sorted_tables
            if inspect(conn).has_table(table.name)
        }
