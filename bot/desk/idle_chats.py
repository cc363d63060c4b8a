"""Chats the bot had alone and the buyer left: found and closed by the desk's idle sweep
(maintenance.py; seller/desk.yml bot_idle_minutes).

A chat closed for being idle was settled by the bot when the bot answered the buyer's
last message and that answer was not a clarification ("did you mean ...?", the
message's nlu_outcome "clarified"): it is closed as resolved by the bot (event
"resolved", counted as bot-contained), at the time of the bot's last answer so the
idle wait does not add to the resolution time. Otherwise (the buyer left after a
clarification, or the bot never answered) it is closed as abandoned (event
"abandoned"): the KPIs keep it among the bot's unresolved chats (bot/metrics/figures.py).
Either way the buyer may still rate it, as after any close.
"""

from __future__ import annotations

from datetime import datetime
from typing import List, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.models import SCHEMA, Conversation, Message
from bot.desk.records import ConversationStatus, ConversationView
from bot.desk.rows import conversation_view, event

CLARIFIED = "clarified"


class IdleChats(SqlStore):
    schema = SCHEMA

    def idle_bot_chats(self, cutoff: datetime, limit: int = 100) -> List[str]:
        """Chats the bot still has whose buyer last wrote before `cutoff`, oldest first."""
        cutoff = stamp(cutoff)
        last_written = (
            select(func.max(Message.created_at))
            .where(Message.conversation_id == Conversation.id, Message.direction == "in")
            .scalar_subquery()
        )
        query = (
            select(Conversation.id)
            .where(Conversation.status == ConversationStatus.BOT, last_written < cutoff)
            .order_by(Conversation.updated_at)
            .limit(limit)
        )
        return self._read(lambda s: list(s.execute(query).scalars()))

    def close_idle(
        self, conversation_id: str, cutoff: datetime, ask_rating: bool, now: datetime | None = None
    ) -> Tuple[ConversationView, bool] | None:
        """Close the chat if the bot still has it and the buyer has not written since
        `cutoff`: (the closed chat, whether the bot settled it); None if it moved on.
        With ask_rating, the buyer's next 1-5 within the CSAT window is their rating."""
        cutoff, now = stamp(cutoff), stamp(now)

        def work(s: Session):
            # Locked before the buyer's last message is read: one committed meanwhile waits
            # (its journaling updates this row) or is seen; the chat is not closed under it.
            c = s.get(Conversation, conversation_id, with_for_update=True)
            if c is None or c.status != ConversationStatus.BOT:
                return None
            written = s.execute(
                select(Message)
                .where(Message.conversation_id == c.id, Message.direction == "in")
                .order_by(Message.id.desc())
                .limit(1)
            ).scalar()
            if written is None or stamp(written.created_at) >= cutoff:
                return None
            answered_at = s.execute(
                select(func.max(Message.created_at)).where(
                    Message.conversation_id == c.id, Message.author == "bot", Message.id > written.id
                )
            ).scalar()
            settled = answered_at is not None and written.nlu_outcome != CLARIFIED
            kind = "resolved" if settled else "abandoned"
            s.add(event(c.id, kind, now, tier=c.tier, data={"by": "bot", "idle": True}))
            c.status, c.resolved_at = ConversationStatus.RESOLVED, answered_at or written.created_at
            c.updated_at, c.sla_deadline = now, None
            if ask_rating:
                c.csat_requested_at, c.csat_open = now, True
            s.flush()
            return conversation_view(s, c), settled

        return self._write(work)
