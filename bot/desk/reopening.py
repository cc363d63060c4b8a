"""Reopening a resolved chat: an agent who pressed Resolve too soon (the buyer's question
was not settled, a promised follow-up is due) takes the same chat back, its transcript,
tags and notes with it, instead of waiting for the buyer to write again.

Only while it is the buyer's latest chat and resolved within the rating window (after it,
or once the buyer has written again, a new chat has the story). The chat is held by the
agent who reopened it; the rating question it asked is no longer open, so a "5" the buyer
writes now is a message, not a rating (a rating already given stays). The KPIs read the
resolve time from the chat, so a chat reopened and resolved again counts as resolved once,
at its last resolve.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.types import stamp
from bot.desk.errors import Conflict
from bot.desk.lifecycle import ConversationLifecycle
from bot.desk.models import Conversation
from bot.desk.records import ConversationStatus as Status
from bot.desk.records import ConversationView
from bot.desk.rows import conversation_view, event


class ReopenedChats(ConversationLifecycle):
    def mark_reopened(
        self, conversation_id: str, agent_id: int, resolved_since: datetime, now: datetime | None = None
    ) -> ConversationView:
        """The resolved chat held by `agent_id` again; Conflict (nothing changed) when it is not
        resolved, was resolved before `resolved_since`, or the buyer has a newer chat."""
        now, resolved_since = stamp(now), stamp(resolved_since)

        def work(s: Session) -> ConversationView:
            c = s.get(Conversation, conversation_id, with_for_update=True)
            if c is None or c.status != Status.RESOLVED:
                raise Conflict("only a resolved conversation can be reopened")
            if c.resolved_at is None or stamp(c.resolved_at) < resolved_since:
                raise Conflict("resolved too long ago to reopen: the buyer's next message opens a new chat")
            newer = s.execute(
                select(Conversation.id)
                .where(
                    Conversation.sender_id == c.sender_id,
                    Conversation.id != c.id,
                    Conversation.created_at > c.resolved_at,
                )
                .limit(1)
            ).scalar()
            if newer is not None:
                raise Conflict(f"the buyer has written since: their newer chat is {newer}")
            s.add(event(c.id, "reopened", now, agent_id=agent_id, tier=c.tier))
            c.status, c.agent_id, c.claimed_at, c.updated_at = Status.ASSIGNED, agent_id, now, now
            c.resolved_at, c.csat_open, c.sla_deadline = None, False, None
            s.flush()
            return conversation_view(s, c)

        return self._write(work)
