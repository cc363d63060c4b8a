"""The desk's journal: every buyer message written before anything else happens to it,
and every reply (bot, desk or agent) with its delivery state.

Journal is the desk's whole SQL side on one engine, as the hub uses it: the
message writes here, reading back (transcripts.py), a conversation's status
changes (lifecycle.py, reopening.py), agent accounts (accounts.py), agents' look-ups (history.py) and
idle bot chats (idle_chats.py). Each method is one
short transaction (bot/db/store.py); the hub calls them through a thread,
never on the event loop.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Sequence, Tuple

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from bot.db.types import stamp
from bot.desk import journal_sql as sql
from bot.desk.accounts import AgentAccounts
from bot.desk.annotations import ConversationAnnotations
from bot.desk.errors import NotAllowed
from bot.desk.history import ConversationHistory
from bot.desk.idle_chats import IdleChats
from bot.desk.models import Conversation, CsatAnswer
from bot.desk.quick_replies import QuickReplies
from bot.desk.records import (
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
from bot.desk.reopening import ReopenedChats
from bot.desk.rows import conversation_view, message_view
from bot.desk.transcripts import Transcripts

# Longer than a buyer message's handling can take (the desk's patience with Rasa, its retries
# and the reply's delivery): a copy of an unanswered message older than this is taken up again.
RESUME_AFTER_SECONDS = 120.0


class Journal(
    ReopenedChats,
    ConversationAnnotations,
    Transcripts,
    AgentAccounts,
    ConversationHistory,
    IdleChats,
    QuickReplies,
):
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
        return self._write_sql(lambda c: _record_inbound(c, inbound, rating, now, csat_hours), retry=True)

    def update_nlu(
        self, message_id: int, nlu: NluResult, outcome: str | None = None, handled_at: datetime | None = None
    ) -> None:
        """What Rasa made of a buyer message (its language is also the conversation's), and what
        the bot did about its doubt (`outcome`: clarified, handed_off), for the trainer's inbox;
        `handled_at`: the desk is done with the message too (it needed no reply)."""

        def work(c: Connection) -> None:
            _note_nlu(c, BuyerReading(message_id, nlu, outcome))
            if handled_at is not None:
                _mark_handled(c, message_id, stamp(handled_at))

        self._write_sql(work)

    def unhandled_messages(self, since: datetime, before: datetime, limit: int = 50) -> List[MessageView]:
        """Buyer messages the desk never finished with (it stopped while at them), journaled
        between `since` and `before`, each the last its buyer wrote in a chat the bot has: a
        later message was answered in its place, and a person's chat is theirs to answer."""

        def read(c: Connection) -> List[MessageView]:
            rows = c.execute(sql.UNHANDLED, {"since": stamp(since), "before": stamp(before), "limit": limit})
            return [message_view(m) for m in rows]

        return self._read_sql(read)

    def claim_unhandled(self, message_id: int, now: datetime) -> bool:
        """Whether this desk takes the unhandled message up: one desk of those sweeping, once."""
        claim = {"message": message_id, "now": now}
        return self._write_sql(lambda c: c.execute(sql.CLAIM_RESUME, claim).rowcount == 1)

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
        unless_answered: bool = False,
        settles: bool = False,
    ) -> List[MessageView]:
        """The replies, and with `reading` what Rasa made of the message they answer, in one
        transaction (update_nlu's). `unless_answered`: nothing is written (and [] comes back)
        when the bot or a person has answered `reply_to` already, checked in the same
        transaction (a note about the wait must not follow the answer). `settles`: they
        answer `reply_to` (not a welcome or a busy note), which is then handled."""
        now = stamp(now)

        def work(c: Connection) -> List[MessageView]:
            if unless_answered and c.execute(sql.ANSWERED, {"message": reply_to}).first() is not None:
                return []
            conversation = c.execute(sql.REPLY_CONTEXT, {"conversation": conversation_id}).one_or_none()
            if conversation is None:
                raise Missing(f"no conversation {conversation_id}")
            # An agent's words go out only while the chat is theirs, checked as they are written:
            # the agent's request was read before a transfer, or a resolve, may have come first.
            holder = conversation.agent_id if conversation.status == "assigned" else None
            if any(i.by is Author.AGENT and (holder is None or i.agent_id != holder) for i in items):
                raise NotAllowed("this chat is no longer yours (transferred, handed back or resolved)")
            changes: Dict[str, Any] = {"updated_at": now}
            if reading is not None and _note_nlu(c, reading, conversation_id):
                changes["language"] = reading.nlu.language
            views = []
            for item in items:
                values = dict(
                    conversation_id=conversation.id,
                    sender_id=conversation.sender_id,
                    direction="out",
                    author=item.author,
                    agent_id=item.agent_id,
                    text=item.text,
                    buttons=[dict(b) for b in item.buttons],
                    attachments=[],
                    language=item.language or changes.get("language") or conversation.language,
                    channel=conversation.channel,
                    reply_to=reply_to,
                    delivery=delivery,
                    delivery_attempts=0,
                    # A reply to deliver is held by this desk from now (journal_sql.CLAIM_DELIVERY).
                    resumed_at=now if delivery == "pending" else None,
                    rasa_synced=rasa_synced,
                    created_at=now,
                )
                views.append(_insert_message(c, values))
                first = conversation.first_agent_reply_at is None and "first_agent_reply_at" not in changes
                if item.by is Author.AGENT and first:
                    changes["first_agent_reply_at"] = now
                    sql.add_event(c, conversation.id, "first_agent_reply", now, agent_id=item.agent_id)
            c.execute(sql.UPDATE_CONVERSATION, {"conversation": conversation.id, **changes})
            if settles and reply_to is not None:
                _mark_handled(c, reply_to, now)
            return views

        return self._write_sql(work)

    def mark_delivery(self, message_ids: Iterable[int], status: str, attempts: int | None = None) -> None:
        ids = list(message_ids)
        values: Dict[str, Any] = {"delivery": status}
        if attempts is not None:
            values["delivery_attempts"] = attempts
        if ids:
            self._write_sql(lambda c: c.execute(sql.UPDATE_MESSAGES, {"messages": ids, **values}))

    def mark_rasa_synced(self, message_ids: Iterable[int]) -> None:
        ids = list(message_ids)
        if ids:
            self._write_sql(lambda c: c.execute(sql.UPDATE_MESSAGES, {"messages": ids, "rasa_synced": True}))


def _record_inbound(
    c: Connection, inbound: Inbound, rating: int | None, now: datetime, csat_hours: float
) -> Recorded:
    key = inbound.dedup_key
    if key:
        first = c.execute(sql.FIRST_COPY, {"key": key}).first()
        if first is not None:
            replies = tuple(message_view(m) for m in c.execute(sql.REPLIES_TO, {"message": first.id}))
            conversation = c.execute(sql.CONVERSATION, {"conversation": first.conversation_id}).one()
            kind = "resume" if _take_up_again(c, first, conversation, now) else "duplicate"
            return Recorded(conversation_view(c, conversation), message_view(first), kind, replies)
    kind = "message"
    previous_inbound_at = c.execute(sql.LAST_INBOUND_AT, {"sender": inbound.sender_id}).scalar()
    found = c.execute(sql.OPEN_CONVERSATION, {"sender": inbound.sender_id}).first()
    if found is None:
        conversation, kind = _reopened_or_new(c, inbound, rating, now, csat_hours)
    else:
        # Replies go where the buyer last wrote: a chat Kefu opened with a notice (on the
        # seller's webhook) continues in the marketplace's chat once the buyer answers there.
        changes: Dict[str, Any] = {"updated_at": now, "channel": inbound.channel}
        if inbound.vip and not found.vip:
            changes["vip"] = True
        if inbound.language and not found.language:
            changes["language"] = inbound.language
        c.execute(sql.UPDATE_CONVERSATION, {"conversation": found.id, **changes})
        conversation = sql.row_with(found, **changes)
    message = _insert_message(
        c,
        dict(
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
        ),
    )
    if kind == "csat":
        c.execute(
            insert(CsatAnswer.__table__),
            dict(conversation_id=conversation.id, score=rating, message_id=message.id, created_at=now),
        )
        sql.add_event(c, conversation.id, "csat", now, data={"score": rating})
    return Recorded(
        conversation_view(c, conversation), message, kind, previous_inbound_at=previous_inbound_at
    )


def _take_up_again(c: Connection, first: Any, conversation: Any, now: datetime) -> bool:
    """A redelivered message whose first handling never ended, in a chat the bot has (an
    error after it was journaled: it would never be answered), old enough that no desk can
    still be at it; claimed here so that one redelivery, or sweep, on one desk takes it up."""
    if first.direction != "in" or first.handled_at is not None:
        return False
    if conversation.status != ConversationStatus.BOT:
        return False  # a person's chat: the bot stays silent there by design
    if first.created_at > now - timedelta(seconds=RESUME_AFTER_SECONDS):
        return False
    return c.execute(sql.CLAIM_RESUME, {"message": first.id, "now": now}).rowcount == 1


def _mark_handled(c: Connection, message_id: int, now: datetime) -> None:
    c.execute(sql.MARK_HANDLED, {"message": message_id, "now": now})


def _reopened_or_new(
    c: Connection, inbound: Inbound, rating: int | None, now: datetime, csat_hours: float
) -> Tuple[Any, str]:
    """A buyer with no open conversation: the one whose rating they answer, or a new one."""
    awaiting = c.execute(sql.AWAITING_RATING, {"sender": inbound.sender_id}).first()
    if awaiting is not None:
        in_window = awaiting.csat_requested_at is not None and awaiting.csat_requested_at >= now - timedelta(
            hours=csat_hours
        )
        changes: Dict[str, Any] = {"csat_open": False}
        if in_window and rating is not None:
            changes["csat"] = rating
        c.execute(sql.UPDATE_CONVERSATION, {"conversation": awaiting.id, **changes})
        if "csat" in changes:
            return sql.row_with(awaiting, **changes), "csat"
    values = new_conversation_values(inbound, now)
    c.execute(sql.INSERT_CONVERSATION, values)
    return sql.inserted(sql.CONVERSATIONS, values), "message"


def _insert_message(c: Connection, values: Dict[str, Any]) -> MessageView:
    (message_id,) = c.execute(sql.INSERT_MESSAGE, values).inserted_primary_key
    return message_view(sql.inserted(sql.MESSAGES, values, id=message_id))


def _note_nlu(c: Connection, reading: BuyerReading, conversation_id: str | None = None) -> bool:
    """What Rasa made of a buyer message, onto its row, in statements: no row is loaded. A
    message that is gone changes nothing. Its language goes onto the conversation too: here
    when the caller knows no conversation (True back when it found the message in
    `conversation_id`, whose row the caller then updates itself)."""
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
        return False
    if conversation_id is not None:
        where = {"message": reading.message_id, "conversation": conversation_id}
        if c.execute(sql.UPDATE_MESSAGE_IN, {**where, **values}).rowcount == 1:
            return bool(nlu.language)
        # Not a message of that conversation (or gone): noted wherever it is, as update_nlu does.
    c.execute(sql.UPDATE_MESSAGE, {"message": reading.message_id, **values})
    if nlu.language:
        language = {"message": reading.message_id, "language": nlu.language}
        c.execute(sql.UPDATE_CONVERSATION_OF_MESSAGE, language)
    return False


def new_conversation(inbound: Inbound, now: datetime) -> Conversation:
    """A buyer's new episode, opened by their message (or by a notice Kefu writes first)."""
    return Conversation(**new_conversation_values(inbound, now))


def new_conversation_values(inbound: Inbound, now: datetime) -> Dict[str, Any]:
    return dict(
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
