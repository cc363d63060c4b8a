"""Each day's KPIs from the facts (facts.py), grouped by day and by one breakdown.

A buyer message counts on the seller's day it was written; a conversation's
figures (escalation, first response, resolution, CSAT) on the day its buyer first wrote
(a chat Kefu opened to write first, a promo or a notice, counts only once the buyer writes).
A figure with nothing to divide by is None, never 0.

Bot containment is the share of conversations resolved with no person involved:
the bot closed them and they were never queued nor written to by an agent (an agent
closing a bot's chat is a person taking part). The bot closes a chat when the buyer
signs off, or when the buyer left (no message for bot_idle_minutes) after an answer
of the bot's that was not a clarification. Bot-only chats not (yet) resolved are
counted apart (bot_unresolved), neither contained nor escalated: those still open,
and those the buyer left after a clarification or with no answer of the bot's
(closed as abandoned, bot/desk/idle_chats.py), which are not resolutions either.
A chat the bot closed is a resolution like an agent's: it counts in the resolution
time and first-contact resolution.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Callable, Dict, Iterable, List, Sequence, Tuple

from bot.metrics.facts import ORDER_WINDOW, REPLY_WINDOW, BuyerMessage, ConversationFacts, OrderFacts

DAY_WINDOW = timedelta(hours=24)
# A buyer back within this long after a resolve was not settled at the first contact.
REOPEN_WINDOW = timedelta(hours=48)
NONE = "-"
AGENT_PREFIX = "agent:"  # an agent's message in the journal: "agent:<username>" (bot/desk/records.py)

Key = Tuple[date, str]

GROUPS: Dict[str, Callable[[ConversationFacts], object]] = {
    "all": lambda c: "all",
    "marketplace": lambda c: c.marketplace,
    "language": lambda c: c.language,
    "tier": lambda c: c.tier,
    "agent": lambda c: c.agent,
}


def _group_of_message(by: str, message: BuyerMessage, conversations: Dict[str, ConversationFacts]) -> str:
    """The group a buyer message counts in: per agent, the agent who answered it, if one did."""
    author = message.answered_by or ""
    if by == "agent" and author.startswith(AGENT_PREFIX):
        return author[len(AGENT_PREFIX) :]
    return group_of(by, conversations.get(message.conversation_id))


def group_of(by: str, conversation: ConversationFacts | None) -> str:
    value = GROUPS[by](conversation) if conversation is not None else None
    return NONE if value is None else str(value)


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def seconds(values: Sequence[float]) -> Tuple[float | None, float | None]:
    """Average and 90th percentile (nearest rank), in seconds."""
    if not values:
        return None, None
    ordered = sorted(values)
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return round(sum(ordered) / len(ordered), 1), round(p90, 1)


@dataclass
class MessageTally:
    received: int = 0
    replied: int = 0
    replied_24h: int = 0
    served: set = field(default_factory=set)
    # sender -> when the buyer was first answered (within the window) for this day's messages
    answered: Dict[str, datetime] = field(default_factory=dict)


def tally_messages(
    messages: Iterable[BuyerMessage],
    conversations: Dict[str, ConversationFacts],
    by: str,
    day_of: Callable[[datetime], date],
) -> Dict[Key, MessageTally]:
    tallies: Dict[Key, MessageTally] = defaultdict(MessageTally)
    for message in messages:
        key = (day_of(message.created_at), _group_of_message(by, message, conversations))
        tally = tallies[key]
        tally.received += 1
        tally.served.add(message.sender_id)
        if message.answered_at is None:
            continue
        waited = message.answered_at - message.created_at
        if waited <= REPLY_WINDOW:
            tally.replied += 1
            first = tally.answered.get(message.sender_id)
            if first is None or message.answered_at < first:
                tally.answered[message.sender_id] = message.answered_at
        if waited <= DAY_WINDOW:
            tally.replied_24h += 1
    return tallies


def message_figures(tally: MessageTally) -> dict:
    return {
        "buyers_served": len(tally.served),
        "buyers_replied": len(tally.answered),
        "buyer_reply_rate": rate(len(tally.answered), len(tally.served)),
        "messages_received": tally.received,
        "messages_replied": tally.replied,
        "reply_rate": rate(tally.replied, tally.received),
        "replies_24h": tally.replied_24h,
        "reply_rate_24h": rate(tally.replied_24h, tally.received),
    }


def guided_orders(
    tallies: Dict[Key, MessageTally], buyer_of: Dict[str, Tuple[str, str]], orders: Sequence[OrderFacts]
) -> Dict[Key, List[OrderFacts]]:
    """Each order within 48 h of an answer, given to one day (and group) only: the one whose
    answer came first. A buyer answered on two days (a message before midnight and one after,
    or a question each day) and ordering once had the order counted on both, so a period's
    guided GMV added up to more than was sold."""
    answers: Dict[Tuple[str, str], List[Tuple[datetime, Key]]] = defaultdict(list)
    for key, tally in tallies.items():
        for sender, answered_at in tally.answered.items():
            if sender in buyer_of:
                answers[buyer_of[sender]].append((answered_at, key))
    given: Dict[Key, List[OrderFacts]] = defaultdict(list)
    for order in orders:
        leading = [
            (answered_at, key)
            for answered_at, key in answers.get((order.marketplace, order.buyer_id), [])
            if answered_at <= order.placed_at <= answered_at + ORDER_WINDOW
        ]
        if leading:
            given[min(leading)[1]].append(order)
    return given


def conversion_figures(
    tally: MessageTally, buyer_of: Dict[str, Tuple[str, str]], orders: Sequence[OrderFacts]
) -> dict:
    """Buyers who ordered within 48 h of being answered, and what those orders were worth."""
    by_buyer: Dict[Tuple[str, str], List[OrderFacts]] = defaultdict(list)
    for order in orders:
        by_buyer[(order.marketplace, order.buyer_id)].append(order)
    converted, guided = 0, 0
    gmv: Dict[str, Decimal] = defaultdict(Decimal)
    for sender, answered_at in tally.answered.items():
        within = [
            o
            for o in by_buyer.get(buyer_of.get(sender, ("", "")), [])
            if answered_at <= o.placed_at <= answered_at + ORDER_WINDOW
        ]
        converted += bool(within)
        guided += len(within)
        for order in within:
            gmv[order.currency] += order.value
    return {
        "converted_buyers": converted,
        "consultation_conversion": rate(converted, len(tally.answered)),
        "guided_orders": guided,
        "guided_gmv": {currency: str(total) for currency, total in sorted(gmv.items())},
    }


def first_response_figures(found: Sequence[ConversationFacts]) -> dict:
    """From a chat's first queueing to a person's first answer (escalated chats only)."""
    first_responses = [
        max(0.0, (c.first_agent_reply_at - c.first_queued_at).total_seconds())
        for c in found
        if c.first_agent_reply_at is not None and c.first_queued_at is not None
    ]
    first_avg, first_p90 = seconds(first_responses)
    return {"first_response_avg_s": first_avg, "first_response_p90_s": first_p90}


def conversation_figures(found: Sequence[ConversationFacts]) -> dict:
    escalated = [c for c in found if c.first_queued_at is not None]
    bot_only = [c for c in found if c.first_queued_at is None and not c.agent_wrote]
    contained = [c for c in bot_only if c.resolved_at is not None and c.resolved_by_bot and not c.abandoned]
    with_the_bot = [c for c in bot_only if c.resolved_at is None or c.abandoned]
    resolved = [c for c in found if c.resolved_at is not None and not c.abandoned]
    resolutions = [(c.resolved_at - c.opened_at).total_seconds() for c in resolved if c.resolved_at]
    settled_first_time = [
        c
        for c in resolved
        if c.resolved_at and (c.next_opened_at is None or c.next_opened_at > c.resolved_at + REOPEN_WINDOW)
    ]
    ratings = [c.csat for c in found if c.csat is not None]
    resolution_avg, resolution_p90 = seconds(resolutions)
    return {
        "conversations": len(found),
        "escalated": len(escalated),
        "escalation_rate": rate(len(escalated), len(found)),
        "bot_contained": len(contained),
        "bot_containment": rate(len(contained), len(found)),
        "bot_unresolved": len(with_the_bot),
        **first_response_figures(escalated),
        "resolved": len(resolved),
        "resolution_avg_s": resolution_avg,
        "resolution_p90_s": resolution_p90,
        "first_contact_resolved": len(settled_first_time),
        "first_contact_resolution": rate(len(settled_first_time), len(resolved)),
        "sla_breaches": sum(1 for c in found if c.breached),
        "csat_count": len(ratings),
        "csat_avg": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "csat_distribution": {str(score): ratings.count(score) for score in range(1, 6)},
    }
