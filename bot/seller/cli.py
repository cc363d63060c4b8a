"""`kefu seller check`: the seller's settings that still hold Kefu's examples (examples.py).

Exit 0 when every one is the seller's own, 1 when some are still examples (so a deploy
script can stop on it). bot/cli.py calls add_commands(subparsers).
"""

from __future__ import annotations

import argparse
from typing import Any, List

from bot.seller.examples import KEPT, UnsetSetting, seller_files, unset_settings


def add_commands(subparsers: Any) -> None:
    seller = subparsers.add_parser("seller", help="the seller's settings (seller/*.yml)")
    commands = seller.add_subparsers(dest="seller_command", required=True)
    check = commands.add_parser("check", help="name the settings that still hold Kefu's example values")
    check.set_defaults(func=_check)


def described(unset: List[UnsetSetting]) -> str:
    """What `kefu seller check` and `kefu run` print about the examples still in use."""
    if not unset:
        return "Every setting Kefu ships as an example is your own."
    lines = ["These settings still hold Kefu's example values; buyers are told them, so set your own:"]
    lines += [f"  {item.file}: {item.key}: {item.why}" for item in unset]
    lines.append(f"(Your figures are the example's? List the setting under {KEPT}: in its file.)")
    return "\n".join(lines)


def _check(args: argparse.Namespace, settings: Any) -> int:
    # settings: bot.settings.Settings (not imported: bot/seller depends on nothing of ours).
    unset = unset_settings(seller_files(settings.desk_config))
    print(described(unset))
    return 1 if unset else 0
