"""Where the business data lives (commerce and desk tables), and engines configured the same way everywhere.

SQLite is the zero-setup default for a developer machine; PostgreSQL is what a
deployment with several action-server replicas should point KEFU_DATABASE_URL at.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path
from typing import Any, Tuple

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import QueuePool, StaticPool

from bot import PROJECT_ROOT
from bot.private_files import create_private
from bot.settings import Settings

ENV_VAR = "KEFU_DATABASE_URL"


def database_url() -> str:
    """KEFU_DATABASE_URL, or a SQLite file in the project's var/ (created if missing)."""
    url = Settings.from_env().database_url
    if url:
        # Heroku-style URLs name a scheme SQLAlchemy 1.4 no longer accepts.
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        return url
    var = PROJECT_ROOT / "var"
    var.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var / 'kefu.db'}"


SQLITE_BUSY_SECONDS = 30.0


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (default: database_url()); extra keyword arguments go to create_engine.

    SQLite: foreign keys on, and transactions begun by us rather than by the
    sqlite3 module (which would run DDL outside any transaction and could not
    take the write lock up front). Pass the execution option
    ``sqlite_begin="IMMEDIATE"`` to take it at BEGIN, as writers do.
    PostgreSQL: connections are checked before use, so a restarted server costs no error.
    """
    url = url or database_url()
    # A database error's message (logged by the action server and the desk) would otherwise
    # carry the statement's values: buyer ids, order numbers, message text.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
        database = make_url(url).database
        on_disk = not memory and bool(database) and not database.startswith("file:")
        if memory:
            # One shared connection, or every checkout would see a new empty database.
            kwargs.setdefault("poolclass", StaticPool)
            kwargs.setdefault("connect_args", {}).setdefault("check_same_thread", False)
        else:
            # Several processes share the file (desk and action server replicas): a writer
            # waits its turn for the lock this long rather than failing after sqlite3's 5 s.
            kwargs.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_SECONDS)
            # Connections are kept (SQLAlchemy 1.4 opens one per transaction for a file,
            # with the pragmas below each time: a tenth of the desk's time per message);
            # a pooled connection is used by one thread at a time.
            kwargs.setdefault("poolclass", QueuePool)
            kwargs["connect_args"].setdefault("check_same_thread", False)
            if on_disk:
                # SQLite would create it with the umask's permissions (and its journals after it).
                create_private(Path(database))
        engine = create_engine(url, future=True, **kwargs)
        _configure_sqlite(engine, write_ahead_log=not memory)
        if on_disk:
            _drop_connections_to_a_replaced_file(engine, database)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, future=True, **kwargs)


def _configure_sqlite(engine: Engine, write_ahead_log: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if write_ahead_log:
            # A file's default rollback journal syncs to disk twice per commit, and the desk
            # commits several times per buyer message (most of its time per message in a
            # profile). With a write-ahead log readers never wait for the writer, and
            # synchronous=NORMAL syncs at checkpoints only: a crash of the process loses
            # nothing, a power cut may lose the last commits (PostgreSQL is for deployments).
            _use_write_ahead_log(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            raise ValueError(f"sqlite_begin must be DEFERRED, IMMEDIATE or EXCLUSIVE, not {mode!r}")
        # On the driver's connection: SQLAlchemy's statement machinery around it was a sixth
        # of a short transaction's time (97 -> 83 us for BEGIN, SELECT 1, COMMIT).
        connection.connection.dbapi_connection.execute(f"BEGIN {mode}")


def _use_write_ahead_log(cursor: Any) -> None:
    """Switch the file to WAL unless it is already (the mode is kept in the file).

    Switching needs the file to itself, and when two processes start on a new file at once
    (desk replicas) SQLite answers one of them "database is locked" at once rather than
    calling the busy handler (it would deadlock): try again until the busy time is up.
    """
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.02, 0.1))


def _file_identity(path: str) -> Tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _drop_connections_to_a_replaced_file(engine: Engine, path: str) -> None:
    """A kept connection stays on the file it opened. Should the database file be moved,
    deleted or replaced (a restore), it would go on reading and writing the old one: each
    checkout compares the file's identity with the one the connection opened, and a
    mismatch makes the pool open a new connection, on the file that is there now."""

    @event.listens_for(engine, "connect")
    def _remember_file(_dbapi_connection, record):
        record.info["kefu_file"] = _file_identity(path)

    @event.listens_for(engine, "checkout")
    def _check_file(_dbapi_connection, record, _proxy):
        if record.info.get("kefu_file") != _file_identity(path):
            raise DisconnectionError(f"{path} is not the file this connection opened")
