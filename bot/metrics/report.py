"""A period's KPIs, one row per seller day (and per group of the chosen breakdown), and the
period's totals per group."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Dict, List, Tuple

from sqlalchemy.engine import Engine

from bot.metrics import facts
from bot.metrics.figures import (
    GROUPS,
    NONE,
    Key,
    MessageTally,
    conversation_figures,
    conversion_figures,
    first_response_figures,
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


@dataclass(frozen=True)
class KpiTotal:
    """A group's figures over the whole period (kpi_totals), printed like a day's row."""

    period: Period
    group: str
    final: bool  # every day of the period is settled (T+3)
    figures: Dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> Dict[str, Any]:
        days = f"{self.period.first.isoformat()}..{self.period.last.isoformat()}"
        return {"day": days, "group": self.group, "final": self.final, **self.figures}


def total_rows(
    engine: Engine, period: Period, by: str | None = None, now: datetime | None = None
) -> List[KpiTotal]:
    """kpi_totals as rows for `kefu kpi --totals`."""
    now = now or datetime.now(timezone.utc)
    final = period.is_final(period.last, now)
    return [KpiTotal(period, group, final, found) for group, found in kpi_totals(engine, period, by).items()]


def kpi_report(
    engine: Engine, period: Period, by: str | None = None, now: datetime | None = None
) -> List[KpiRow]:
    """Every KPI of every day in `period`, per group of `by` (marketplace, language, tier, agent)."""
    by = by or "all"
    now = now or datetime.now(timezone.utc)
    figures = grouped_figures(engine, period, by, period.day_of)
    if by == "all":
        for day in period.days():
            figures.setdefault((day, "all"), grouped_figures_of(MessageTally(), {}, [], []))
    return [
        KpiRow(key[0], key[1], period.is_final(key[0], now), found) for key, found in sorted(figures.items())
    ]


def kpi_totals(engine: Engine, period: Period, by: str | None = None) -> Dict[str, Dict[str, Any]]:
    """The same KPIs over the whole period, per group of `by`: a buyer who wrote on several
    days is one buyer served, a rate is the period's own (not an average of the days')."""
    whole = grouped_figures(engine, period, by or "all", lambda _moment: period.first)
    if not by or by == "all":
        whole.setdefault((period.first, "all"), grouped_figures_of(MessageTally(), {}, [], []))
    return {group: found for (_, group), found in sorted(whole.items())}


def grouped_figures(
    engine: Engine, period: Period, by: str, bucket: Callable[[datetime], date]
) -> Dict[Key, Dict[str, Any]]:
    """The KPIs per (bucket, group): a bucket is a seller day, or the whole period."""
    if by not in GROUPS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}; got {by!r}")
    messages = facts.buyer_messages(engine, period)
    found = facts.conversations(engine, period, also={m.conversation_id for m in messages})
    tallies = tally_messages(messages, found, by, bucket)
    buyer_of = {c.sender_id: (c.marketplace, c.buyer_id) for c in found.values()}
    answered = {buyer_of[s] for t in tallies.values() for s in t.answered if s in buyer_of}
    orders = facts.orders(
        engine, answered, period.start(), period.end() + facts.REPLY_WINDOW + facts.ORDER_WINDOW
    )
    guided = guided_orders(tallies, buyer_of, orders)
    opened: Dict[Key, List[facts.ConversationFacts]] = defaultdict(list)
    # Per agent, a chat's first response is its first answerer's, the rest its resolver's.
    first_answered: Dict[Key, List[facts.ConversationFacts]] = defaultdict(list)
    for conversation in found.values():
        if period.start() <= conversation.opened_at < period.end():
            day = bucket(conversation.opened_at)
            opened[(day, group_of(by, conversation))].append(conversation)
            if by == "agent":
                first_answered[(day, str(conversation.first_agent or NONE))].append(conversation)
    figures = {
        key: grouped_figures_of(
            tallies.get(key) or MessageTally(), buyer_of, guided.get(key, []), opened.get(key, [])
        )
        for key in set(tallies) | set(opened) | set(first_answered)
    }
    if by == "agent":
        for key, found_by_key in figures.items():
            escalated = [c for c in first_answered.get(key, []) if c.first_queued_at is not None]
            found_by_key.update(first_response_figures(escalated))
    return figures


def grouped_figures_of(
    tally: MessageTally,
    buyer_of: Dict[str, Tuple[str, str]],
    guided: List[facts.OrderFacts],
    opened: List[facts.ConversationFacts],
) -> Dict[str, Any]:
    return {
        **message_figures(tally),
        **conversion_figures(tally, buyer_of, guided),
        **conversation_figures(opened),
    }
