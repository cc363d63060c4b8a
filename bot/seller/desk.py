"""The seller's desk settings (seller/desk.yml): hours and how fast people must answer.

An escalated chat must get its first human answer within its target of working
time: `first_response_minutes` by default, or the target set for its tier and
queue (pre-sale or after-sale) under `first_response_targets`. The desk's queue
sorts and flags chats by that deadline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Tuple

import yaml

from bot import PROJECT_ROOT
from bot.seller.hours import WorkingHours, as_utc, parse_working_hours
from bot.seller.routing import QUEUES, TIERS

DESK_FILE = PROJECT_ROOT / "seller" / "desk.yml"
# The longest a time setting may be: a year (past it, working time is not searched for and a
# timedelta overflows: every escalation, rating or idle sweep after would fail).
YEAR_HOURS = 366 * 24


@dataclass(frozen=True)
class DeskConfig:
    hours: WorkingHours = field(default_factory=WorkingHours)
    first_response_minutes: float = 5
    sla_sweep_seconds: float = 5
    csat_window_hours: float = 24
    # A chat the bot settled alone (no person) closes when the buyer says one of these,
    # and the buyer is asked for a 1-5 rating once (bot_csat in desk.yml; ask: false to stop).
    bot_csat_intents: Tuple[str, ...] = ("goodbye", "thank")
    bot_csat_ask: bool = True
    # A chat the bot has alone, with no buyer message for this long, is closed by the desk
    # (and the buyer asked for a rating, as above); 0: never.
    bot_idle_minutes: float = 30
    # (queue, tier) -> minutes, where the seller set a target of its own.
    first_response_targets: Mapping[Tuple[str, int], float] = field(default_factory=dict)
    # Waiting chats go by themselves to online agents holding fewer than this; 0: agents claim
    # them (bot/desk/auto_assign.py).
    auto_assign_max_chats: int = 0

    def target_minutes(self, tier: int | None = None, queue: str | None = None) -> float:
        """The first-response target of a tier's pre-sale or after-sale queue."""
        return self.first_response_targets.get((queue or "pre_sale", tier or 1), self.first_response_minutes)

    def deadline(self, now: datetime, tier: int | None = None, queue: str | None = None) -> datetime:
        """When a chat queued now for this tier and queue must have had its first human answer."""
        return self.hours.add_working_time(now, self.target_minutes(tier, queue))

    def wait_estimate(self, now: datetime, deadline: datetime) -> Dict[str, int]:
        """How long the buyer should expect to wait: {"minutes": n} or {"hours": n}."""
        seconds = max(0.0, (as_utc(deadline) - as_utc(now)).total_seconds())
        if seconds <= 3600:
            return {"minutes": max(2, math.ceil(seconds / 60))}
        return {"hours": max(2, round(seconds / 3600))}


def parse_targets(raw: object) -> Dict[Tuple[str, int], float]:
    """first_response_targets: {pre_sale|after_sale: {1|2|3: minutes}}, every number above 0."""
    targets: Dict[Tuple[str, int], float] = {}
    if raw is None:
        return targets
    if not isinstance(raw, dict):
        raise ValueError("first_response_targets must map pre_sale/after_sale to {tier: minutes}")
    for queue, by_tier in raw.items():
        if queue not in QUEUES or not isinstance(by_tier, dict):
            raise ValueError(
                f"first_response_targets: {queue!r} must be one of {QUEUES}, with {{tier: minutes}}"
            )
        for tier, minutes in by_tier.items():
            if tier not in TIERS:
                raise ValueError(f"first_response_targets.{queue}: tier must be one of {TIERS}, got {tier!r}")
            targets[(queue, tier)] = number(minutes, f"first_response_targets.{queue}.{tier}", "minutes")
    return targets


def number(raw: object, name: str, unit: str, zero: bool = False, most: float = YEAR_HOURS * 60) -> float:
    """A setting that is a number of `unit`: a number (not text, not true/false), more than 0
    (or 0 when `zero` allows it: "never"), at most `most`; else ValueError naming it."""
    value = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else math.nan
    if not ((value >= 0 if zero else value > 0) and value <= most):  # NaN fails both
        lowest = "0 (never) or more" if zero else "more than 0"
        raise ValueError(f"{name} must be a number of {unit}, {lowest} and at most {most:g}; got {raw!r:.40}")
    return float(value)


def parse_desk_config(raw: dict) -> DeskConfig:
    config = DeskConfig(
        hours=parse_working_hours(raw),
        first_response_minutes=number(
            raw.get("first_response_minutes", 5), "first_response_minutes", "minutes"
        ),
        sla_sweep_seconds=number(raw.get("sla_sweep_seconds", 5), "sla_sweep_seconds", "seconds", most=3600),
        csat_window_hours=number(
            raw.get("csat_window_hours", 24), "csat_window_hours", "hours", most=YEAR_HOURS
        ),
        bot_csat_intents=_bot_csat_intents(raw.get("bot_csat") or {}),
        bot_csat_ask=(raw.get("bot_csat") or {}).get("ask") is not False,
        bot_idle_minutes=number(raw.get("bot_idle_minutes", 30), "bot_idle_minutes", "minutes", zero=True),
        first_response_targets=parse_targets(raw.get("first_response_targets")),
        auto_assign_max_chats=_max_chats(raw.get("auto_assign")),
    )
    _reachable(config)
    return config


def _reachable(config: DeskConfig) -> None:
    """Every first-response deadline can be worked out: the working hours give the longest
    target within a year (else every escalation would fail on it)."""
    longest = max([config.first_response_minutes, *config.first_response_targets.values()])
    try:
        config.hours.add_working_time(datetime.now(timezone.utc), longest)
    except ValueError:
        raise ValueError(
            f"a first-response target of {longest:g} minutes is more working time than working_hours "
            "give within a year (holidays left out)"
        ) from None


def _max_chats(raw: object) -> int:
    """auto_assign: {max_chats: N}, N a whole number, 0 (off) or more; absent: off."""
    if raw is None:
        return 0
    limit = raw.get("max_chats", 0) if isinstance(raw, dict) else None
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise ValueError("auto_assign: expected {max_chats: N}, N chats an agent holds at most (0: off)")
    return limit


def _bot_csat_intents(raw: dict) -> Tuple[str, ...]:
    if not isinstance(raw, dict):
        raise ValueError("bot_csat: expected ask and after_intents")
    if raw.get("ask") is False:
        return ()
    intents = raw.get("after_intents", ["goodbye", "thank"])
    if not isinstance(intents, list) or not all(isinstance(name, str) and name for name in intents):
        raise ValueError("bot_csat.after_intents: a list of intent names")
    return tuple(intents)


def read_desk_config(path: Path = DESK_FILE) -> DeskConfig:
    """The file as it is now (ValueError naming what is wrong, OSError, yaml.YAMLError)."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError("expected a mapping of settings (time_zone, working_hours, ...)")
    return parse_desk_config(raw)


@lru_cache(maxsize=4)
def load_desk_config(path: Path = DESK_FILE) -> DeskConfig:
    return read_desk_config(path)
