"""The commerce tables' versioned schema (bot/db/schema.py on the commerce tables)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, inspect, select, text

from bot.commerce.models import Base
from bot.commerce.schema import (
    CURRENT_VERSION,
    MIGRATIONS,
    SchemaError,
    current_version,
    ensure_schema,
    schema_version,
)
from bot.db.engine import make_engine

# Every lookup the repository and importer make, and the index that serves it.
LOOKUP_INDEXES = {
    "buyers": [("marketplace", "buyer_id")],
    "orders": [("marketplace", "order_number"), ("buyer_pk", "placed_at")],
    "order_items": [("order_id",)],
    "shipments": [("tracking_number",), ("order_id",)],
    "tracking_events": [("shipment_id", "occurred_at", "status")],
    "refunds": [("order_id",)],
    "after_sales_cases": [("order_id",), ("order_id", "kind")],
    "lookup_flags": [("marketplace", "buyer_id", "conversation_id")],
}


def _indexed_columns(inspector, table: str) -> set:
    found = {tuple(i["column_names"]) for i in inspector.get_indexes(table)}
    found |= {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
    return found


def test_fresh_database_is_created_at_the_current_version(blank_engine):
    assert ensure_schema(blank_engine) == CURRENT_VERSION
    with blank_engine.connect() as conn:
        assert current_version(conn) == CURRENT_VERSION
        inspector = inspect(conn)
        assert set(Base.metadata.tables) <= set(inspector.get_table_names())
        for table, wanted in LOOKUP_INDEXES.items():
            assert set(wanted) <= _indexed_columns(inspector, table), table


def test_ensure_schema_twice_changes_nothing(blank_engine):
    ensure_schema(blank_engine)
    ensure_schema(blank_engine)
    with blank_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema_version)).scalar() == 1


def test_older_database_is_upgraded_step_by_step(blank_engine):
    ensure_schema(blank_engine, migrations=MIGRATIONS)
    ran = []

    def v2(conn):
        ran.append(2)
        Table("kefu_test_v2", MetaData(), Column("id", Integer, primary_key=True)).create(conn)

    def v3(conn):
        ran.append(3)
        conn.execute(text("ALTER TABLE kefu_test_v2 ADD COLUMN note VARCHAR(20)"))

    assert ensure_schema(blank_engine, migrations=[*MIGRATIONS, v2, v3]) == CURRENT_VERSION + 2
    assert ran == [2, 3]
    assert ensure_schema(blank_engine, migrations=[*MIGRATIONS, v2, v3]) == CURRENT_VERSION + 2
    assert ran == [2, 3]  # nothing runs twice
    with blank_engine.connect() as conn:
        versions = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version)).scalars()
        assert list(versions) == list(range(1, CURRENT_VERSION + 3))
        assert "note" in {c["name"] for c in inspect(conn).get_columns("kefu_test_v2")}


def test_a_failed_upgrade_step_leaves_the_version_alone(blank_engine):
    ensure_schema(blank_engine)

    def broken(conn):
        Table("kefu_test_half", MetaData(), Column("id", Integer, primary_key=True)).create(conn)
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        ensure_schema(blank_engine, migrations=[*MIGRATIONS, broken])
    with blank_engine.connect() as conn:
        assert current_version(conn) == CURRENT_VERSION
        assert not inspect(conn).has_table("kefu_test_half")  # DDL rolled back too


def test_a_newer_database_is_refused(blank_engine):
    ensure_schema(blank_engine)
    with blank_engine.begin() as conn:
        conn.execute(schema_version.insert().values(version=CURRENT_VERSION + 1, applied_at=datetime.now()))
    with pytest.raises(SchemaError, match="newer"):
        ensure_schema(blank_engine)


def test_tables_without_a_version_are_not_guessed_at(blank_engine):
    with blank_engine.begin() as conn:
        Table("buyers", MetaData(), Column("id", Integer, primary_key=True), Column("x", String(5))).create(
            conn
        )
    with pytest.raises(SchemaError, match="buyers"):
        ensure_schema(blank_engine)


def test_datetimes_come_back_aware_utc(engine):
    from sqlalchemy.orm import Session

    from bot.commerce.models import LookupFlag

    local = datetime.fromisoformat("2024-06-15T19:00:00+07:00")
    with Session(engine, future=True) as session, session.begin():
        session.add(
            LookupFlag(marketplace="m", buyer_id="b", conversation_id="c", attempts=1, flagged_at=local)
        )
    with Session(engine, future=True) as session:
        stored = session.execute(select(LookupFlag.flagged_at)).scalar_one()
    assert stored == local and stored.tzinfo is timezone.utc and stored.hour == 12


def test_sqlite_in_memory_is_one_shared_database():
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    with engine.connect() as conn:
        assert current_version(conn) == CURRENT_VERSION
