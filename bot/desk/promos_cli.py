"""`kefu promo send --campaign FILE [--dry-run]`: send the seller's promo campaign (a YAML
file, bot/seller/campaigns.py) from a terminal, at its rate, once per buyer (bot/desk/promos.py).

Exit codes: 0 done (held buyers are named in the summary: run it again later), 1 the
database failed, 2 the file or the moment is wrong (every problem named).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.db.engine import ENV_VAR
from bot.settings import Settings


def add_commands(subparsers: Any) -> None:
    promo = subparsers.add_parser("promo", help="the seller's promo campaigns")
    commands = promo.add_subparsers(dest="promo_command", required=True)
    send = commands.add_parser("send", help="send a campaign to its audience, once per buyer")
    send.add_argument("--campaign", required=True, type=Path, help="the campaign file (YAML)")
    send.add_argument("--dry-run", action="store_true", help="say what would happen; send and record nothing")
    send.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")
    send.set_defaults(func=send_promo)


def send_promo(args: argparse.Namespace, settings: Settings) -> int:
    from bot.desk.outreach_setup import run_in_terminal
    from bot.desk.promos import CampaignNotRunning
    from bot.seller.campaigns import CampaignError, read_campaign

    try:
        campaign = read_campaign(Path(args.campaign).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kefu: cannot read {args.campaign}: {exc}", file=sys.stderr)
        return 2
    except CampaignError as exc:
        print(f"kefu: {args.campaign} is not a usable campaign:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    try:
        return run_in_terminal(
            settings,
            getattr(args, "database_url", None),
            "promo not sent",
            lambda _notices, promos: promos.run(campaign, "kefu promo send", dry_run=args.dry_run),
        )
    except CampaignNotRunning as exc:
        print(f"kefu: nothing sent: {exc}", file=sys.stderr)
        return 2
