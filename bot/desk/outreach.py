"""What every message Kefu writes first shares (parcel notices, promo campaigns): the
marketplace's rule on seller-initiated messages, then the message journaled in the buyer's
conversation and delivered through its channel.

The rule (seller/notices.yml, per marketplace): the kind must be allowed, never in quiet
hours (the buyer's zone), and no more than max_per_buyer_per_day in 24 hours, notices and
promos together. A held message may go out on a later run. The message is journaled as
`system` and copied into the Rasa tracker by the desk's catch-up (rasa_synced=False).
Database calls run off the event loop: the desk runs these in its own loops.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Dict, List, Tuple

from bot.channels.outbound import Deliveries
from bot.desk.journal import Journal
from bot.desk.notice_log import NoticeLog
from bot.desk.records import Author, ConversationView, MessageView, Outgoing
from bot.seller.notices import MarketplaceNotices

FORBIDDEN = "forbidden"  # the marketplace allows no such message: never
HELD = "held"  # quiet hours or the buyer's daily cap: on a later run

# (language, text) for the conversation the message goes into
Compose = Callable[[ConversationView], Tuple[str, str]]


@dataclass(frozen=True)
class Written:
    message: MessageView
    delivery: str  # web (the buyer reads it when they poll) | sent | failed


@dataclass
class Outreach:
    journal: Journal
    log: NoticeLog
    deliveries: Deliveries

    async def refusal(
        self, rules: MarketplaceNotices, kind: str, sender_id: str, now: datetime
    ) -> str | None:
        """None when the marketplace's rules let a `kind` message reach this buyer now."""
        if not rules.allows(kind):
            return FORBIDDEN
        if rules.quiet_at(now):
            return HELD
        if await asyncio.to_thread(self.log.sent_in_last_day, sender_id, now) >= rules.max_per_buyer_per_day:
            return HELD
        return None

    async def write(self, marketplace: str, buyer_id: str, compose: Compose, now: datetime) -> Written:
        """Journal the message in the buyer's conversation (a new one if they never chatted), deliver it."""
        conversation = await asyncio.to_thread(self.log.conversation_for, marketplace, buyer_id, now)
        language, text = compose(conversation)
        delivery = "web" if conversation.channel == "web" else "pending"
        messages = await asyncio.to_thread(
            self.journal.record_outbound,
            conversation.id,
            [Outgoing(text, Author.SYSTEM, language=language)],
            None,
            delivery,
            False,
            now,
        )
        outcome: Dict[str, str] = {"delivery": delivery}

        async def report(ids: List[int], status: str, attempts: int) -> None:
            outcome["delivery"] = status
            await asyncio.to_thread(self.journal.mark_delivery, ids, status, attempts)

        if delivery == "pending":
            await self.deliveries.deliver(messages, conversation, report)
        return Written(messages[0], outcome["delivery"])
