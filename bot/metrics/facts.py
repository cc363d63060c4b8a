"""What the KPIs are computed from, read with SQL from the journal and the orders:
one fact per buyer message (with when it was first answered), per conversation
(with its escalation, first agent answer, resolution and who closed it, rating) and per order.

A conversation counts from its first buyer message: one Kefu opened to write first (a
promo, a parcel notice: bot/desk/notice_log.py) is no buyer served until the buyer writes.

Only a bot's or an agent's message answers a buyer (a seller's keyword rule answering in
the bot's place is journaled as the bot's: bot/desk/seller_rules.py). The desk's own
messages (author "system": welcome and off-hours replies, wait-time notices, the CSAT
question) never do, as the marketplaces do not count an automatic greeting as an answer. A buyer's
1-5 answer to the CSAT question is a rating, not a message to answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Tuple

from sqlalchemy import and_, exists, func, inspect, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from bot.commerce.models import Buyer, Order, OrderItem
from bot.db.types import Money
from bot.desk.models import Agent, Conversation, CsatAnswer, DeskEvent, Message
from bot.intents import SIGN_OFF_INTENTS
from bot.metrics.periods import Period

# How long after a message the answer still counts, and the window an order counts as guided.
REPLY_WINDOW = timedelta(hours=48)
ORDER_WINDOW = timedelta(hours=48)


@dataclass(frozen=True)
class BuyerMessage:
    id: int
    conversation_id: str
    sender_id: str
    created_at: datetime
    answered_at: datetime | None  # the first bot or agent message to this buyer after it
    # Who wrote that answer ("bot", "agent:<username>"): per agent, a message counts for the
    # agent who answered it, not for whoever holds the chat at the end (a console review:
    # tier 1 answered two buyers and was credited one, the supervisor who took one over two).
    answered_by: str | None = None


@dataclass(frozen=True)
class ConversationFacts:
    id: str
    sender_id: str
    buyer_id: str
    marketplace: str
    language: str | None
    tier: int | None
    # The agent who resolved it, else the one holding it, else the one who first answered: a
    # chat agent1 answered and passed to agent2, who solved it and was rated, counted its
    # resolution and rating for agent1 (a console review, 2026-12-07).
    agent: str | None
    opened_at: datetime  # its first buyer message
    first_queued_at: datetime | None
    first_agent_reply_at: datetime | None
    first_agent: str | None  # who first answered: the first response is theirs
    resolved_at: datetime | None
    breached: bool
    agent_wrote: bool
    # Closed by the desk for the bot (a buyer's goodbye or thanks, bot/desk/bot_csat.py, or
    # the buyer left after the bot's answer, bot/desk/idle_chats.py), not by an agent.
    resolved_by_bot: bool
    # Closed by the desk because the buyer left after the bot clarified or did not answer
    # (bot/desk/idle_chats.py): closed, not resolved.
    abandoned: bool
    csat: int | None
    # When the same buyer opened their next conversation (first-contact resolution).
    next_opened_at: datetime | None


@dataclass(frozen=True)
class OrderFacts:
    marketplace: str
    buyer_id: str
    placed_at: datetime
    currency: str
    value: Decimal


def _is_answer(message) -> object:
    return and_(message.direction == "out", or_(message.author == "bot", message.author.like("agent%")))


def buyer_messages(engine: Engine, period: Period) -> List[BuyerMessage]:
    """Every buyer message written in the period, with its first answer's time and author."""
    reply = aliased(Message)
    answered = (
        select(func.min(reply.created_at))
        .where(reply.sender_id == Message.sender_id, reply.id > Message.id, _is_answer(reply))
        .scalar_subquery()
    )
    answerer = aliased(Message)
    answered_by = (
        select(answerer.author)
        .where(answerer.sender_id == Message.sender_id, answerer.id > Message.id, _is_answer(answerer))
        .order_by(answerer.id)
        .limit(1)
        .scalar_subquery()
    )
    rating = exists().where(CsatAnswer.message_id == Message.id)
    query = (
        select(
            Message.id, Message.conversation_id, Message.sender_id, Message.created_at, answered, answered_by
        )
        .where(
            Message.direction == "in",
            Message.author == "buyer",
            Message.created_at >= period.start(),
            Message.created_at < period.end(),
            ~rating,
        )
        .order_by(Message.id)
    )
    with engine.connect() as conn:
        return [BuyerMessage(*row) for row in conn.execute(query)]


def _first_buyer_message(conversation) -> Any:
    written = aliased(Message)
    return (
        select(func.min(written.created_at))
        .where(written.conversation_id == conversation.id, written.direction == "in")
        .scalar_subquery()
    )


def _next_opened(conversation) -> Any:
    """When the buyer was first back with something to settle, in a later conversation of
    theirs: a "thank you" or "bye" after the resolve (which opens a new chat) is no return."""
    later = aliased(Conversation)
    written = aliased(Message)
    intent = func.coalesce(written.corrected_intent, written.intent)  # an agent's correction first
    return (
        select(func.min(written.created_at))
        .join(later, later.id == written.conversation_id)
        .where(
            later.sender_id == conversation.sender_id,
            later.created_at > conversation.created_at,
            written.direction == "in",
            or_(intent.is_(None), intent.notin_(SIGN_OFF_INTENTS)),
        )
        .scalar_subquery()
    )


def conversations(engine: Engine, period: Period, also: Iterable[str] = ()) -> Dict[str, ConversationFacts]:
    """Conversations whose buyer first wrote in the period, and those named in `also` (where
    its messages were written)."""
    opened_at = _first_buyer_message(Conversation)
    queued = aliased(DeskEvent)
    answering = aliased(DeskEvent)
    first_answerer = (
        select(answering.agent_id)
        .where(answering.conversation_id == Conversation.id, answering.kind == "first_agent_reply")
        .order_by(answering.id)
        .limit(1)
        .scalar_subquery()
    )
    resolving = aliased(DeskEvent)
    resolver = (
        select(resolving.agent_id)
        .where(resolving.conversation_id == Conversation.id, resolving.kind == "resolved")
        .order_by(resolving.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    columns = (
        Conversation.id,
        Conversation.sender_id,
        Conversation.buyer_id,
        Conversation.marketplace,
        Conversation.language,
        Conversation.tier,
        func.coalesce(resolver, Conversation.agent_id, first_answerer),
        opened_at,
        select(func.min(queued.created_at))
        .where(queued.conversation_id == Conversation.id, queued.kind == "queued")
        .scalar_subquery(),
        Conversation.first_agent_reply_at,
        first_answerer,
        Conversation.resolved_at,
        exists().where(DeskEvent.conversation_id == Conversation.id, DeskEvent.kind == "breached"),
        exists().where(
            Message.conversation_id == Conversation.id,
            Message.direction == "out",
            Message.author.like("agent%"),
        ),
        exists().where(
            DeskEvent.conversation_id == Conversation.id,
            DeskEvent.kind == "resolved",
            DeskEvent.agent_id.is_(None),
        ),
        exists().where(DeskEvent.conversation_id == Conversation.id, DeskEvent.kind == "abandoned"),
        select(CsatAnswer.score).where(CsatAnswer.conversation_id == Conversation.id).scalar_subquery(),
        _next_opened(Conversation),
    )
    # A chat is created no later than its first buyer message: created_at narrows the search.
    opened = and_(
        Conversation.created_at < period.end(), opened_at >= period.start(), opened_at < period.end()
    )
    found: Dict[str, ConversationFacts] = {}
    named = sorted(set(also))
    with engine.connect() as conn:
        names = dict(conn.execute(select(Agent.id, Agent.username)).all())
        for row in conn.execute(select(*columns).where(opened)):
            found[row[0]] = _conversation(row, names)
        # Chunks keep the IN list within every backend's limit on parameters.
        for i in range(0, len(named), 500):
            chunk = [name for name in named[i : i + 500] if name not in found]
            if chunk:
                for row in conn.execute(select(*columns).where(Conversation.id.in_(chunk))):
                    found[row[0]] = _conversation(row, names)
    return found


def _conversation(row, names: Dict[int, str]) -> ConversationFacts:
    values = list(row)
    for agent_column in (6, 10):  # the agent, and who first answered
        values[agent_column] = names.get(values[agent_column]) if values[agent_column] is not None else None
    values[12:16] = [bool(flag) for flag in values[12:16]]
    return ConversationFacts(*values)


def orders(
    engine: Engine, buyers: Iterable[Tuple[str, str]], since: datetime, until: datetime
) -> List[OrderFacts]:
    """Orders the (marketplace, buyer id) pairs placed in [since, until], each with its value."""
    wanted = set(buyers)
    if not wanted:
        return []
    with engine.connect() as conn:
        if not inspect(conn).has_table(Order.__tablename__):
            return []  # a desk without the commerce tables has no orders to count
        value = func.coalesce(func.sum(OrderItem.quantity * OrderItem.unit_price, type_=Money), 0)
        query = (
            select(Buyer.marketplace, Buyer.buyer_id, Order.placed_at, Order.currency, value)
            .join(Order, Order.buyer_pk == Buyer.id)
            .outerjoin(OrderItem, OrderItem.order_id == Order.id)
            .where(
                Buyer.buyer_id.in_(sorted({buyer for _, buyer in wanted})),
                Order.placed_at >= since,
                Order.placed_at <= until,
            )
            .group_by(Order.id, Buyer.marketplace, Buyer.buyer_id, Order.placed_at, Order.currency)
        )
        rows = conn.execute(query).all()
    return [
        OrderFacts(market, buyer, placed, currency, Money().process_result_value(total, None) or Decimal(0))
        for market, buyer, placed, currency, total in rows
        if (market, buyer) in wanted
    ]
