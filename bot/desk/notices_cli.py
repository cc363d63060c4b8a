"""`kefu notices run`: send the proactive notices tracking data calls for (bot/desk/notices.py).

`kefu tracking import` runs it too, after a successful import (bot/cli.py), so a
buyer hears about their parcel as soon as the seller loads the carrier's events.
"""

from __future__ import annotations

import argparse
from typing import Any

from bot.db.engine import ENV_VAR
from bot.settings import Settings


def add_commands(subparsers: Any) -> None:
    notices = subparsers.add_parser("notices", help="messages Kefu writes first (parcel news)")
    commands = notices.add_subparsers(dest="notices_command", required=True)
    run = commands.add_parser("run", help="send the notices tracking data calls for (seller/notices.yml)")
    run.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")
    run.set_defaults(func=run_notices)


def run_notices(args: argparse.Namespace, settings: Settings) -> int:
    from bot.desk.outreach_setup import run_in_terminal

    return run_in_terminal(
        settings,
        getattr(args, "database_url", None),
        "notices not sent",
        lambda notices, _promos: notices.run(),
    )
