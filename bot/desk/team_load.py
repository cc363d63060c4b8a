"""What each agent has on their plate now, from the journal, for the supervisor's team view:
the chats they hold, how many of those buyers wait for their answer and since when, and what
they did today (replies sent, chats resolved).

"Waiting for the agent" is read from the messages, not from a flag: after a chat is queued
(escalated or transferred), its buyer waits until an agent writes; after the agent's latest
reply, the buyer waits again from their first message since. Held chats are tens at most,
so their recent messages are read and the waits worked out here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, List

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.desk.models import Conversation, DeskEvent, Message
from bot.desk.models import ConversationStatus as Status

AGENT_AUTHORED = "agent%"


@dataclass(frozen=True)
class AgentLoad:
    held: int = 0
    awaiting_reply: int = 0
    # The longest-waiting buyer among the held chats started waiting then; None: nobody waits.
    waiting_since: datetime | None = None
    replies_today: int = 0
    resolved_today: int = 0


@dataclass(frozen=True)
class _Held:
    conversation_id: str
    agent_id: int
    since: datetime  # when the chat last went to the agents (queued), else when it was claimed


def team_load(engine: Engine, day_start: datetime) -> Dict[int, AgentLoad]:
    """Agent id -> their load now; an agent holding nothing and idle today is left out."""
    with engine.connect() as conn:
        held = [
            _Held(cid, agent_id, _utc(queued or claimed or created))
            for cid, agent_id, queued, claimed, created in conn.execute(
                select(
                    Conversation.id,
                    Conversation.agent_id,
                    Conversation.queued_at,
                    Conversation.claimed_at,
                    Conversation.created_at,
                ).where(Conversation.status == Status.ASSIGNED, Conversation.agent_id.isnot(None))
            )
        ]
        recent = _messages_since_queued(conn, held)
        replies = _count_by_agent(
            conn,
            select(Message.agent_id, func.count()).where(
                Message.direction == "out",
                Message.author.like(AGENT_AUTHORED),
                Message.created_at >= day_start,
            ),
            Message.agent_id,
        )
        resolved = _count_by_agent(
            conn,
            select(DeskEvent.agent_id, func.count(func.distinct(DeskEvent.conversation_id))).where(
                DeskEvent.kind == "resolved", DeskEvent.created_at >= day_start
            ),
            DeskEvent.agent_id,
        )
    waits: Dict[int, List[datetime]] = defaultdict(list)
    held_by: Dict[int, int] = defaultdict(int)
    for chat in held:
        held_by[chat.agent_id] += 1
        wait = _waiting_since(chat, recent.get(chat.conversation_id, []))
        if wait is not None:
            waits[chat.agent_id].append(wait)
    return {
        agent_id: AgentLoad(
            held=held_by.get(agent_id, 0),
            awaiting_reply=len(waits.get(agent_id, [])),
            waiting_since=min(waits[agent_id]) if waits.get(agent_id) else None,
            replies_today=replies.get(agent_id, 0),
            resolved_today=resolved.get(agent_id, 0),
        )
        for agent_id in {*held_by, *replies, *resolved}
    }


def held_by_agent(engine: Engine) -> Dict[int, int]:
    """Agent id -> how many chats they hold now (auto_assign.py's count against its cap)."""
    query = (
        select(Conversation.agent_id, func.count())
        .where(Conversation.status == Status.ASSIGNED)
        .group_by(Conversation.agent_id)
    )
    with engine.connect() as conn:
        return {int(agent_id): int(count) for agent_id, count in conn.execute(query) if agent_id is not None}


def passed_to_queue_by(engine: Engine, conversation_ids: List[str]) -> Dict[str, int]:
    """Conversation id -> the agent who last passed it to a queue (a transfer to a tier rather
    than to a colleague), for the chats among these a transfer put back in the queue."""
    if not conversation_ids:
        return {}
    query = (
        select(DeskEvent.conversation_id, DeskEvent.agent_id, DeskEvent.data)
        .where(DeskEvent.conversation_id.in_(conversation_ids), DeskEvent.kind == "transferred")
        .order_by(DeskEvent.id)
    )
    latest: Dict[str, tuple] = {}
    with engine.connect() as conn:
        for conversation_id, agent_id, data in conn.execute(query):
            latest[conversation_id] = (agent_id, data or {})
    return {
        cid: int(agent_id)
        for cid, (agent_id, data) in latest.items()
        if agent_id is not None and data.get("to_agent_id") is None
    }


def _messages_since_queued(conn, held: List[_Held]) -> Dict[str, List[tuple]]:
    """Per held chat, (direction, author, created_at) of its messages since `since`, oldest first."""
    if not held:
        return {}
    since = {chat.conversation_id: chat.since for chat in held}
    rows = conn.execute(
        select(Message.conversation_id, Message.direction, Message.author, Message.created_at)
        .where(Message.conversation_id.in_(list(since)), Message.created_at >= min(since.values()))
        .order_by(Message.id)
    )
    found: Dict[str, List[tuple]] = defaultdict(list)
    for cid, direction, author, created in rows:
        if _utc(created) >= since[cid]:
            found[cid].append((direction, author, _utc(created)))
    return found


def _waiting_since(chat: _Held, messages: List[tuple]) -> datetime | None:
    """When the buyer of a held chat started waiting for the agent; None when the agent wrote
    last. Until an agent writes after the chat was queued, the buyer waits since it was."""
    replied = [at for direction, author, at in messages if direction == "out" and author.startswith("agent")]
    if not replied:
        return chat.since
    after = [at for direction, _, at in messages if direction == "in" and at > replied[-1]]
    return after[0] if after else None


def _count_by_agent(conn, query, agent_column) -> Dict[int, int]:
    rows = conn.execute(query.where(agent_column.isnot(None)).group_by(agent_column))
    return {int(agent_id): int(count) for agent_id, count in rows}


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
