"""kefu metrics / kefu kpi on the seeded journal (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from bot.cli import build_parser
from bot.metrics import kpi_report
from bot.metrics.periods import Period


def kefu(*argv: str) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args, None)


def database_url(engine) -> str:
    url = engine.url
    if engine.dialect.name == "postgresql":  # the test's schema travels in the URL
        with engine.connect() as conn:
            schema = conn.execute(text("SHOW search_path")).scalar()
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def test_prints_the_table_csv_and_json(seeded, capsys):
    url = database_url(seeded)
    # seller/desk.yml: Asia/Shanghai, the zone the seeded journal is written for.
    assert kefu("metrics", "--from", "2026-03-02", "--to", "2026-03-03", "--database-url", url) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[1].split()[:5] == ["2026-03-02", "all", "4", "3", "4"]
    # The bot's chats not resolved (tests/metrics/test_report.py: 3, then 1), read under
    # their right-aligned title.
    end = table[0].index("bot-unres") + len("bot-unres")
    assert [line[:end].split()[-1] for line in table[1:]] == ["3", "1"]
    assert (
        kefu(
            "kpi",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
            "--by",
            "agent",
            "--csv",
            "--database-url",
            url,
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["-", "alice"]
    assert kefu("metrics", "--from", "2026-03-03", "--to", "2026-03-03", "--json", "--database-url", url) == 0
    (day,) = json.loads(capsys.readouterr().out)
    assert (day["messages_received"], day["guided_gmv"]) == (6, {"USD": "5.50"})


def test_the_days_are_those_of_the_desk_config_the_desk_reads(seeded, tmp_path, monkeypatch, capsys):
    """A seller in Sao Paulo (KEFU_DESK_CONFIG) read Shanghai days in `kefu kpi` and their
    own on the dashboard: the same day had different figures."""
    config = tmp_path / "desk.yml"
    config.write_text("time_zone: America/Sao_Paulo\n", encoding="utf-8")
    monkeypatch.setenv("KEFU_DESK_CONFIG", str(config))
    url = database_url(seeded)
    assert kefu("kpi", "--from", "2026-03-01", "--to", "2026-03-03", "--json", "--database-url", url) == 0
    printed = json.loads(capsys.readouterr().out)
    period = Period(date(2026, 3, 1), date(2026, 3, 3), ZoneInfo("America/Sao_Paulo"))
    expected = [row.to_json() for row in kpi_report(seeded, period)]
    assert [day["messages_received"] for day in printed] == [day["messages_received"] for day in expected]
    assert printed == expected


@pytest.mark.parametrize("first, last", [("2026-03-03", "2026-03-02"), ("March", "2026-03-02")])
def test_bad_dates_exit_2(first, last, capsys):
    assert kefu("metrics", "--from", first, "--to", last) == 2
    assert "kefu metrics:" in capsys.readouterr().err


def test_totals_print_the_period_as_one_row_per_group(seeded, capsys):
    """The dashboard's totals were not in `kefu kpi`, which the README says gives the same
    figures: a seller scripting a weekly report summed the days (D counted twice)."""
    url = database_url(seeded)
    period = ("--from", "2026-03-02", "--to", "2026-03-04")
    assert kefu("kpi", *period, "--totals", "--json", "--database-url", url) == 0
    (whole,) = json.loads(capsys.readouterr().out)
    assert (whole["day"], whole["group"], whole["buyers_served"], whole["conversations"]) == (
        "2026-03-02..2026-03-04",
        "all",
        7,
        8,
    )
    assert kefu("kpi", *period, "--totals", "--by", "marketplace", "--database-url", url) == 0
    table = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in table[1:]] == [
        ["2026-03-02..2026-03-04", "lazada", "6"],
        ["2026-03-02..2026-03-04", "shopee", "1"],
    ]
