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
