"""A conversation's life after its first message: queued for a tier, claimed by an agent,
handed back to the bot, resolved; SLA breaches along the way (tags and notes:
bot/desk/annotations.py).

Each change is guarded by the status it expects (a conversation is claimed
only while queued), so two desk replicas racing on a conversation cannot both
win; the loser gets None. Every change leaves an event for the KPIs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Dict, List, Sequence, Tuple

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk import journal_sql as sql
from bot.desk.models import SCHEMA, Conversation, DeskEvent, Message, Note
from bot.desk.records import (
    OPEN_STATUSES,
    Breach,
    ConversationView,
    Missing,
    iso_utc,
)
from bot.desk.records import ConversationStatus as Status
from bot.desk.rows import conversation_view, event


class ConversationLifecycle(SqlStore):
    schema = SCHEMA

    def _transition(
        self,
        conversation_id: str,
        allowed: Tuple[Status, ...],
        change: Callable[[Session, Conversation], None],
    ) -> ConversationView | None:
        """Apply `change` if the conversation is in one of `allowed` states; None otherwise."""

        def work(s: Session):
            # Locked while checked and changed: on PostgreSQL two desks (or an agent and a sweep)
            # would otherwise both see the state they allow and both change it (SQLite's writer
            # lock serialises them already; FOR UPDATE is not sent there).
            conversation = s.get(Conversation, conversation_id, with_for_update=True)
            if conversation is None or conversation.status not in allowed:
                return None
            change(s, conversation)
            s.flush()
            return conversation_view(s, conversation)

        return self._write(work)

    def mark_queued(
        self,
        conversation_id: str,
        tier: int,
        reason: str,
        deadline: datetime,
        bot_paused: bool,
        now: datetime | None = None,
        queue: str | None = None,
    ) -> ConversationView | None:
        """A chat the bot has, queued for `tier` (in `queue`, when it changes: opened_from);
        None when it is not the bot's (any more).
        In statements, as every escalation takes this path: the ORM's load, flush and
        refresh of the row took 3-6 ms of the desk's handling."""
        now = stamp(now)
        changes = dict(
            tier=tier,
            reason=reason,
            sla_deadline=deadline,
            queued_at=now,
            updated_at=now,
            bot_paused=bot_paused,
            **({"opened_from": queue} if queue else {}),
        )

        def work(c: Connection) -> ConversationView | None:
            if c.execute(sql.QUEUE_CONVERSATION, {"conversation": conversation_id, **changes}).rowcount != 1:
                return None
            data = {"deadline": iso_utc(deadline)}
            sql.add_event(c, conversation_id, "queued", now, tier=tier, reason=reason, data=data)
            return conversation_view(c, c.execute(sql.CONVERSATION, {"conversation": conversation_id}).one())

        return self._write_sql(work)

    def mark_assigned(self, conversation_id: str, agent_id: int, now: datetime | None = None):
        now = stamp(now)

        def change(s: Session, c: Conversation) -> None:
            c.status, c.agent_id, c.claimed_at, c.updated_at = Status.ASSIGNED, agent_id, now, now
            waited = (now - c.queued_at).total_seconds() if c.queued_at else None
            s.add(event(c.id, "claimed", now, agent_id=agent_id, tier=c.tier, data={"waited_s": waited}))

        return self._transition(conversation_id, (Status.QUEUED,), change)

    def set_bot_paused(self, conversation_id: str, paused: bool = True) -> None:
        self._write(
            lambda s: s.execute(
                update(Conversation).where(Conversation.id == conversation_id).values(bot_paused=paused)
            )
        )

    def mark_handback(self, conversation_id: str, agent_id: int, now: datetime | None = None):
        now = stamp(now)

        def change(s: Session, c: Conversation) -> None:
            s.add(event(c.id, "handback", now, agent_id=agent_id, tier=c.tier))
            c.status, c.agent_id, c.sla_deadline, c.bot_paused = Status.BOT, None, None, False
            c.updated_at = now

        return self._transition(conversation_id, (Status.QUEUED, Status.ASSIGNED), change)

    def mark_withdrawn(self, conversation_id: str, now: datetime | None = None):
        """The buyer took back their request for a person before an agent claimed the chat."""
        now = stamp(now)

        def change(s: Session, c: Conversation) -> None:
            s.add(event(c.id, "withdrawn", now, tier=c.tier))
            c.status, c.agent_id, c.sla_deadline, c.bot_paused = Status.BOT, None, None, False
            c.updated_at = now

        return self._transition(conversation_id, (Status.QUEUED,), change)

    def mark_resolved(
        self,
        conversation_id: str,
        agent_id: int | None,
        now: datetime | None = None,
        rating_asked: bool = True,
    ):
        """Resolved by an agent, or (agent_id None) by the bot, which only closes a chat it still has;
        `rating_asked`: the buyer is asked for a rating, so their next 1-5 is its answer."""
        now = stamp(now)
        by_bot = agent_id is None

        def change(s: Session, c: Conversation) -> None:
            data = {"by": "bot"} if by_bot else {}
            s.add(event(c.id, "resolved", now, agent_id=agent_id, tier=c.tier, data=data))
            c.status, c.resolved_at, c.updated_at, c.sla_deadline = Status.RESOLVED, now, now, None
            c.csat_requested_at, c.csat_open = (now, True) if rating_asked else (None, False)

        return self._transition(conversation_id, (Status.BOT,) if by_bot else OPEN_STATUSES, change)

    def fold_into_resolved(
        self,
        conversation_id: str,
        since: datetime,
        now: datetime | None = None,
        keeps_rating_open: bool = False,
    ) -> ConversationView | None:
        """The chat a buyer's thanks or goodbye opened after a resolve, put back into the chat
        resolved since `since`: its messages move there and the new chat is gone; None (nothing
        changed) when it is more than that one message, or there is no such chat.

        The buyer was signing off the chat a person (or the bot) had just settled: as a chat
        of its own it counted as a new conversation, contained by the bot, in the KPIs.
        `keeps_rating_open` (a thanks): a rating question of that chat still unanswered stays
        open, so the rating the buyer gives next is its answer; any other message that is no
        rating (a goodbye) lets it go."""
        since, now = stamp(since), stamp(now)
        # Most sign-offs have no such chat: found out by a read, not a write transaction of
        # four statements (3-6 ms of a "thanks" through the desk). No chat of the buyer's
        # becomes resolved meanwhile: the message went into their open one, this one.
        beside = {"conversation": conversation_id, "since": since}
        if self._read_sql(lambda c: c.execute(sql.RESOLVED_BESIDE, beside).first()) is None:
            return None

        def work(s: Session) -> ConversationView | None:
            c = s.get(Conversation, conversation_id, with_for_update=True)
            if c is None or c.status != Status.BOT or c.escalations:
                return None
            written = select(func.count()).where(Message.conversation_id == c.id, Message.direction == "in")
            kept = [
                select(DeskEvent.id).where(DeskEvent.conversation_id == c.id).limit(1),
                select(Note.id).where(Note.conversation_id == c.id).limit(1),
            ]
            if s.execute(written).scalar() != 1 or any(s.execute(q).first() for q in kept):
                return None
            earlier = s.execute(
                select(Conversation)
                .where(
                    Conversation.sender_id == c.sender_id,
                    Conversation.status == Status.RESOLVED,
                    Conversation.resolved_at >= since,
                )
                .order_by(Conversation.resolved_at.desc())
                .limit(1)
                .with_for_update()
            ).scalar()
            if earlier is None:
                return None
            s.execute(
                update(Message).where(Message.conversation_id == c.id).values(conversation_id=earlier.id)
            )
            s.delete(c)
            earlier.updated_at = now
            asked = earlier.csat_requested_at is not None and stamp(earlier.csat_requested_at) >= since
            if keeps_rating_open and asked and earlier.csat is None:
                earlier.csat_open = True
            s.flush()
            return conversation_view(s, earlier)

        return self._write(work)

    def mark_transferred(
        self,
        conversation_id: str,
        by_agent_id: int,
        expected_agent_id: int | None,
        to_tier: int,
        to_agent_id: int | None,
        deadline: datetime | None,
        note: str,
        now: datetime | None = None,
    ) -> ConversationView | None:
        """Give a queued or held chat to another agent (assigned to them) or back to a tier's
        queue (`to_agent_id` None, due by `deadline`), if nobody else took it meanwhile
        (`expected_agent_id`: the holder the caller saw). The note goes with it."""
        now = stamp(now)

        def change(s: Session, c: Conversation) -> None:
            if c.agent_id != expected_agent_id:
                raise Missing("changed meanwhile")
            data = {
                "from_tier": c.tier,
                "from_agent_id": c.agent_id,
                "to_agent_id": to_agent_id,
                "note": note,
            }
            s.add(
                event(
                    c.id, "transferred", now, agent_id=by_agent_id, tier=to_tier, reason=c.reason, data=data
                )
            )
            s.add(Note(conversation_id=c.id, agent_id=by_agent_id, text=note, created_at=now))
            c.tier, c.agent_id, c.updated_at = to_tier, to_agent_id, now
            if to_agent_id is None:
                c.status, c.sla_deadline, c.queued_at, c.claimed_at = Status.QUEUED, deadline, now, None
            else:
                c.status, c.claimed_at = Status.ASSIGNED, c.claimed_at or now

        try:
            return self._transition(conversation_id, (Status.QUEUED, Status.ASSIGNED), change)
        except Missing:
            return None

    def mark_breached(
        self, breaches: Sequence[Breach], now: datetime | None = None
    ) -> List[ConversationView]:
        now = stamp(now)

        def work(s: Session):
            changed = []
            # One order of locking for every desk: two sweeps never wait on each other in a cycle.
            for breach in sorted(breaches, key=lambda b: b.conversation_id):
                c = s.get(Conversation, breach.conversation_id, with_for_update=True)
                # Not the tier the sweep moved it from: a transfer came between the sweep in
                # Redis and this write, and its tier (in Redis too) stands.
                if c is None or c.status != Status.QUEUED or c.tier != breach.from_tier:
                    continue
                c.tier, c.breached, c.updated_at = breach.to_tier, True, now
                if breach.deadline is not None:
                    c.sla_deadline = breach.deadline
                s.add(
                    event(
                        c.id,
                        "breached",
                        now,
                        tier=breach.to_tier,
                        reason=c.reason,
                        data={"from_tier": breach.from_tier, "deadline": iso_utc(c.sla_deadline)},
                    )
                )
                changed.append(c)
            s.flush()
            return [conversation_view(s, c) for c in changed]

        return self._write(work)

    def mark_claimed_overdue(self, now: datetime | None = None) -> List[ConversationView]:
        """Flag as breached the chats an agent claimed but has not answered by their deadline.

        A claim takes the chat out of the Redis queue, whose sweep is the SLA clock for
        waiting chats: a claimed chat was never breached however long the buyer waited for
        the first reply. The deadline is the first reply's; a claim is no answer. The chat
        stays with its agent and its tier (the agent has it; the supervisor sees the flag)."""
        now = stamp(now)
        overdue = select(Conversation.id).where(
            Conversation.status == Status.ASSIGNED,
            Conversation.breached.is_(False),
            Conversation.sla_deadline < now,
            ~_answered_since_queued(),
        )

        def work(s: Session):
            changed = []
            for conversation_id in sorted(s.execute(overdue).scalars()):
                c = s.get(Conversation, conversation_id, with_for_update=True)
                if c is None or c.status != Status.ASSIGNED or c.breached:
                    continue
                c.breached, c.updated_at = True, now
                data = {"from_tier": c.tier, "deadline": iso_utc(c.sla_deadline), "claimed": True}
                s.add(
                    event(c.id, "breached", now, agent_id=c.agent_id, tier=c.tier, reason=c.reason, data=data)
                )
                changed.append(c)
            s.flush()
            return [conversation_view(s, c) for c in changed]

        return self._write(work)

    def held_late_by_tier(self) -> Dict[int, int]:
        """Per tier, the chats agents hold past their first-reply deadline, still unanswered."""
        query = (
            select(Conversation.tier, func.count())
            .where(
                Conversation.status == Status.ASSIGNED,
                Conversation.breached.is_(True),
                ~_answered_since_queued(),
            )
            .group_by(Conversation.tier)
        )
        return self._read(lambda s: {int(tier or 1): count for tier, count in s.execute(query).all()})


def _answered_since_queued():
    """An agent wrote to the chat's buyer since it was last queued (its first reply is given)."""
    return (
        select(Message.id)
        .where(
            Message.conversation_id == Conversation.id,
            Message.direction == "out",
            Message.author.like("agent%"),
            Message.created_at >= Conversation.queued_at,
        )
        .exists()
    )
