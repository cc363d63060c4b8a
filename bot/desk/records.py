"""What the desk's rooms pass each other: a buyer message coming in, replies going out,
and immutable views of journaled conversations, messages, agents and notes.

Plain values only (no SQLAlchemy), so the queue, the channels and the API can
use them without depending on how the journal stores them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Tuple

from bot.seller.routing import queue_of

ROLES = ("tier1", "tier2", "tier3", "supervisor", "trainer")


class _Text(str, Enum):
    """A str-Enum that prints as its value (stored in the database and shown in the API as is)."""

    def __str__(self) -> str:
        return self.value


class ConversationStatus(_Text):
    BOT = "bot"  # the bot answers
    QUEUED = "queued"  # escalated, waiting for an agent of its tier
    ASSIGNED = "assigned"  # an agent holds it
    RESOLVED = "resolved"  # closed; the buyer's next message opens a new conversation


OPEN_STATUSES = (ConversationStatus.BOT, ConversationStatus.QUEUED, ConversationStatus.ASSIGNED)


class Author(_Text):
    """Who wrote a journaled message."""

    BUYER = "buyer"
    BOT = "bot"
    SYSTEM = "system"  # the desk itself: auto-replies, wait times, CSAT questions
    AGENT = "agent"

    def label(self, agent_username: str | None = None) -> str:
        """How desk_messages.author stores it and the API shows it: an agent as "agent:<username>"."""
        return f"{self.value}:{agent_username}" if self is Author.AGENT and agent_username else self.value

    @classmethod
    def parse(cls, label: str) -> Tuple[Author, str | None]:
        """label()'s inverse: the author and, for an agent, the username."""
        kind, _, username = str(label).partition(":")
        author = cls(kind)
        return author, (username or None) if author is cls.AGENT else None


class Missing(LookupError):
    """No such conversation."""


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def opened_from(source: str | None) -> str:
    """Where the chat was opened, as routing needs it: an order page or dispute is after-sale."""
    return queue_of(source)


# -- what comes in and goes out ------------------------------------------------


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
        """The channel's message id within this buyer's messages: another buyer's id "2" is
        another message. Hashed, so the three ids of up to 128 characters fit the column."""
        if not self.channel_message_id:
            return None
        ids = json.dumps([self.marketplace, self.buyer_id, self.channel_message_id], ensure_ascii=False)
        return f"{self.channel}:{hashlib.sha256(ids.encode('utf-8')).hexdigest()}"


@dataclass(frozen=True)
class Outgoing:
    """A reply to journal. `by` also takes a stored label ("agent:<username>") and reads it."""

    text: str
    by: Author
    buttons: Tuple[dict, ...] = ()
    agent_id: int | None = None
    language: str | None = None
    agent_username: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.by, Author):
            by, username = Author.parse(self.by)
            object.__setattr__(self, "by", by)
            object.__setattr__(self, "agent_username", self.agent_username or username)

    @classmethod
    def from_agent(cls, agent: AgentView, text: str, language: str | None = None) -> Outgoing:
        return cls(text, Author.AGENT, agent_id=agent.id, language=language, agent_username=agent.username)

    @property
    def author(self) -> str:
        return self.by.label(self.agent_username)


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
    status: ConversationStatus
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
            "status": self.status.value,
            "tier": self.tier,
            "reason": self.reason,
            "agent_id": self.agent_id,
            "agent": self.agent_username,
            "tags": list(self.tags),
            "opened_from": self.opened_from,
            "vip": self.vip,
            "breached": self.breached,
            "sla_deadline": iso_utc(self.sla_deadline),
            "created_at": iso_utc(self.created_at),
            "csat": self.csat,
        }


@dataclass(frozen=True)
class MessageView:
    id: int
    conversation_id: str
    sender_id: str
    direction: str  # in | out
    by: Author
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
    agent_username: str | None = None

    @property
    def author(self) -> str:
        """The stored label: buyer, bot, system or agent:<username>."""
        return self.by.label(self.agent_username)

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
            "created_at": iso_utc(self.created_at),
        }

    def to_buyer_json(self) -> dict:
        """What the buyer's side sees of a reply (never the agent's username)."""
        return {
            "id": self.id,
            "text": self.text,
            "buttons": list(self.buttons),
            "from": self.by.value,
            "created_at": iso_utc(self.created_at),
        }


@dataclass(frozen=True)
class NluResult:
    """What Rasa made of a buyer message: language, intent, its confidence, and the likeliest
    real intents ({name, confidence}; nlu_fallback is a verdict, not a candidate)."""

    language: str | None = None
    intent: str | None = None
    confidence: float | None = None
    ranking: Tuple[dict, ...] = ()


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
            "created_at": iso_utc(self.created_at),
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
