"""The kefu orders / tracking / demo-data commands (SQLite; the backends are covered elsewhere)."""

from __future__ import annotations

import argparse

import pytest

from bot import PROJECT_ROOT
from bot.commerce.cli import add_commands

EXAMPLES = PROJECT_ROOT / "docs" / "examples"


def kefu(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kefu")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args, None)


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_import_prints_a_summary_and_is_idempotent(url, capsys):
    assert kefu("orders", "import", str(EXAMPLES / "orders.jsonl"), "--database-url", url) == 0
    assert "4 orders: 4 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert kefu("tracking", "import", str(EXAMPLES / "tracking.jsonl"), "--database-url", url) == 0
    assert "7 tracking events: 7 created" in capsys.readouterr().out
    assert kefu("orders", "import", str(EXAMPLES / "orders.jsonl"), "--database-url", url) == 0
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out


def test_a_bad_file_exits_1_with_the_line_and_field(url, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"tracking_number": "EB987654321TH", "occurred_at": "soon", "status": "accepted", "place": "x"}\n'
    )
    assert kefu("tracking", "import", str(bad), "--database-url", url) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err and "line 1: occurred_at: must be an ISO 8601 date-time" in err
    assert kefu("orders", "import", str(tmp_path / "missing.jsonl"), "--database-url", url) == 1
    assert "cannot read" in capsys.readouterr().err


def test_an_unusable_database_exits_1(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}"
    assert kefu("orders", "import", str(EXAMPLES / "orders.jsonl"), "--database-url", url) == 1
    assert "database error" in capsys.readouterr().err


def test_demo_data_if_empty(url, capsys):
    assert kefu("demo-data", "--if-empty", "--database-url", url) == 0
    out = capsys.readouterr().out
    assert "created" in out and "lazada/lazada-th-001" in out
    assert kefu("demo-data", "--if-empty", "--database-url", url) == 0
    assert "skipped" in capsys.readouterr().out
    assert kefu("demo-data", "--database-url", url) == 0
    assert "skipped" not in capsys.readouterr().out


def test_the_database_comes_from_the_environment(url, monkeypatch, capsys):
    monkeypatch.setenv("KEFU_DATABASE_URL", url)
    assert kefu("orders", "import", str(EXAMPLES / "orders.jsonl")) == 0
    assert "cli.db" in capsys.readouterr().out
