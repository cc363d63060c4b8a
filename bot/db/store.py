"""SqlStore: the base of every SQL repository (commerce, desk journal, desk accounts).

Every public method of a store is one short transaction on a blocking engine
(async callers run it in a thread). Writers take the SQLite write lock at
BEGIN, so a read-then-write cannot deadlock against another writer, and hand
back immutable views built before the session closes.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from typing import Callable, ClassVar, Dict, Type, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.engine import make_engine
from bot.db.schema import VersionedSchema

T = TypeVar("T")
S = TypeVar("S", bound="SqlStore")

_write_turns: Dict[str, threading.RLock] = {}
_write_turns_guard = threading.Lock()


def write_turn(engine: Engine) -> AbstractContextManager:
    """SQLite: this process's writers to one file take turns on a lock of their own. SQLite
    makes a writer that finds the file locked sleep and retry (1 ms, then 2, 5, 10 ... 100),
    so the desk's threads writing at once waited far longer than the writes took; a lock
    hands the turn over at once. Other processes still wait on SQLite's own lock.
    PostgreSQL: writers run side by side."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _write_turns_guard:
        return _write_turns.setdefault(str(engine.url), threading.RLock())


class SqlStore:
    # The tables this store needs; from_url brings them up to date.
    schema: ClassVar[VersionedSchema]

    def __init__(self, engine: Engine):
        self.engine = engine
        self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")
        self._write_turn = write_turn(engine)

    @classmethod
    def from_url(cls: Type[S], url: str | None = None) -> S:
        """A store on `url` (default: KEFU_DATABASE_URL or var/kefu.db), its schema brought up to date."""
        engine = make_engine(url)
        cls.schema.ensure(engine)
        return cls(engine)

    def ping(self) -> None:
        """Raises unless the database answers."""
        self._read(lambda s: s.execute(select(1)).scalar())

    def _read(self, work: Callable[[Session], T]) -> T:
        with Session(self.engine, future=True) as session:
            return work(session)

    def _write(self, work: Callable[[Session], T], retry: bool = False) -> T:
        """Run `work` in one write transaction.

        retry: run it once more if it lost a unique index to a concurrent
        writer (an IntegrityError); the second run finds the winner's row.
        """

        def transaction() -> T:
            session = Session(self._write_engine, future=True, expire_on_commit=False)
            with session, session.begin():
                return work(session)

        return self._in_write_turn(transaction, retry)

    def _read_sql(self, work: Callable[[Connection], T]) -> T:
        """_read for statements only (no ORM objects): on a bare connection, which costs a
        fraction of a Session per call on the paths that run for every message."""
        with self.engine.connect() as connection:
            return work(connection)

    def _write_sql(self, work: Callable[[Connection], T], retry: bool = False) -> T:
        """_write for statements only, on a bare connection in one transaction."""

        def transaction() -> T:
            with self._write_engine.begin() as connection:
                return work(connection)

        return self._in_write_turn(transaction, retry)

    def _in_write_turn(self, transaction: Callable[[], T], retry: bool) -> T:
        for attempt in (1, 2):
            try:
                with self._write_turn:
                    return transaction()
            except IntegrityError:
                if not retry or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _insert_once(self, row) -> int | None:
        """Insert `row` and give its id, or None when a unique index says it is there already
        (a claim: whoever inserts first owns the work)."""

        def work(s: Session) -> int:
            s.add(row)
            s.flush()
            return row.id

        try:
            return self._write(work)
        except IntegrityError:
            return None
