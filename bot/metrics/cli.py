"""`kefu metrics --from DATE --to DATE [--by ...] [--totals] [--json|--csv]` (also `kefu kpi`):
the KPIs of a period in the seller's time zone (seller/desk.yml), per day or (--totals) over
the whole period as the dashboard's totals, printed as a table, CSV or JSON.

bot/cli.py calls add_commands(subparsers); the command returns 0, 2 for bad
arguments, 1 when the database cannot answer.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.db.engine import ENV_VAR, make_engine
from bot.db.errors import reporting_database_errors
from bot.metrics.periods import Period, PeriodError, parse_day
from bot.metrics.render import as_csv, as_json, as_table
from bot.metrics.report import BREAKDOWNS, kpi_report, total_rows
from bot.settings import Settings, SettingsError


def add_commands(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "metrics", aliases=["kpi"], help="customer-service KPIs per day (seller's time zone)"
    )
    command.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    command.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD (included)")
    command.add_argument("--by", choices=BREAKDOWNS, help="one row per day and per group")
    command.add_argument(
        "--totals", action="store_true", help="one row for the whole period (per group of --by), not per day"
    )
    output = command.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="every figure, as JSON")
    output.add_argument("--csv", action="store_true", help="every figure, as CSV")
    command.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")
    command.set_defaults(func=_metrics)


def _metrics(args: argparse.Namespace, settings: Settings | None) -> int:
    try:
        # The seller's days are those of the desk.yml the desk reads (KEFU_DESK_CONFIG), so
        # this table and the dashboard agree.
        zone = (settings or Settings.from_env()).seller_desk_config().hours.zone
        period = Period(parse_day(args.first, "--from"), parse_day(args.last, "--to"), zone)
    except (PeriodError, SettingsError) as exc:
        print(f"kefu metrics: {exc}", file=sys.stderr)
        return 2
    engine = make_engine(args.database_url)

    def report() -> str:
        rows = total_rows(engine, period, args.by) if args.totals else kpi_report(engine, period, args.by)
        text = as_json(rows) if args.json else as_csv(rows) if args.csv else as_table(rows)
        return text.rstrip("\n")

    try:
        return reporting_database_errors("metrics not read", report)
    finally:
        engine.dispose()
