"""The desk's journal: every buyer message written before anything else happens to it,
and every reply (bot, desk or agent) with its delivery state.

Journal is the desk's whole SQL side on one engine, as the hub uses it: the
message writes here, reading back (transcripts.py), a conversation's status
changes (lifecycle.py), agent accounts (accounts.py), agents' look-ups (history.py) and
idle bot chats (idle_chats.py). Each method is one
short transaction (bot/db/store.py); the hub calls them through a thread,
never on the event loop.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.types import stamp
from bot.desk.accounts import AgentAccounts
from bot.desk.history import ConversationHistory
from bot.desk.idle_chats import IdleChats
from bot.desk.lifecycle import ConversationLifecycle
from bot.desk.models import Conversation, CsatAnswer, Message
from bot.desk.records import (
    OPEN_STATUSES,
    Author,
    BuyerReading,
    ConversationStatus,
    Inbound,
    MessageView,
    Missing,
    NluResult,
    Outgoing,
    Recorded,
)
from bot.desk.rows import conversation_view, event, message_view
from bot.desk.transcripts import Transcripts


class Journal(ConversationLifecycle, Transcripts, AgentAccounts, ConversationHistory, IdleChats):
    # -- buyer messages ----------------------------------------------------

    def record_inbound(
        self, inbound: Inbound, rating: int | None = None, now: datetime | None = None, csat_hours: float = 24
    ) -> Recorded:
        """Journal a buyer message (first thing the desk does with it) in its conversation.

        A message whose channel id was journaled before comes back as a duplicate
        with the replies its first copy got. The first message after a resolve
        that is a 1-5 rating (`rating`) is stored as the buyer's CSAT answer;
        anything else opens a new conversation. A concurrent copy of the message,
        or a concurrent first message of the buyer, wins a unique index: the
        retry finds its row.
        """
        now = stamp(now)
        return self._write(lambda s: self._record_inbound(s, inbound, rating, now, csat_hours), retry=True)

    def _record_inbound(
        self, s: Session, inbound: Inbound, rating: int | None, now: datetime, csat_hours: float
    ) -> Recorded:
        key = inbound.dedup_key
        if key:
            first = s.execute(select(Message).where(Message.dedup_key == key)).scalar()
            if first is not None:
                replies = s.execute(
                    select(Message).where(Message.reply_to == first.id).order_by(Message.id)
                ).scalars()
                conversation = s.get(Conversation, first.conversation_id)
                return Recorded(
                    conversation_view(s, conversation),
                    message_view(first),
                    "duplicate",
                    tuple(message_view(m) for m in replies),
                )
        kind = "message"
        previous_inbound_at = s.execute(
            select(Message.created_at)
            .where(Message.sender_id == inbound.sender_id, Message.direction == "in")
            .order_by(Message.id.desc())
            .limit(1)
        ).scalar()
        conversation = s.execute(
            select(Conversation).where(
                Conversation.sender_id == inbound.sender_id, Conversation.status.in_(OPEN_STATUSES)
            )
        ).scalar()
        if conversation is None:
            awaiting = s.execute(
                select(Conversation)
                .where(Conversation.sender_id == inbound.sender_id, Conversation.csat_open.is_(True))
                .order_by(Conversation.resolved_at.desc())
                .limit(1)
            ).scalar()
            in_window = (
                awaiting is not None
                and awaiting.csat_requested_at is not None
                and awaiting.csat_requested_at >= now - timedelta(hours=csat_hours)
            )
            if awaiting is not None:
                awaiting.csat_open = False
            if in_window and rating is not None:
                conversation, kind = awaiting, "csat"
                conversation.csat = rating
            else:
                conversation = new_conversation(inbound, now)
                s.add(conversation)
        else:
            conversation.updated_at = now
            # Replies go where the buyer last wrote: a chat Kefu opened with a notice (on the
            # seller's webhook) continues in the marketplace's chat once the buyer answers there.
            conversation.channel = inbound.channel
            conversation.vip = conversation.vip or inbound.vip
            if inbound.language and not conversation.language:
                conversation.language = inbound.language
        message = Message(
            conversation_id=conversation.id,
            sender_id=inbound.sender_id,
            direction="in",
            author=Author.BUYER.label(),
            text=inbound.text,
            buttons=[],
            attachments=list(inbound.attachments),
            language=inbound.language,
            channel=inbound.channel,
            dedup_key=key,
            rasa_synced=True,
            created_at=now,
        )
        s.add(message)
        s.flush()
        if kind == "csat":
            s.add(
                CsatAnswer(
                    conversation_id=conversation.id, score=rating, message_id=message.id, created_at=now
                )
            )
            s.add(event(conversation.id, "csat", now, data={"score": rating}))
        return Recorded(
            conversation_view(s, conversation),
            message_view(message),
            kind,
            previous_inbound_at=previous_inbound_at,
        )

    def update_nlu(self, message_id: int, nlu: NluResult, outcome: str | None = None) -> None:
        """What Rasa made of a buyer message (its language is also the conversation's), and what
        the bot did about its doubt (`outcome`: clarified, handed_off), for the trainer's inbox."""
        self._write(lambda s: _note_nlu(s, BuyerReading(message_id, nlu, outcome)))

    # -- replies -----------------------------------------------------------

    def record_outbound(
        self,
        conversation_id: str,
        items: Sequence[Outgoing],
        reply_to: int | None = None,
        delivery: str | None = None,
        rasa_synced: bool = True,
        now: datetime | None = None,
        reading: BuyerReading | None = None,
    ) -> List[MessageView]:
        """The replies, and with `reading` what Rasa made of the message they answer, in one
        transaction (update_nlu's)."""
        now = stamp(now)

        def work(s: Session) -> List[MessageView]:
            if reading is not None:
                _note_nlu(s, reading)
            conversation = s.execute(
                select(
                    Conversation.id,
                    Conversation.sender_id,
                    Conversation.channel,
                    Conversation.language,
                    Conversation.first_agent_reply_at,
                ).where(Conversation.id == conversation_id)
            ).one_or_none()
            if conversation is None:
                raise Missing(f"no conversation {conversation_id}")
            rows = []
            changes: Dict[str, Any] = {"updated_at": now}
            for item in items:
                row = Message(
                    conversation_id=conversation.id,
                    sender_id=conversation.sender_id,
                    direction="out",
                    author=item.author,
                    agent_id=item.agent_id,
                    text=item.text,
                    buttons=[dict(b) for b in item.buttons],
                    attachments=[],
                    language=item.language or conversation.language,
                    channel=conversation.channel,
                    reply_to=reply_to,
                    delivery=delivery,
                    delivery_attempts=0,
                    rasa_synced=rasa_synced,
                    created_at=now,
                )
                s.add(row)
                rows.append(row)
                first = conversation.first_agent_reply_at is None and "first_agent_reply_at" not in changes
                if item.by is Author.AGENT and first:
                    changes["first_agent_reply_at"] = now
                    s.add(event(conversation.id, "first_agent_reply", now, agent_id=item.agent_id))
            s.flush()
            # Statements, not loaded objects: this runs for every reply the desk journals.
            s.execute(
                update(Conversation)
                .where(Conversation.id == conversation.id)
                .values(**changes)
                .execution_options(synchronize_session=False)
            )
            return [message_view(row) for row in rows]

        return self._write(work)

    def mark_delivery(self, message_ids: Iterable[int], status: str, attempts: int | None = None) -> None:
        ids = list(message_ids)
        values: Dict[str, Any] = {"delivery": status}
        if attempts is not None:
            values["delivery_attempts"] = attempts
        if ids:
            self._write(lambda s: s.execute(update(Message).where(Message.id.in_(ids)).values(**values)))

    def mark_rasa_synced(self, message_ids: Iterable[int]) -> None:
        ids = list(message_ids)
        if ids:
            self._write(
                lambda s: s.execute(update(Message).where(Message.id.in_(ids)).values(rasa_synced=True))
            )


def _note_nlu(s: Session, reading: BuyerReading) -> None:
    """What Rasa made of a buyer message, onto its row (and its language onto the
    conversation), in statements: no row is loaded. A message that is gone changes nothing."""
    nlu = reading.nlu
    values: Dict[str, Any] = {}
    if nlu.language:
        values["language"] = nlu.language
    if nlu.intent:
        values.update(
            intent=nlu.intent,
            nlu_confidence=nlu.confidence,
            nlu_ranking=[dict(found) for found in nlu.ranking],
        )
    if reading.outcome:
        values["nlu_outcome"] = reading.outcome
    if not values:
        return
    quiet = {"synchronize_session": False}
    s.execute(
        update(Message).where(Message.id == reading.message_id).values(**values).execution_options(**quiet)
    )
    if nlu.language:
        of_message = select(Message.conversation_id).where(Message.id == reading.message_id).scalar_subquery()
        s.execute(
            update(Conversation)
            .where(Conversation.id == of_message)
            .values(language=nlu.language)
            .execution_options(**quiet)
        )


def new_conversation(inbound: Inbound, now: datetime) -> Conversation:
    """A buyer's new episode, opened by their message (or by a notice Kefu writes first)."""
    return Conversation(
        id=uuid.uuid4().hex,
        sender_id=inbound.sender_id,
        buyer_id=inbound.buyer_id,
        marketplace=inbound.marketplace,
        channel=inbound.channel,
        opened_from=inbound.opened_from,
        vip=inbound.vip,
        language=inbound.language,
        status=ConversationStatus.BOT,
        tags=[],
        breached=False,
        escalations=0,
        bot_paused=False,
        csat_open=False,
        created_at=now,
        updated_at=now,
    )
