"""Routing rules: which agent tier gets an escalated conversation.

The seller edits seller/routing.yml; the first matching rule wins. An edit counts from the
next escalation, with no restart: an edit that breaks the file is logged and the rules read
before it stay in force. A rule may
also name the queue the chat belongs to, from where the buyer opened it: an
order page, the order list or a dispute is after-sale, anything else (a
product page, the shop) pre-sale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot import PROJECT_ROOT
from bot.intents import ORDER_INTENTS
from bot.seller.file_stamp import Stamp, file_stamp

logger = logging.getLogger(__name__)

ROUTING_FILE = PROJECT_ROOT / "seller" / "routing.yml"
TIERS = (1, 2, 3)
QUEUES = ("pre_sale", "after_sale")
# Where a chat can be opened that makes it after-sale (the channel's `opened_from`).
AFTER_SALE_SOURCES = (
    "after_sale",
    "order",
    "order_page",
    "order_list",
    "order_detail",
    "dispute",
    "return",
)


# Why the bot handed a chat over that makes it after-sale wherever it was opened: the web
# chat names no source, and a refund, a parcel or a dispute sat in the pre-sale tab.
AFTER_SALE_REASONS = (
    *ORDER_INTENTS,
    "not_received", "late_shipment", "order_closed", "awaiting_pickup", "delivery_note",
    "address_change", "exchange", "warranty", "invoice", "compensation",
)  # fmt: skip


def queue_after_escalation(opened_from: str, reason: str) -> str:
    """The queue of a chat the bot escalated for `reason`, opened from the `opened_from` queue."""
    about_an_order = reason in AFTER_SALE_REASONS or reason.startswith("disputes_")
    return "after_sale" if about_an_order else opened_from


def queue_of(source: object) -> str:
    """The queue a chat opened from `source` belongs to: pre_sale or after_sale. Any value a
    channel's metadata holds (5, a list): no source named, so pre-sale, not a failed handoff."""
    named = source.strip().lower() if isinstance(source, str) else ""
    return "after_sale" if named in AFTER_SALE_SOURCES else "pre_sale"


@dataclass(frozen=True)
class Escalation:
    reason: str
    topic: str | None = None
    vip: bool = False
    previous_escalations: int = 0
    opened_from: str = "pre_sale"  # the queue: pre_sale | after_sale (see queue_of)


@dataclass(frozen=True)
class Rule:
    tier: int
    reasons: frozenset | None = None
    topics: frozenset | None = None
    vip: bool | None = None
    previous_escalations_at_least: int | None = None
    opened_from: frozenset | None = None

    def matches(self, case: Escalation) -> bool:
        return (
            (self.reasons is None or case.reason in self.reasons)
            and (self.topics is None or case.topic in self.topics)
            and (self.vip is None or case.vip == self.vip)
            and (self.opened_from is None or queue_of(case.opened_from) in self.opened_from)
            and (
                self.previous_escalations_at_least is None
                or case.previous_escalations >= self.previous_escalations_at_least
            )
        )


def _one_or_many(entry: dict, key: str) -> frozenset | None:
    """The names a rule lists under `key`; one name may be written alone (`reason: complaint`),
    which frozenset() would split into its letters."""
    if key not in entry:
        return None
    value = entry[key]
    return frozenset([value] if isinstance(value, str) else value)


def parse_rules(raw: dict) -> List[Rule]:
    rules = []
    for index, entry in enumerate(raw.get("rules") or [], start=1):
        tier = entry.get("tier")
        if tier not in TIERS:
            raise ValueError(f"routing rule {index}: tier must be one of {TIERS}, got {tier!r}")
        queues = _one_or_many(entry, "opened_from")
        if queues is not None and (not queues or not queues <= set(QUEUES)):
            raise ValueError(
                f"routing rule {index}: opened_from must list some of {QUEUES}, got {entry['opened_from']!r}"
            )
        rules.append(
            Rule(
                tier=tier,
                reasons=_one_or_many(entry, "reason"),
                topics=_one_or_many(entry, "topic"),
                vip=entry.get("vip"),
                previous_escalations_at_least=entry.get("previous_escalations_at_least"),
                opened_from=queues,
            )
        )
    if not rules or rules[-1] != Rule(tier=rules[-1].tier):
        raise ValueError("routing rules need a final catch-all rule (a tier with no conditions)")
    return rules


# path -> (the file's stamp when read, the rules read from it)
_LOADED: Dict[Path, Tuple[Stamp | None, List[Rule]]] = {}


def load_rules(path: Path = ROUTING_FILE) -> List[Rule]:
    """The file's rules, read again when it changed (its modification time and size)."""
    path = Path(path)
    stamp = file_stamp(path)
    loaded = _LOADED.get(path)
    if loaded is not None and loaded[0] == stamp:
        return loaded[1]
    try:
        rules = parse_rules(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (ValueError, TypeError, AttributeError, yaml.YAMLError) as exc:  # a broken edit
        if loaded is None:
            raise
        logger.error("%s: %s; the rules read before stay in force", path, exc)
        rules = loaded[1]
    _LOADED[path] = (stamp, rules)
    return rules


def choose_tier(case: Escalation, rules: List[Rule] | None = None) -> int:
    for rule in rules if rules is not None else load_rules():
        if rule.matches(case):
            return rule.tier
    return 1
