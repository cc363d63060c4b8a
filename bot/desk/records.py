"""What the desk's rooms pass each other: a buyer message coming in, replies going out,
and immutable views of journaled conversations, messages, agents and notes.

Plain values only (no SQLAlchemy), so the queue, the channels and the API can
use them without depending on how the journal stores them. Inbound, MessageView and
Author are what buyer channels carry: bot.channels.messages defines them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Tuple

# What a channel carries is defined below the desk (channels never import it) and named
# here too, with the desk's other values (the `as` marks the re-export).
from bot.channels.messages import Author as Author
from bot.channels.messages import Inbound as Inbound
from bot.channels.messages import MessageView as MessageView
from bot.channels.messages import TextEnum
from bot.channels.messages import iso_utc as iso_utc
from bot.channels.messages import opened_from as opened_from

ROLES = ("tier1", "tier2", "tier3", "supervisor", "trainer")


class ConversationStatus(TextEnum):
    BOT = "bot"  # the bot answers
    QUEUED = "queued"  # escalated, waiting for an agent of its tier
    ASSIGNED = "assigned"  # an agent holds it
    RESOLVED = "resolved"  # closed; the buyer's next message opens a new conversation


OPEN_STATUSES = (ConversationStatus.BOT, ConversationStatus.QUEUED, ConversationStatus.ASSIGNED)


class Missing(LookupError):
    """No such conversation."""


# -- what comes in and goes out ------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    """A reply to journal. `by` also takes a stored label ("agent:<username>") and reads it."""

    text: str
    by: Author
    buttons: Tuple[dict, ...] = ()
    agent_id: int | None = None
    language: str | None = None
    agent_username: str | None = None
    # Already in the script its buyer reads (the bot's replies, rendered for them by the NLG):
    # the desk converts only its own Chinese (bot/desk/buyer_script.py), never an agent's words.
    as_written: bool = False

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
    # Session tokens issued up to this second are void (auth.ended_by_account).
    sessions_ended_at: datetime | None = None
    created_at: datetime | None = None

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
class NluResult:
    """What Rasa made of a buyer message: language, intent, its confidence, and the likeliest
    real intents ({name, confidence}; nlu_fallback is a verdict, not a candidate)."""

    language: str | None = None
    intent: str | None = None
    confidence: float | None = None
    ranking: Tuple[dict, ...] = ()


@dataclass(frozen=True)
class BuyerReading:
    """What Rasa made of one journaled buyer message, and what the bot did about its doubt
    (clarified, handed_off), as the journal keeps it for the trainer's inbox."""

    message_id: int
    nlu: NluResult
    outcome: str | None = None


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
    kind: str  # message | csat | duplicate | resume (a duplicate whose first copy went unanswered)
    # For a duplicate: the replies the first copy got.
    replies: Tuple[MessageView, ...] = field(default=())
    # When this buyer last wrote before this message, in any conversation (None: never);
    # the seller's welcome goes to a buyer's first message in a while.
    previous_inbound_at: datetime | None = None


@dataclass(frozen=True)
class Breach:
    conversation_id: str
    from_tier: int
    to_tier: int
    deadline: datetime | None  # None: stays in the top tier with its deadline
