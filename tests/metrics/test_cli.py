"""kefu metrics / kefu kpi on the seeded journal (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from bot.cli import build_parser


def kefu(*argv: str) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args, None)


def test_prints_the_table_csv_and_json(seeded, capsys):
    url = seeded.url
    if seeded.dialect.name == "postgresql":  # the test's schema travels in the URL
        with seeded.connect() as conn:
            schema = conn.execute(text("SHOW search_path")).scalar()
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    url = url.render_as_string(hide_password=False)
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


@pytest.mark.parametrize("first, last", [("2026-03-03", "2026-03-02"), ("March", "2026-03-02")])
def test_bad_dates_exit_2(first, last, capsys):
    assert kefu("metrics", "--from", first, "--to", last) == 2
    assert "kefu metrics:" in capsys.readouterr().err
