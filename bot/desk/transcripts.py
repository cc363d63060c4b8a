"""Reading the journal back: conversations, their messages, notes and events, the web
chat's poll, and the replies still owed to Rasa's tracker or to a marketplace."""

from __future__ import annotations

from datetime import datetime
from typing import List

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.journal_sql import CLAIM_DELIVERY, HOLD_DELIVERIES, RATING_ASKED_SINCE, SETTLED_AMONG
from bot.desk.models import SCHEMA, Agent, Conversation, DeskEvent, Message, Note
from bot.desk.records import OPEN_STATUSES, ConversationStatus, ConversationView, MessageView, NoteView
from bot.desk.rows import conversation_view, maybe, message_view, note_view


class Transcripts(SqlStore):
    schema = SCHEMA

    def conversation(self, conversation_id: str) -> ConversationView | None:
        return self._read(
            lambda s: maybe(lambda c: conversation_view(s, c), s.get(Conversation, conversation_id))
        )

    def open_conversation(self, sender_id: str) -> ConversationView | None:
        def work(s: Session):
            found = s.execute(
                select(Conversation).where(
                    Conversation.sender_id == sender_id, Conversation.status.in_(OPEN_STATUSES)
                )
            ).scalar()
            return maybe(lambda c: conversation_view(s, c), found)

        return self._read(work)

    def queued_conversations(self) -> List[ConversationView]:
        def work(s: Session):
            rows = s.execute(
                select(Conversation)
                .where(Conversation.status == ConversationStatus.QUEUED)
                .order_by(Conversation.sla_deadline)
            ).scalars()
            return [conversation_view(s, c) for c in rows]

        return self._read(work)

    def messages(self, conversation_id: str) -> List[MessageView]:
        return self._messages(Message.conversation_id == conversation_id)

    def replies_since(self, sender_id: str, after: int = 0, limit: int = 100) -> List[MessageView]:
        """Replies to this buyer (any conversation) newer than message id `after`: the web chat's poll."""
        return self._messages(
            Message.sender_id == sender_id, Message.direction == "out", Message.id > after, limit=limit
        )

    def chat_since(
        self, sender_id: str, after: int = 0, both_sides: bool = False, limit: int = 100
    ) -> List[MessageView]:
        """The web chat's poll: replies newer than message id `after`; with `both_sides` (a page's
        first load) the buyer's own messages too, so a reload shows the whole chat (it brought
        back the replies alone: a console review, 2026-12-07)."""
        if not both_sides:
            return self.replies_since(sender_id, after, limit)
        return self._messages(Message.sender_id == sender_id, Message.id > after, limit=limit)

    def unsynced_messages(self, limit: int = 100) -> List[MessageView]:
        return self._messages(Message.rasa_synced.is_(False), limit=limit)

    def pending_deliveries(self, before: datetime, limit: int = 100) -> List[MessageView]:
        """Replies to webhook buyers not yet delivered and held by no desk since `before`
        (the desk delivering them stopped mid-retry); claim_deliveries takes them over."""
        held_before = or_(
            Message.resumed_at < before, and_(Message.resumed_at.is_(None), Message.created_at < before)
        )
        return self._messages(Message.delivery == "pending", held_before, limit=limit)

    def claim_deliveries(self, message_ids: List[int], now: datetime, stale: datetime) -> List[int]:
        """Which of these pending replies this desk now holds: those no desk took up since
        `stale`. Two desks sweeping at once each get their own, none twice."""

        def work(c) -> List[int]:
            taken = {"now": now, "stale": stale}
            claimed = [c.execute(CLAIM_DELIVERY, {"message": i, **taken}).rowcount for i in message_ids]
            return [i for i, count in zip(message_ids, claimed) if count == 1]

        return self._write_sql(work) if message_ids else []

    def hold_deliveries(self, message_ids: List[int], now: datetime) -> None:
        """Still delivering these (a batch moves on, or waited its turn): no other desk takes them."""
        if message_ids:
            held = {"messages": message_ids, "resumed_at": now}
            self._write_sql(lambda c: c.execute(HOLD_DELIVERIES, held))

    def settled_ids(self, message_ids: List[int]) -> List[int]:
        """Which of these replies are no longer pending: sent, or given up by another delivery."""
        if not message_ids:
            return []
        ids = {"messages": list(message_ids)}
        return self._read_sql(lambda c: list(c.execute(SETTLED_AMONG, ids).scalars()))

    def last_buyer_text(self, conversation_id: str) -> str:
        return (
            self._read(
                lambda s: s.execute(
                    select(Message.text)
                    .where(Message.conversation_id == conversation_id, Message.direction == "in")
                    .order_by(Message.id.desc())
                    .limit(1)
                ).scalar()
            )
            or ""
        )

    def recent_buyer_texts(self, conversation_id: str, limit: int) -> List[str]:
        """The buyer's last `limit` messages in the conversation, oldest first."""
        query = (
            select(Message.text)
            .where(Message.conversation_id == conversation_id, Message.direction == "in")
            .order_by(Message.id.desc())
            .limit(limit)
        )
        return self._read(lambda s: [text or "" for text in s.execute(query).scalars()][::-1])

    def rating_asked_since(self, sender_id: str, since: datetime) -> bool:
        """Whether the buyer was asked for a rating after `since` (answered or not)."""
        asked = {"sender": sender_id, "since": stamp(since)}
        return self._read_sql(lambda c: c.execute(RATING_ASKED_SINCE, asked).first() is not None)

    def notes(self, conversation_id: str) -> List[NoteView]:
        def work(s: Session):
            rows = s.execute(
                select(Note, Agent.username)
                .join(Agent, Note.agent_id == Agent.id)
                .where(Note.conversation_id == conversation_id)
                .order_by(Note.id)
            ).all()
            return [note_view(note, username) for note, username in rows]

        return self._read(work)

    def events(self, conversation_id: str) -> List[dict]:
        def work(s: Session):
            rows = s.execute(
                select(DeskEvent).where(DeskEvent.conversation_id == conversation_id).order_by(DeskEvent.id)
            ).scalars()
            return [
                {
                    "kind": e.kind,
                    "agent_id": e.agent_id,
                    "tier": e.tier,
                    "reason": e.reason,
                    "data": dict(e.data or {}),
                    "created_at": e.created_at,
                }
                for e in rows
            ]

        return self._read(work)

    def _messages(self, *where, limit: int | None = None) -> List[MessageView]:
        """Messages matching `where`, oldest first."""
        stmt = select(Message).where(*where).order_by(Message.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        return self._read(lambda s: [message_view(m) for m in s.execute(stmt).scalars()])
