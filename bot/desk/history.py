"""Past and present conversations as an agent looks them up: the chats they hold, and
a search over the journal by buyer, order number or words, newest first, a page at a time.

LIKE over the journal is enough at a seller's volume; every search is bounded
(MAX_PAGE rows a page) and limited to what the agent may see (their tier and
below, what they hold; supervisors everything).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.desk.models import SCHEMA, Conversation, CsatAnswer, Message
from bot.desk.records import ConversationStatus, ConversationView
from bot.desk.rows import conversation_view

MAX_PAGE = 50
SNIPPET_CHARS = 160
MAX_QUERY_CHARS = 100


@dataclass(frozen=True)
class Found:
    conversation: ConversationView
    snippet: str  # the first matching message, or the buyer's latest words

    def to_json(self) -> dict:
        return {**self.conversation.to_json(), "snippet": self.snippet}


@dataclass(frozen=True)
class Lookup:
    """What to look for (each optional, all must hold) and which page."""

    buyer: str = ""
    order: str = ""
    text: str = ""
    rated_at_most: int | None = None  # only chats the buyer rated 1..this (the poor ones: 2)
    limit: int = 20
    offset: int = 0


def like(value: str) -> str:
    """A LIKE pattern matching `value` anywhere, its own % and _ taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _mentions(value: str):
    """Some message of the conversation contains `value` (any case)."""
    return exists().where(
        Message.conversation_id == Conversation.id, Message.text.ilike(like(value), escape="\\")
    )


class ConversationHistory(SqlStore):
    schema = SCHEMA

    def held_by(self, agent_id: int | None) -> List[ConversationView]:
        """The chats this agent (None: any agent) holds now, longest held first."""
        held = [Conversation.status == ConversationStatus.ASSIGNED]
        if agent_id is not None:
            held.append(Conversation.agent_id == agent_id)

        def work(s: Session):
            rows = s.execute(
                select(Conversation).where(*held).order_by(Conversation.claimed_at, Conversation.id)
            ).scalars()
            return [conversation_view(s, c) for c in rows]

        return self._read(work)

    def search(self, lookup: Lookup, max_tier: int | None, agent_id: int) -> Tuple[List[Found], bool]:
        """One page of conversations matching `lookup`, newest first, and whether more follow.
        `max_tier` None: every tier (a supervisor)."""
        where = []
        if lookup.buyer:
            where.append(Conversation.buyer_id.ilike(like(lookup.buyer[:MAX_QUERY_CHARS]), escape="\\"))
        for value in (lookup.order, lookup.text):
            if value:
                where.append(_mentions(value[:MAX_QUERY_CHARS]))
        if lookup.rated_at_most is not None:
            where.append(Conversation.csat <= lookup.rated_at_most)
        if max_tier is not None:
            where.append(
                or_(
                    Conversation.tier.is_(None),
                    Conversation.tier <= max_tier,
                    Conversation.agent_id == agent_id,
                )
            )
        limit = max(1, min(int(lookup.limit), MAX_PAGE))
        stmt = (
            select(Conversation)
            .where(*where)
            .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
            .offset(max(0, int(lookup.offset)))
            .limit(limit + 1)
        )
        wanted = [v[:MAX_QUERY_CHARS] for v in (lookup.order, lookup.text) if v]

        def work(s: Session):
            rows = list(s.execute(stmt).scalars())
            return [Found(conversation_view(s, c), _snippet(s, c.id, wanted)) for c in rows[:limit]], (
                len(rows) > limit
            )

        return self._read(work)

    def tags_of(self, conversation_ids: Sequence[str]) -> Dict[str, Tuple[str, ...]]:
        """The agents' colour tags of these conversations."""
        if not conversation_ids:
            return {}

        def work(s: Session):
            rows = s.execute(
                select(Conversation.id, Conversation.tags).where(Conversation.id.in_(list(conversation_ids)))
            ).all()
            return {cid: tuple(tags or ()) for cid, tags in rows}

        return self._read(work)


def _snippet(s: Session, conversation_id: str, wanted: Sequence[str]) -> str:
    """The first message saying what was searched for, else the buyer's latest words. Never
    the buyer's answer to the rating question: a bare "5" read as their last words (the
    list shows the rating as one)."""
    rating = exists().where(CsatAnswer.message_id == Message.id)
    base = select(Message.text).where(Message.conversation_id == conversation_id, ~rating)
    found = None
    if wanted:
        matching = [Message.text.ilike(like(value), escape="\\") for value in wanted]
        found = s.execute(base.where(or_(*matching)).order_by(Message.id).limit(1)).scalar()
    if found is None:
        found = s.execute(base.where(Message.direction == "in").order_by(Message.id.desc()).limit(1)).scalar()
    return (found or "")[:SNIPPET_CHARS]
