"""Desk rows -> the immutable views in records.py, built before the session closes;
and the event row every state change leaves for the KPIs."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Union

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session

from bot.desk.models import Agent, Conversation, DeskEvent, Message, Note
from bot.desk.records import AgentView, Author, ConversationView, MessageView, NoteView

# An ORM object, or a row read (or just inserted: journal_sql.inserted) with its columns.
ConversationRow = Union[Conversation, Row, SimpleNamespace]
MessageRow = Union[Message, Row, SimpleNamespace]


def maybe(make, row):
    return make(row) if row is not None else None


def event(conversation_id: str, kind: str, now: datetime, **fields) -> DeskEvent:
    fields.setdefault("data", {})
    return DeskEvent(conversation_id=conversation_id, kind=kind, created_at=now, **fields)


def agent_view(agent: Agent) -> AgentView:
    return AgentView(
        id=agent.id,
        username=agent.username,
        role=agent.role,
        display_name=agent.display_name or agent.username,
        language=agent.language or "en",
        active=bool(agent.active),
        sessions_ended_at=agent.sessions_ended_at,
        created_at=agent.created_at,
    )


def conversation_view(s: Session | Connection, c: ConversationRow) -> ConversationView:
    username = None
    if c.agent_id is not None:
        username = s.execute(select(Agent.username).where(Agent.id == c.agent_id)).scalar()
    return ConversationView(
        id=c.id,
        sender_id=c.sender_id,
        buyer_id=c.buyer_id,
        marketplace=c.marketplace,
        channel=c.channel,
        opened_from=c.opened_from,
        vip=bool(c.vip),
        language=c.language,
        status=c.status,
        tier=c.tier,
        reason=c.reason,
        agent_id=c.agent_id,
        agent_username=username,
        tags=tuple(c.tags or ()),
        breached=bool(c.breached),
        escalations=c.escalations or 0,
        bot_paused=bool(c.bot_paused),
        sla_deadline=c.sla_deadline,
        created_at=c.created_at,
        queued_at=c.queued_at,
        claimed_at=c.claimed_at,
        resolved_at=c.resolved_at,
        csat=c.csat,
    )


def message_view(m: MessageRow) -> MessageView:
    by, agent_username = Author.parse(m.author)
    return MessageView(
        id=m.id,
        conversation_id=m.conversation_id,
        sender_id=m.sender_id,
        direction=m.direction,
        by=by,
        text=m.text or "",
        buttons=tuple(m.buttons or ()),
        attachments=tuple(m.attachments or ()),
        language=m.language,
        intent=m.intent,
        channel=m.channel,
        delivery=m.delivery,
        reply_to=m.reply_to,
        created_at=m.created_at,
        agent_id=m.agent_id,
        agent_username=agent_username,
    )


def note_view(note: Note, username: str) -> NoteView:
    return NoteView(
        id=note.id,
        conversation_id=note.conversation_id,
        agent_username=username,
        text=note.text,
        created_at=note.created_at,
    )
