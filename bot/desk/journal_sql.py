"""The journal's statements on the path every buyer message takes, built once.

Building a SQLAlchemy statement and working out its cache key cost more than running it
(about half of the desk's journal time per message in a profile); a statement built at
import keeps its cache key and its compiled form, and runs on a bare connection with
the values as parameters. The views in records.py are made from the rows these read.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any, Mapping

from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Row

from bot.desk.models import Conversation, DeskEvent, Message
from bot.desk.records import OPEN_STATUSES, ConversationStatus

MESSAGES = Message.__table__
CONVERSATIONS = Conversation.__table__

# A bindparam in an UPDATE's WHERE may not share a column's name: the SET values are
# given by column name in the same parameters.
FIRST_COPY = select(MESSAGES).where(MESSAGES.c.dedup_key == bindparam("key"))
REPLIES_TO = select(MESSAGES).where(MESSAGES.c.reply_to == bindparam("message")).order_by(MESSAGES.c.id)
CONVERSATION = select(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("conversation"))
LAST_INBOUND_AT = (
    select(MESSAGES.c.created_at)
    .where(MESSAGES.c.sender_id == bindparam("sender"), MESSAGES.c.direction == "in")
    .order_by(MESSAGES.c.id.desc())
    .limit(1)
)
OPEN_CONVERSATION = select(CONVERSATIONS).where(
    CONVERSATIONS.c.sender_id == bindparam("sender"), CONVERSATIONS.c.status.in_(OPEN_STATUSES)
)
AWAITING_RATING = (
    select(CONVERSATIONS)
    .where(CONVERSATIONS.c.sender_id == bindparam("sender"), CONVERSATIONS.c.csat_open.is_(True))
    .order_by(CONVERSATIONS.c.resolved_at.desc())
    .limit(1)
)
REPLY_CONTEXT = select(
    CONVERSATIONS.c.id,
    CONVERSATIONS.c.sender_id,
    CONVERSATIONS.c.channel,
    CONVERSATIONS.c.language,
    CONVERSATIONS.c.first_agent_reply_at,
    CONVERSATIONS.c.status,
    CONVERSATIONS.c.agent_id,
).where(CONVERSATIONS.c.id == bindparam("conversation"))
# A reply by the bot or a person to message :message (not the desk's own notes).
ANSWERED = (
    select(MESSAGES.c.id)
    .where(
        MESSAGES.c.reply_to == bindparam("message"),
        MESSAGES.c.direction == "out",
        (MESSAGES.c.author == "bot") | MESSAGES.c.author.like("agent%"),  # agent or agent:<name>
    )
    .limit(1)
)
SETTLED_AMONG = select(MESSAGES.c.id).where(
    MESSAGES.c.id.in_(bindparam("messages", expanding=True)), MESSAGES.c.delivery != "pending"
)

INSERT_MESSAGE = insert(MESSAGES)
INSERT_CONVERSATION = insert(CONVERSATIONS)
INSERT_EVENT = insert(DeskEvent.__table__)
# SET: whichever columns the parameters name besides the WHERE's.
UPDATE_CONVERSATION = update(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("conversation"))
# A chat the bot has, queued for people (lifecycle.mark_queued): guarded by its status in the
# UPDATE itself, so of two desks queueing it one changes it (rowcount 1), with no row lock.
QUEUE_CONVERSATION = (
    update(CONVERSATIONS)
    .where(CONVERSATIONS.c.id == bindparam("conversation"), CONVERSATIONS.c.status == ConversationStatus.BOT)
    .values(
        status=ConversationStatus.QUEUED,
        agent_id=None,
        claimed_at=None,
        breached=False,
        escalations=func.coalesce(CONVERSATIONS.c.escalations, 0) + 1,
    )
)
UPDATE_MESSAGE = update(MESSAGES).where(MESSAGES.c.id == bindparam("message"))
UPDATE_MESSAGES = update(MESSAGES).where(MESSAGES.c.id.in_(bindparam("messages", expanding=True)))
# Taking up an unanswered message again: the first desk to set resumed_at does it.
CLAIM_RESUME = (
    update(MESSAGES)
    .where(MESSAGES.c.id == bindparam("message"), MESSAGES.c.resumed_at.is_(None))
    .values(resumed_at=bindparam("now"))
)
MARK_HANDLED = (
    update(MESSAGES)
    .where(MESSAGES.c.id == bindparam("message"), MESSAGES.c.handled_at.is_(None))
    .values(handled_at=bindparam("now"))
)
# The buyer was asked for a rating since `since` (bot_csat.py, at every sign-off).
RATING_ASKED_SINCE = (
    select(CONVERSATIONS.c.id)
    .where(
        CONVERSATIONS.c.sender_id == bindparam("sender"),
        CONVERSATIONS.c.csat_requested_at >= bindparam("since"),
    )
    .limit(1)
)
_LATER = MESSAGES.alias("later")
# Buyer messages no desk finished with nor took up again, in chats the bot has, each the last
# its buyer wrote (Journal.unhandled_messages). The first two conditions are the index's.
UNHANDLED = (
    select(MESSAGES)
    .join(CONVERSATIONS, CONVERSATIONS.c.id == MESSAGES.c.conversation_id)
    .where(
        MESSAGES.c.direction == "in",
        MESSAGES.c.handled_at.is_(None),
        MESSAGES.c.resumed_at.is_(None),
        MESSAGES.c.created_at >= bindparam("since"),
        MESSAGES.c.created_at < bindparam("before"),
        CONVERSATIONS.c.status == "bot",
        ~select(_LATER.c.id)
        .where(
            _LATER.c.conversation_id == MESSAGES.c.conversation_id,
            _LATER.c.direction == "in",
            _LATER.c.id > MESSAGES.c.id,
        )
        .exists(),
    )
    .order_by(MESSAGES.c.id)
    .limit(bindparam("limit"))
)
# A reply pending delivery is held by the desk that delivers it: resumed_at is when it last
# took it up (journaled it, or began or moved on in its batch). Another desk takes over only
# a hold older than :stale (that desk stopped), each reply once.
CLAIM_DELIVERY = (
    update(MESSAGES)
    .where(
        MESSAGES.c.id == bindparam("message"),
        MESSAGES.c.delivery == "pending",
        or_(MESSAGES.c.resumed_at.is_(None), MESSAGES.c.resumed_at < bindparam("stale")),
    )
    .values(resumed_at=bindparam("now"))
)
HOLD_DELIVERIES = update(MESSAGES).where(
    MESSAGES.c.id.in_(bindparam("messages", expanding=True)), MESSAGES.c.delivery == "pending"
)
UPDATE_MESSAGE_IN = update(MESSAGES).where(
    MESSAGES.c.id == bindparam("message"), MESSAGES.c.conversation_id == bindparam("conversation")
)
UPDATE_CONVERSATION_OF_MESSAGE = update(CONVERSATIONS).where(
    CONVERSATIONS.c.id
    == select(MESSAGES.c.conversation_id).where(MESSAGES.c.id == bindparam("message")).scalar_subquery()
)


def add_event(c: Connection, conversation_id: str, kind: str, now: datetime, **fields: Any) -> None:
    """The event row a state change leaves for the KPIs (rows.event's, as a statement)."""
    row = {"conversation_id": conversation_id, "kind": kind, "created_at": now, "data": {}, **fields}
    c.execute(INSERT_EVENT, row)


def row_with(row: Row, **changes: Any) -> SimpleNamespace:
    """A row read with `changes` over it, read by attribute as the views in rows.py read
    an ORM object."""
    return SimpleNamespace(**{**row._mapping, **changes})


def inserted(table: Table, values: Mapping[str, Any], **changes: Any) -> SimpleNamespace:
    """The row `values` were just inserted as into `table` (columns not given are None),
    with `changes` (its new id) over it."""
    return SimpleNamespace(**{**dict.fromkeys(table.c.keys()), **values, **changes})


_EARLIER = CONVERSATIONS.alias("earlier")
# A chat of the conversation's buyer resolved since `since`: all a thanks or goodbye could be
# folded into (lifecycle.fold_into_resolved), looked for without taking the write lock.
RESOLVED_BESIDE = (
    select(_EARLIER.c.id)
    .where(
        _EARLIER.c.sender_id
        == select(CONVERSATIONS.c.sender_id)
        .where(CONVERSATIONS.c.id == bindparam("conversation"))
        .scalar_subquery(),
        _EARLIER.c.status == ConversationStatus.RESOLVED,
        _EARLIER.c.resolved_at >= bindparam("since"),
    )
    .limit(1)
)
