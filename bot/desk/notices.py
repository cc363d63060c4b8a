"""Proactive notices: Kefu writes first when a parcel waits at a post office, stalls or arrives.

Run after a tracking import, by `kefu notices run` and by the desk every
KEFU_NOTICES_SECONDS. Each parcel's news goes out once per kind (NoticeLog), only where
the marketplace's rules (seller/notices.yml, checked in outreach.py) allow it: outside
quiet hours and under the buyer's daily cap; a held notice goes out on a later run.
The text is the buyer's language (their conversation's, else their buyer record's, else
the marketplace's), journaled as a system message, then delivered through the
conversation's channel (web chat buyers read it when they poll).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, List, Tuple

from sqlalchemy.engine import Engine

from bot.commerce.parcel_news import ParcelNews, parcel_news
from bot.commerce.views import sender_id
from bot.desk.outreach import FORBIDDEN, HELD, Outreach
from bot.desk.records import ConversationView
from bot.nlg.catalogue import Catalogue
from bot.seller.notices import NoticeRules

logger = logging.getLogger(__name__)


@dataclass
class NoticeReport:
    sent: List[ParcelNews] = field(default_factory=list)
    held: List[ParcelNews] = field(default_factory=list)  # quiet hours or the daily cap: later

    def summary(self) -> str:
        return f"proactive notices: {len(self.sent)} sent, {len(self.held)} held for later"


@dataclass
class NoticeService:
    outreach: Outreach
    commerce: Engine
    catalogue: Catalogue
    rules: NoticeRules
    clock: Callable[[], datetime]

    async def run(self) -> NoticeReport:
        now = self.clock()
        report = NoticeReport()
        found = await asyncio.to_thread(parcel_news, self.commerce, now, self.rules.stalled_after_days)
        for news in found:
            outcome = await self._consider(news, now)
            if outcome == "sent":
                report.sent.append(news)
            elif outcome == HELD:
                report.held.append(news)
        return report

    async def _consider(self, news: ParcelNews, now: datetime) -> str:
        rules, log = self.rules.of(news.marketplace), self.outreach.log
        sender = sender_id(news.marketplace, news.buyer_id)
        refusal = await self.outreach.refusal(rules, news.kind, sender, now)
        if refusal == FORBIDDEN or await asyncio.to_thread(log.was_sent, news.tracking_number, news.kind):
            return "skipped"
        if refusal == HELD:
            return HELD
        notice_id = await asyncio.to_thread(log.claim, news.tracking_number, news.kind, sender, now)
        if notice_id is None:
            return "skipped"  # a concurrent run claimed it

        def compose(conversation: ConversationView) -> Tuple[str, str]:
            language = conversation.language or news.buyer_language or rules.language
            return language, self.catalogue.render(f"utter_notice_{news.kind}", language, _values(news))[
                "text"
            ]

        written = await self.outreach.write(news.marketplace, news.buyer_id, compose, now)
        await asyncio.to_thread(log.attach, notice_id, written.message.id)
        return "sent"


def _values(news: ParcelNews) -> dict[str, Any]:
    return {
        "tracking_number": news.tracking_number,
        "order_number": news.order_number,
        "place": news.place,
        "event_date": news.event_date,
    }
