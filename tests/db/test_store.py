"""SqlStore's transactions and retry rule, and the shared column types, on both backends."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from bot.db.engine import make_engine
from bot.db.schema import VersionedSchema
from bot.db.store import SqlStore
from bot.db.types import EnumText, UTCDateTime, stamp
from tests.commerce.conftest import pg_schemas  # noqa: F401 - the PostgreSQL fixture, shared


class Colour(str, Enum):
    RED = "red"
    BLUE = "blue"


TABLES = MetaData()
THINGS = Table(
    "kefu_test_things",
    TABLES,
    Column("id", Integer, primary_key=True),
    Column("name", String(20), nullable=False, unique=True),
    Column("colour", EnumText(Colour, 8)),
)


def _create(conn) -> None:
    TABLES.create_all(conn)


class Things(SqlStore):
    schema = VersionedSchema(TABLES, "kefu_test_things_version", UTCDateTime(), 0x6B6566 + 99, (_create,))

    def add_unless_known(self, name: str, tries: list, retry: bool) -> int:
        """Misses the row on its first run, as a writer racing a concurrent insert would."""

        def work(s) -> int:
            tries.append(name)
            found = s.execute(select(THINGS.c.id).where(THINGS.c.name == name)).scalar()
            if found is not None and len(tries) > 1:
                return found
            return s.execute(insert(THINGS).values(name=name)).inserted_primary_key[0]

        return self._write(work, retry=retry)


@pytest.fixture(params=["sqlite", "postgresql"])
def things(request, tmp_path):
    if request.param == "sqlite":
        store = Things.from_url(f"sqlite:///{tmp_path / 'things.db'}")
    else:
        engine = request.getfixturevalue("pg_schemas").engine()
        Things.schema.ensure(engine)
        store = Things(engine)
    yield store
    store.engine.dispose()


def test_from_url_brings_the_schema_up(tmp_path):
    store = Things.from_url(f"sqlite:///{tmp_path / 'fresh.db'}")
    store.ping()
    with store.engine.connect() as conn:
        assert inspect(conn).has_table("kefu_test_things")
    store.engine.dispose()


def test_a_write_that_lost_a_unique_index_runs_once_more(things):
    first = things.add_unless_known("kettle", [], retry=False)
    tries: list = []
    assert things.add_unless_known("kettle", tries, retry=True) == first
    assert tries == ["kettle", "kettle"]


def test_without_retry_the_conflict_reaches_the_caller(things):
    things.add_unless_known("kettle", [], retry=False)
    tries: list = []
    with pytest.raises(IntegrityError):
        things.add_unless_known("kettle", tries, retry=False)
    assert tries == ["kettle"]


def test_a_failed_write_leaves_nothing_behind(things):
    def work(s):
        s.execute(insert(THINGS).values(name="half"))
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        things._write(work)
    assert things._read(lambda s: s.execute(select(THINGS.c.name)).scalars().all()) == []


def test_enum_columns_store_the_plain_value_and_read_back_the_enum(things):
    things._write(lambda s: s.execute(insert(THINGS).values(name="pen", colour=Colour.BLUE)))
    things._write(lambda s: s.execute(insert(THINGS).values(name="cup", colour="red")))
    with things.engine.connect() as conn:
        raw = conn.execute(text("SELECT name, colour FROM kefu_test_things ORDER BY name")).all()
    assert [tuple(r) for r in raw] == [("cup", "red"), ("pen", "blue")]
    read = things._read(lambda s: s.execute(select(THINGS.c.colour).order_by(THINGS.c.name)).scalars().all())
    assert read == [Colour.RED, Colour.BLUE] and all(isinstance(c, Colour) for c in read)
    with pytest.raises(StatementError):
        things._write(lambda s: s.execute(insert(THINGS).values(name="mug", colour="green")))


def test_stamp_is_utc_and_takes_naive_times_as_utc():
    assert stamp(datetime(2026, 1, 1, 12)) == datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    local = datetime.fromisoformat("2026-01-01T19:00:00+07:00")
    assert stamp(local).tzinfo is timezone.utc and stamp(local).hour == 12
    assert stamp().tzinfo is timezone.utc


def test_sqlite_writers_take_the_write_lock_at_begin(tmp_path):
    url = f"sqlite:///{tmp_path / 'lock.db'}"
    store = Things.from_url(url)
    other = make_engine(url, connect_args={"timeout": 0.1})

    def work(s):
        s.execute(select(1))  # BEGIN IMMEDIATE already holds the lock: another writer must wait
        conn = other.connect().execution_options(sqlite_begin="IMMEDIATE")
        with conn, pytest.raises(Exception, match="locked"):
            conn.begin()

    store._write(work)
    other.dispose()
    store.engine.dispose()
