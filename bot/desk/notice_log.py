"""The durable record of proactive notices (desk_proactive_notices), how many messages Kefu
wrote first to a buyer lately, and the conversation such a message is written into.

A notice is claimed (its unique parcel+kind row) before its message is journaled: a
second run, or a concurrent one, finds the claim and sends nothing. A crash between the
claim and the journal loses that one notice rather than ever sending it twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.commerce.views import sender_id
from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.journal import new_conversation
from bot.desk.models import SCHEMA, Conversation, ProactiveNotice
from bot.desk.promo_tables import PromoMessage
from bot.desk.records import OPEN_STATUSES, ConversationView, Inbound
from bot.desk.rows import conversation_view

NOTICE_CHANNEL = "webhook"  # a buyer who never chatted is reached through the marketplace bridge


class NoticeLog(SqlStore):
    schema = SCHEMA

    def was_sent(self, tracking_number: str, kind: str) -> bool:
        return self._read(
            lambda s: (
                s.execute(
                    select(ProactiveNotice.id).where(
                        ProactiveNotice.tracking_number == tracking_number, ProactiveNotice.kind == kind
                    )
                ).first()
                is not None
            )
        )

    def sent_in_last_day(self, sender_id: str, now: datetime) -> int:
        """Messages Kefu wrote first to this buyer in the last 24 hours: notices and promos
        (the marketplaces cap them together)."""
        since = stamp(now) - timedelta(days=1)
        notices = select(func.count(ProactiveNotice.id)).where(
            ProactiveNotice.sender_id == sender_id, ProactiveNotice.created_at > since
        )
        promos = select(func.count(PromoMessage.id)).where(
            PromoMessage.sender_id == sender_id,
            PromoMessage.created_at > since,
            PromoMessage.status != "skipped",
        )
        return self._read(lambda s: s.execute(notices).scalar_one() + s.execute(promos).scalar_one())

    def claim(self, tracking_number: str, kind: str, sender_id: str, now: datetime) -> int | None:
        """The new notice's id, or None when this parcel's `kind` notice was claimed before."""
        row = ProactiveNotice(
            tracking_number=tracking_number, kind=kind, sender_id=sender_id, created_at=stamp(now)
        )
        return self._insert_once(row)

    def attach(self, notice_id: int, message_id: int) -> None:
        self._write(
            lambda s: s.execute(
                update(ProactiveNotice).where(ProactiveNotice.id == notice_id).values(message_id=message_id)
            )
        )

    def conversation_for(self, marketplace: str, buyer_id: str, now: datetime) -> ConversationView:
        """The buyer's open conversation, else their latest, else a new one on the webhook channel."""
        sender = sender_id(marketplace, buyer_id)

        def work(s: Session) -> ConversationView:
            mine = select(Conversation).where(Conversation.sender_id == sender)
            found = s.execute(mine.where(Conversation.status.in_(OPEN_STATUSES))).scalar()
            if found is None:
                found = s.execute(mine.order_by(Conversation.created_at.desc()).limit(1)).scalar()
            if found is None:
                found = new_conversation(
                    Inbound(NOTICE_CHANNEL, marketplace, buyer_id, "", opened_from="after_sale"), stamp(now)
                )
                s.add(found)
                s.flush()
            return conversation_view(s, found)

        return self._write(work, retry=True)
