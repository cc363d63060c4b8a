"""The desk's SQL side: the message journal, conversations, agents, notes and ratings.

Every method is one short transaction on a blocking SQLAlchemy engine; the
hub calls them through a thread (never on the event loop). Writers take the
SQLite write lock at BEGIN, and state changes are guarded by the state they
expect (UPDATE ... WHERE status = 'queued'), so two desk replicas racing on a
conversation cannot both win. Methods hand back immutable views.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, List, Sequence, Tuple, TypeVar

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.desk.models import (
    OPEN_STATUSES,
    ROLES,
    Agent,
    Conversation,
    CsatAnswer,
    DeskEvent,
    Message,
    Note,
    ensure_desk_schema,
)
from bot.seller.tags import TAG_COLOURS
from bot.text_input import InvalidMessage

T = TypeVar("T")

MAX_NOTE_CHARS = 5000
AFTER_SALE_SOURCES = ("after_sale", "order", "order_page", "order_detail", "dispute", "return")


class AgentExists(ValueError):
    """An agent with this username is already registered."""


class Missing(LookupError):
    """No such conversation."""


def _now(now: datetime | None) -> datetime:
    return now.astimezone(timezone.utc) if now else datetime.now(timezone.utc)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def opened_from(source: str | None) -> str:
    """Where the chat was opened, as routing needs it: an order page or dispute is after-sale."""
    return "after_sale" if (source or "").strip().lower() in AFTER_SALE_SOURCES else "pre_sale"


# -- what comes in -----------------------------------------------------------


@dataclass(frozen=True)
class Inbound:
    """A buyer message as a channel delivered it, checked."""

    channel: str  # web | webhook
    marketplace: str
    buyer_id: str
    text: str
    attachments: Tuple[str, ...] = ()
    opened_from: str = "pre_sale"
    channel_message_id: str | None = None
    vip: bool = False
    language: str | None = None  # the channel's hint, used until Rasa tells

    @property
    def sender_id(self) -> str:
        return f"{self.marketplace}:{self.buyer_id}"

    @property
    def dedup_key(self) -> str | None:
        if not self.channel_message_id:
            return None
        return f"{self.channel}:{self.marketplace}:{self.channel_message_id}"


@dataclass(frozen=True)
class Outgoing:
    text: str
    author: str  # bot | system | agent:<username>
    buttons: Tuple[dict, ...] = ()
    agent_id: int | None = None
    language: str | None = None


# -- views -------------------------------------------------------------------


@dataclass(frozen=True)
class AgentView:
    id: int
    username: str
    role: str
    display_name: str
    language: str
    active: bool = True

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "username": self.username,
            "role": self.role,
            "display_name": self.display_name,
            "language": self.language,
        }


@dataclass(frozen=True)
class ConversationView:
    id: str
    sender_id: str
    buyer_id: str
    marketplace: str
    channel: str
    opened_from: str
    vip: bool
    language: str | None
    status: str
    tier: int | None
    reason: str | None
    agent_id: int | None
    agent_username: str | None
    tags: Tuple[str, ...]
    breached: bool
    escalations: int
    bot_paused: bool
    sla_deadline: datetime | None
    created_at: datetime
    queued_at: datetime | None
    claimed_at: datetime | None
    resolved_at: datetime | None
    csat: int | None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "buyer_id": self.buyer_id,
            "marketplace": self.marketplace,
            "channel": self.channel,
            "language": self.language,
            "status": self.status,
            "tier": self.tier,
            "reason": self.reason,
            "agent_id": self.agent_id,
            "agent": self.agent_username,
            "tags": list(self.tags),
            "opened_from": self.opened_from,
            "vip": self.vip,
            "breached": self.breached,
            "sla_deadline": _iso(self.sla_deadline),
            "created_at": _iso(self.created_at),
            "csat": self.csat,
        }


@dataclass(frozen=True)
class MessageView:
    id: int
    conversation_id: str
    sender_id: str
    direction: str
    author: str
    text: str
    buttons: Tuple[dict, ...]
    attachments: Tuple[str, ...]
    language: str | None
    intent: str | None
    channel: str
    delivery: str | None
    reply_to: int | None
    created_at: datetime
    agent_id: int | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "direction": self.direction,
            "author": self.author,
            "text": self.text,
            "buttons": list(self.buttons),
            "language": self.language,
            "intent": self.intent,
            "attachments": list(self.attachments),
            "created_at": _iso(self.created_at),
        }

    def to_buyer_json(self) -> dict:
        """What the buyer's side sees of a reply (never the agent's username)."""
        return {
            "id": self.id,
            "text": self.text,
            "buttons": list(self.buttons),
            "from": "agent" if self.author.startswith("agent:") else self.author,
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True)
class NoteView:
    id: int
    conversation_id: str
    agent_username: str
    text: str
    created_at: datetime

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "agent": self.agent_username,
            "text": self.text,
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True)
class Recorded:
    """What the journal did with a buyer message."""

    conversation: ConversationView
    message: MessageView
    kind: str  # message | csat | duplicate
    # For a duplicate: the replies the first copy got.
    replies: Tuple[MessageView, ...] = field(default=())


@dataclass(frozen=True)
class Breach:
    conversation_id: str
    from_tier: int
    to_tier: int
    deadline: datetime | None  # None: stays in the top tier with its deadline


# -- the journal -------------------------------------------------------------


class Journal:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")

    @classmethod
    def from_url(cls, url: str | None = None) -> Journal:
        """A journal on `url` (default: KEFU_DATABASE_URL or var/kefu.db), desk tables up to date."""
        from bot.commerce.database import make_engine

        engine = make_engine(url)
        ensure_desk_schema(engine)
        return cls(engine)

    def _read(self, work: Callable[[Session], T]) -> T:
        with Session(self.engine, future=True) as session:
            return work(session)

    def _write(self, work: Callable[[Session], T]) -> T:
        with Session(self._write_engine, future=True) as session, session.begin():
            return work(session)

    def ping(self) -> None:
        self._read(lambda s: s.execute(select(1)).scalar())

    # -- agents ------------------------------------------------------------

    def add_agent(
        self,
        username: str,
        password_hash: str,
        role: str,
        display_name: str = "",
        language: str = "en",
        now: datetime | None = None,
    ) -> AgentView:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")

        def work(s: Session) -> AgentView:
            if s.execute(select(Agent.id).where(Agent.username == username)).first():
                raise AgentExists(f"an agent called {username!r} already exists")
            agent = Agent(
                username=username,
                password_hash=password_hash,
                role=role,
                display_name=display_name or username,
                language=language,
                active=True,
                created_at=_now(now),
            )
            s.add(agent)
            s.flush()
            return _agent_view(agent)

        try:
            return self._write(work)
        except IntegrityError as exc:
            raise AgentExists(f"an agent called {username!r} already exists") from exc

    def set_password(self, username: str, password_hash: str) -> bool:
        def work(s: Session) -> bool:
            result = s.execute(
                update(Agent).where(Agent.username == username).values(password_hash=password_hash)
            )
            return result.rowcount == 1

        return self._write(work)

    def agent_credentials(self, username: str) -> Tuple[AgentView, str] | None:
        """The agent and their password hash, for logging in."""

        def work(s: Session):
            agent = s.execute(select(Agent).where(Agent.username == username)).scalar()
            return (_agent_view(agent), agent.password_hash) if agent else None

        return self._read(work)

    def agent(self, agent_id: int) -> AgentView | None:
        return self._read(lambda s: _maybe(_agent_view, s.get(Agent, agent_id)))

    def agents(self) -> List[AgentView]:
        return self._read(
            lambda s: [_agent_view(a) for a in s.execute(select(Agent).order_by(Agent.username)).scalars()]
        )

    # -- buyer messages ----------------------------------------------------

    def record_inbound(
        self, inbound: Inbound, rating: int | None = None, now: datetime | None = None, csat_hours: float = 24
    ) -> Recorded:
        """Journal a buyer message (first thing the desk does with it) in its conversation.

        A message whose channel id was journaled before comes back as a duplicate
        with the replies its first copy got. The first message after a resolve
        that is a 1-5 rating (`rating`) is stored as the buyer's CSAT answer;
        anything else opens a new conversation.
        """
        now = _now(now)
        try:
            return self._write(lambda s: self._record_inbound(s, inbound, rating, now, csat_hours))
        except IntegrityError:
            # A concurrent copy of this message, or a concurrent first message of
            # the buyer, won the unique index: the second try finds its row.
            return self._write(lambda s: self._record_inbound(s, inbound, rating, now, csat_hours))

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
                    _conversation_view(s, conversation),
                    _message_view(first),
                    "duplicate",
                    tuple(_message_view(m) for m in replies),
                )
        kind = "message"
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
                conversation = Conversation(
                    id=uuid.uuid4().hex,
                    sender_id=inbound.sender_id,
                    buyer_id=inbound.buyer_id,
                    marketplace=inbound.marketplace,
                    channel=inbound.channel,
                    opened_from=inbound.opened_from,
                    vip=inbound.vip,
                    language=inbound.language,
                    status="bot",
                    tags=[],
                    breached=False,
                    escalations=0,
                    bot_paused=False,
                    csat_open=False,
                    created_at=now,
                    updated_at=now,
                )
                s.add(conversation)
        else:
            conversation.updated_at = now
            conversation.vip = conversation.vip or inbound.vip
            if inbound.language and not conversation.language:
                conversation.language = inbound.language
        message = Message(
            conversation_id=conversation.id,
            sender_id=inbound.sender_id,
            direction="in",
            author="buyer",
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
            s.add(_event(conversation.id, "csat", now, data={"score": rating}))
        return Recorded(_conversation_view(s, conversation), _message_view(message), kind)

    def update_nlu(self, message_id: int, language: str | None, intent: str | None) -> None:
        """What Rasa made of a buyer message: its language and intent (also the conversation's language)."""

        def work(s: Session) -> None:
            message = s.get(Message, message_id)
            if message is None:
                return
            if language:
                message.language = language
                s.execute(
                    update(Conversation)
                    .where(Conversation.id == message.conversation_id)
                    .values(language=language)
                )
            if intent:
                message.intent = intent

        self._write(work)

    # -- replies -----------------------------------------------------------

    def record_outbound(
        self,
        conversation_id: str,
        items: Sequence[Outgoing],
        reply_to: int | None = None,
        delivery: str | None = None,
        rasa_synced: bool = True,
        now: datetime | None = None,
    ) -> List[MessageView]:
        now = _now(now)

        def work(s: Session) -> List[MessageView]:
            conversation = s.get(Conversation, conversation_id)
            if conversation is None:
                raise Missing(f"no conversation {conversation_id}")
            rows = []
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
                if item.author.startswith("agent:") and conversation.first_agent_reply_at is None:
                    conversation.first_agent_reply_at = now
                    s.add(_event(conversation.id, "first_agent_reply", now, agent_id=item.agent_id))
            conversation.updated_at = now
            s.flush()
            return [_message_view(row) for row in rows]

        return self._write(work)

    def mark_delivery(self, message_ids: Iterable[int], status: str, attempts: int | None = None) -> None:
        ids = list(message_ids)
        values = {"delivery": status}
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

    def unsynced_messages(self, limit: int = 100) -> List[MessageView]:
        return self._read(
            lambda s: [
                _message_view(m)
                for m in s.execute(
                    select(Message).where(Message.rasa_synced.is_(False)).order_by(Message.id).limit(limit)
                ).scalars()
            ]
        )

    def pending_deliveries(self, limit: int = 100) -> List[MessageView]:
        """Replies to webhook buyers not yet delivered (e.g. the desk stopped mid-retry)."""
        return self._read(
            lambda s: [
                _message_view(m)
                for m in s.execute(
                    select(Message).where(Message.delivery == "pending").order_by(Message.id).limit(limit)
                ).scalars()
            ]
        )

    # -- reads -------------------------------------------------------------

    def conversation(self, conversation_id: str) -> ConversationView | None:
        return self._read(
            lambda s: _maybe(lambda c: _conversation_view(s, c), s.get(Conversation, conversation_id))
        )

    def open_conversation(self, sender_id: str) -> ConversationView | None:
        def work(s: Session):
            found = s.execute(
                select(Conversation).where(
                    Conversation.sender_id == sender_id, Conversation.status.in_(OPEN_STATUSES)
                )
            ).scalar()
            return _maybe(lambda c: _conversation_view(s, c), found)

        return self._read(work)

    def messages(self, conversation_id: str) -> List[MessageView]:
        return self._read(
            lambda s: [
                _message_view(m)
                for m in s.execute(
                    select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
                ).scalars()
            ]
        )

    def replies_since(self, sender_id: str, after: int = 0, limit: int = 100) -> List[MessageView]:
        """Replies to this buyer (any conversation) newer than message id `after`: the web chat's poll."""
        return self._read(
            lambda s: [
                _message_view(m)
                for m in s.execute(
                    select(Message)
                    .where(Message.sender_id == sender_id, Message.direction == "out", Message.id > after)
                    .order_by(Message.id)
                    .limit(limit)
                ).scalars()
            ]
        )

    def notes(self, conversation_id: str) -> List[NoteView]:
        def work(s: Session):
            rows = s.execute(
                select(Note, Agent.username)
                .join(Agent, Note.agent_id == Agent.id)
                .where(Note.conversation_id == conversation_id)
                .order_by(Note.id)
            ).all()
            return [_note_view(note, username) for note, username in rows]

        return self._read(work)

    def queued_conversations(self) -> List[ConversationView]:
        def work(s: Session):
            rows = s.execute(
                select(Conversation)
                .where(Conversation.status == "queued")
                .order_by(Conversation.sla_deadline)
            ).scalars()
            return [_conversation_view(s, c) for c in rows]

        return self._read(work)

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

    # -- state changes -----------------------------------------------------

    def _transition(
        self, conversation_id: str, allowed: Tuple[str, ...], change: Callable[[Session, Conversation], None]
    ) -> ConversationView | None:
        """Apply `change` if the conversation is in one of `allowed` states; None otherwise."""

        def work(s: Session):
            conversation = s.get(Conversation, conversation_id)
            if conversation is None or conversation.status not in allowed:
                return None
            change(s, conversation)
            s.flush()
            return _conversation_view(s, conversation)

        return self._write(work)

    def mark_queued(
        self,
        conversation_id: str,
        tier: int,
        reason: str,
        deadline: datetime,
        bot_paused: bool,
        now: datetime | None = None,
    ) -> ConversationView | None:
        now = _now(now)

        def change(s: Session, c: Conversation) -> None:
            c.status, c.tier, c.reason = "queued", tier, reason
            c.sla_deadline, c.queued_at, c.updated_at = deadline, now, now
            c.agent_id, c.claimed_at, c.breached, c.bot_paused = None, None, False, bot_paused
            c.escalations = (c.escalations or 0) + 1
            s.add(_event(c.id, "queued", now, tier=tier, reason=reason, data={"deadline": _iso(deadline)}))

        return self._transition(conversation_id, ("bot",), change)

    def mark_assigned(self, conversation_id: str, agent_id: int, now: datetime | None = None):
        now = _now(now)

        def change(s: Session, c: Conversation) -> None:
            c.status, c.agent_id, c.claimed_at, c.updated_at = "assigned", agent_id, now, now
            waited = (now - c.queued_at).total_seconds() if c.queued_at else None
            s.add(_event(c.id, "claimed", now, agent_id=agent_id, tier=c.tier, data={"waited_s": waited}))

        return self._transition(conversation_id, ("queued",), change)

    def set_bot_paused(self, conversation_id: str, paused: bool = True) -> None:
        self._write(
            lambda s: s.execute(
                update(Conversation).where(Conversation.id == conversation_id).values(bot_paused=paused)
            )
        )

    def mark_handback(self, conversation_id: str, agent_id: int, now: datetime | None = None):
        now = _now(now)

        def change(s: Session, c: Conversation) -> None:
            s.add(_event(c.id, "handback", now, agent_id=agent_id, tier=c.tier))
            c.status, c.agent_id, c.sla_deadline, c.bot_paused, c.updated_at = "bot", None, None, False, now

        return self._transition(conversation_id, ("queued", "assigned"), change)

    def mark_resolved(self, conversation_id: str, agent_id: int, now: datetime | None = None):
        now = _now(now)

        def change(s: Session, c: Conversation) -> None:
            s.add(_event(c.id, "resolved", now, agent_id=agent_id, tier=c.tier))
            c.status, c.resolved_at, c.updated_at, c.sla_deadline = "resolved", now, now, None
            c.csat_requested_at, c.csat_open = now, True

        return self._transition(conversation_id, OPEN_STATUSES, change)

    def mark_breached(
        self, breaches: Sequence[Breach], now: datetime | None = None
    ) -> List[ConversationView]:
        now = _now(now)

        def work(s: Session):
            changed = []
            for breach in breaches:
                c = s.get(Conversation, breach.conversation_id)
                if c is None or c.status != "queued":
                    continue
                c.tier, c.breached, c.updated_at = breach.to_tier, True, now
                if breach.deadline is not None:
                    c.sla_deadline = breach.deadline
                s.add(
                    _event(
                        c.id,
                        "breached",
                        now,
                        tier=breach.to_tier,
                        reason=c.reason,
                        data={"from_tier": breach.from_tier, "deadline": _iso(c.sla_deadline)},
                    )
                )
                changed.append(c)
            s.flush()
            return [_conversation_view(s, c) for c in changed]

        return self._write(work)

    def set_tags(self, conversation_id: str, tags: Sequence[str], agent_id: int | None = None):
        unknown = [t for t in tags if t not in TAG_COLOURS]
        if unknown:
            allowed = ", ".join(TAG_COLOURS)
            raise InvalidMessage(f"tags must be among {allowed}; got {', '.join(map(str, unknown))}")
        ordered = [colour for colour in TAG_COLOURS if colour in set(tags)]
        now = _now(None)

        def change(s: Session, c: Conversation) -> None:
            c.tags, c.updated_at = ordered, now
            s.add(_event(c.id, "tagged", now, agent_id=agent_id, data={"tags": ordered}))

        return self._transition(conversation_id, ("bot", "queued", "assigned", "resolved"), change)

    def add_note(
        self, conversation_id: str, agent_id: int, text: str, now: datetime | None = None
    ) -> NoteView:
        text = (text or "").strip()
        if not text:
            raise InvalidMessage("a note needs some text")
        if len(text) > MAX_NOTE_CHARS:
            raise InvalidMessage(f"a note is at most {MAX_NOTE_CHARS} characters", status=413)
        now = _now(now)

        def work(s: Session) -> NoteView:
            if s.get(Conversation, conversation_id) is None:
                raise Missing(f"no conversation {conversation_id}")
            agent = s.get(Agent, agent_id)
            note = Note(conversation_id=conversation_id, agent_id=agent_id, text=text, created_at=now)
            s.add(note)
            s.flush()
            return _note_view(note, agent.username if agent else "?")

        return self._write(work)


# -- row -> view ---------------------------------------------------------------


def _maybe(make, row):
    return make(row) if row is not None else None


def _event(conversation_id: str, kind: str, now: datetime, **fields) -> DeskEvent:
    fields.setdefault("data", {})
    return DeskEvent(conversation_id=conversation_id, kind=kind, created_at=now, **fields)


def _agent_view(agent: Agent) -> AgentView:
    return AgentView(
        id=agent.id,
        username=agent.username,
        role=agent.role,
        display_name=agent.display_name or agent.username,
        language=agent.language or "en",
        active=bool(agent.active),
    )


def _conversation_view(s: Session, c: Conversation) -> ConversationView:
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


def _message_view(m: Message) -> MessageView:
    return MessageView(
        id=m.id,
        conversation_id=m.conversation_id,
        sender_id=m.sender_id,
        direction=m.direction,
        author=m.author,
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
    )


def _note_view(note: Note, username: str) -> NoteView:
    return NoteView(
        id=note.id,
        conversation_id=note.conversation_id,
        agent_username=username,
        text=note.text,
        created_at=note.created_at,
    )
