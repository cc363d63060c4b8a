"""Engines configured the same way everywhere, and where the database is."""

from __future__ import annotations

from bot import PROJECT_ROOT
from bot.db.engine import database_url, make_engine


def test_sqlite_enforces_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_database_url_from_the_environment_or_var(monkeypatch):
    monkeypatch.setenv("KEFU_DATABASE_URL", " postgresql://u@db:5432/kefu ")
    assert database_url() == "postgresql://u@db:5432/kefu"
    monkeypatch.setenv("KEFU_DATABASE_URL", "postgres://u@db/kefu")
    assert database_url() == "postgresql://u@db/kefu"
    monkeypatch.delenv("KEFU_DATABASE_URL")
    assert database_url() == f"sqlite:///{PROJECT_ROOT / 'var' / 'kefu.db'}"
    assert (PROJECT_ROOT / "var").is_dir()


def test_postgres_engines_check_connections_before_use():
    assert make_engine("postgresql://u@127.0.0.1:1/x").pool._pre_ping


def test_sqlite_connections_are_kept_and_follow_a_replaced_file(tmp_path):
    path = tmp_path / "kept.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    with engine.connect() as conn:
        first = conn.connection.dbapi_connection
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection is first  # kept, not opened again
        assert conn.exec_driver_sql("SELECT x FROM t").scalar() == 1

    path.rename(tmp_path / "moved.db")  # e.g. a restore puts another file in its place
    with engine.connect() as conn:
        assert conn.connection.dbapi_connection is not first
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0  # the new, empty file
    engine.dispose()


def test_one_process_writers_to_a_sqlite_file_take_turns_without_sqlites_sleeps(tmp_path):
    import threading
    import time

    from bot.db.store import write_turn

    url = f"sqlite:///{tmp_path / 'turns.db'}"
    engine, again = make_engine(url), make_engine(url)
    assert write_turn(engine) is write_turn(again)  # one lock per file, whichever store
    assert write_turn(make_engine(f"sqlite:///{tmp_path / 'other.db'}")) is not write_turn(engine)
    order = []

    def writer(name):
        with write_turn(engine):
            order.append(f"{name} in")
            time.sleep(0.05)
            order.append(f"{name} out")

    threads = [threading.Thread(target=writer, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
    engine.dispose()
    again.dispose()


def test_postgres_writers_need_no_turns():
    from contextlib import nullcontext

    from bot.db.store import write_turn

    assert isinstance(write_turn(make_engine("postgresql://u@127.0.0.1:1/x")), nullcontext)


def test_a_database_error_does_not_carry_the_statements_values(tmp_path):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(f"sqlite:///{tmp_path / 'private.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE buyers (id TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO buyers VALUES (:id)"), {"id": "lazada:somchai-0812345678"})
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO buyers VALUES (:id)"), {"id": "lazada:somchai-0812345678"})
    except IntegrityError as exc:
        message = str(exc)
    else:
        raise AssertionError("the second insert should break the primary key")
    assert "UNIQUE" in message and "0812345678" not in message
    engine.dispose()


def test_switching_a_file_to_wal_waits_out_a_lock_sqlite_reports_at_once(tmp_path):
    """Two desk replicas starting on a new file: one is told "database is locked" at once
    (no busy handler when waiting could deadlock). Here a holder keeps the file exclusively
    for a moment and our connection has no busy handler: the switch still happens."""
    import sqlite3
    import threading
    import time

    from bot.db.engine import _use_write_ahead_log

    path = tmp_path / "new.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    locked, done = threading.Event(), threading.Event()

    def hold_the_file():
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(0.3)
        holder.execute("COMMIT")
        holder.close()
        done.set()

    threading.Thread(target=hold_the_file).start()
    assert locked.wait(5)
    ours = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        ours.execute("PRAGMA journal_mode=WAL")
        raise AssertionError("the holder should have made SQLite refuse at once")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
    _use_write_ahead_log(ours.cursor())
    assert done.is_set()
    assert ours.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
