"""A period's KPIs, one row per seller day (and per group of the chosen breakdown)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Dict, List

from sqlalchemy.engine import Engine

from bot.metrics import facts
from bot.metrics.figures import (
    GROUPS,
    Key,
    MessageTally,
    conversation_figures,
    conversion_figures,
    group_of,
    guided_orders,
    message_figures,
    tally_messages,
)
from bot.metrics.periods import Period

BREAKDOWNS = tuple(name for name in GROUPS if name != "all")


@dataclass(frozen=True)
class KpiRow:
    day: date
    group: str  # "all", or the marketplace, language, tier or agent
    final: bool  # settled: the day is at least three days past (T+3)
    figures: Dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> Dict[str, Any]:
        return {"day": self.day.isoformat(), "group": self.group, "final": self.final, **self.figures}


def kpi_report(
    engine: Engine, period: Period, by: str | None = None, now: datetime | None = None
) -> List[KpiRow]:
    """Every KPI of every day in `period`, per group of `by` (marketplace, language, tier, agent)."""
    by = by or "all"
    if by not in GROUPS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}; got {by!r}")
    now = now or datetime.now(timezone.utc)
    messages = facts.buyer_messages(engine, period)
    found = facts.conversations(engine, period, also={m.conversation_id for m in messages})
    tallies = tally_messages(messages, found, by, period.day_of)
    buyer_of = {c.sender_id: (c.marketplace, c.buyer_id) for c in found.values()}
    answered = {buyer_of[s] for t in tallies.values() for s in t.answered if s in buyer_of}
    orders = facts.orders(
        engine, answered, period.start(), period.end() + facts.REPLY_WINDOW + facts.ORDER_WINDOW
    )
    guided = guided_orders(tallies, buyer_of, orders)
    opened: Dict[Key, List[facts.ConversationFacts]] = defaultdict(list)
    for conversation in found.values():
        if period.start() <= conversation.opened_at < period.end():
            opened[(period.day_of(conversation.opened_at), group_of(by, conversation))].append(conversation)
    keys = set(tallies) | set(opened)
    if by == "all":
        keys |= {(day, "all") for day in period.days()}
    rows = []
    for key in sorted(keys):
        tally = tallies.get(key) or MessageTally()
        figures = {
            **message_figures(tally),
            **conversion_figures(tally, buyer_of, guided.get(key, [])),
            **conversation_figures(opened.get(key, [])),
        }
        rows.append(KpiRow(key[0], key[1], period.is_final(key[0], now), figures))
    return rows
