"""Proactive notices: Kefu writes first when a parcel waits at a post office, stalls or arrives.

Run after a tracking import and by `kefu notices run`. Each parcel's news goes out once
per kind (NoticeLog), only where the marketplace's rules (seller/notices.yml) allow it:
outside quiet hours and under the buyer's daily cap; a held notice goes out on a later
run. The text is the buyer's language (their conversation's, else their buyer record's,
else the marketplace's), journaled as a system message, then delivered through the
conversation's channel (web chat buyers read it when they poll).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, List

from sqlalchemy.engine import Engine

from bot.commerce.parcel_news import ParcelNews, parcel_news
from bot.desk.channels import Deliveries
from bot.desk.journal import Journal
from bot.desk.notice_log import NoticeLog
from bot.desk.records import Author, Outgoing
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
    journal: Journal
    log: NoticeLog
    commerce: Engine
    catalogue: Catalogue
    deliveries: Deliveries
    rules: NoticeRules
    clock: Callable[[], datetime]

    async def run(self) -> NoticeReport:
        now = self.clock()
        report = NoticeReport()
        for news in parcel_news(self.commerce, now, self.rules.stalled_after_days):
            outcome = await self._consider(news, now)
            if outcome == "sent":
                report.sent.append(news)
            elif outcome == "held":
                report.held.append(news)
        return report

    async def _consider(self, news: ParcelNews, now: datetime) -> str:
        rules = self.rules.of(news.marketplace)
        if not rules.allows(news.kind) or self.log.was_sent(news.tracking_number, news.kind):
            return "skipped"
        sender_id = f"{news.marketplace}:{news.buyer_id}"
        if rules.quiet_at(now) or self.log.sent_in_last_day(sender_id, now) >= rules.max_per_buyer_per_day:
            return "held"
        notice_id = self.log.claim(news.tracking_number, news.kind, sender_id, now)
        if notice_id is None:
            return "skipped"  # a concurrent run claimed it
        conversation = self.log.conversation_for(news.marketplace, news.buyer_id, now)
        language = conversation.language or news.buyer_language or rules.language
        text = self.catalogue.render(f"utter_notice_{news.kind}", language, _values(news))["text"]
        delivery = "web" if conversation.channel == "web" else "pending"
        # rasa_synced=False: the desk's tracker catch-up copies the notice into the Rasa transcript.
        messages = self.journal.record_outbound(
            conversation.id, [Outgoing(text, Author.SYSTEM, language=language)], None, delivery, False, now
        )
        self.log.attach(notice_id, messages[0].id)
        if delivery == "pending":
            await self.deliveries.deliver(messages, conversation, self._report)
        return "sent"

    async def _report(self, ids: List[int], status: str, attempts: int) -> None:
        self.journal.mark_delivery(ids, status, attempts)


def _values(news: ParcelNews) -> dict[str, Any]:
    return {
        "tracking_number": news.tracking_number,
        "order_number": news.order_number,
        "place": news.place,
        "event_date": news.event_date,
    }
