"""`kefu notices run`: send the proactive notices tracking data calls for (bot/desk/notices.py).

`kefu tracking import` runs it too, after a successful import (bot/cli.py), so a
buyer hears about their parcel as soon as the seller loads the carrier's events.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.db.engine import ENV_VAR
from bot.settings import Settings


def add_commands(subparsers: Any) -> None:
    notices = subparsers.add_parser("notices", help="messages Kefu writes first (parcel news)")
    commands = notices.add_subparsers(dest="notices_command", required=True)
    run = commands.add_parser("run", help="send the notices tracking data calls for (seller/notices.yml)")
    run.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")
    run.set_defaults(func=run_notices)


def run_notices(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commerce.schema import ensure_schema
    from bot.db.engine import make_engine
    from bot.desk.models import ensure_desk_schema
    from bot.desk.outreach_setup import outreach_services, standalone_deliveries

    engine = make_engine(getattr(args, "database_url", None) or settings.database_url)

    async def go():
        deliveries, close = standalone_deliveries(settings)
        try:
            service, _ = outreach_services(engine, settings, deliveries)
            return await service.run()
        finally:
            await close()

    try:
        ensure_schema(engine)
        ensure_desk_schema(engine)
        report = asyncio.run(go())
    except SQLAlchemyError as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        print(f"kefu: notices not sent: database error: {first}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(report.summary())
    return 0
