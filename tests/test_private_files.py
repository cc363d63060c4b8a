"""Files Kefu creates under var/ (the SQLite database, server logs) are 0600."""

import os
import stat

from sqlalchemy import text

from bot.db.engine import make_engine
from bot.private_files import open_private


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_database_and_its_journal_are_private(tmp_path):
    old = os.umask(0o022)
    try:
        database = tmp_path / "var" / "kefu.db"
        database.parent.mkdir()  # only the default var/ is made by Kefu; a mistyped folder must fail
        engine = make_engine(f"sqlite:///{database}")
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        engine.dispose()
    finally:
        os.umask(old)
    assert mode(database) == 0o600
    assert all(mode(found) == 0o600 for found in database.parent.iterdir())


def test_logs_are_private_even_when_they_existed(tmp_path):
    log = tmp_path / "rasa.log"
    log.write_text("old")
    os.chmod(log, 0o644)
    with open_private(log) as handle:
        handle.write("new")
    assert mode(log) == 0o600 and log.read_text() == "new"
