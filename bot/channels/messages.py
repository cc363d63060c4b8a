"""What a buyer channel carries: a buyer message coming in (Inbound) and a journaled
message going out (MessageView), with who wrote it (Author).

The desk journals and routes them (bot.desk.records names them among its values);
they are defined here, below the desk, so the channel adapters never import the desk.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Tuple

from bot.commerce.views import sender_id
from bot.seller.routing import queue_of


class TextEnum(str, Enum):
    """A str-Enum that prints as its value (stored in the database and shown in the API as is)."""

    def __str__(self) -> str:
        return self.value


class Author(TextEnum):
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


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def opened_from(source: str | None) -> str:
    """Where the chat was opened, as routing needs it: an order page or dispute is after-sale."""
    return queue_of(source)


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
        return sender_id(self.marketplace, self.buyer_id)

    @property
    def dedup_key(self) -> str | None:
        """The channel's message id within this buyer's messages: another buyer's id "2" is
        another message. Hashed, so the three ids of up to 128 characters fit the column."""
        if not self.channel_message_id:
            return None
        ids = json.dumps([self.marketplace, self.buyer_id, self.channel_message_id], ensure_ascii=False)
        return f"{self.channel}:{hashlib.sha256(ids.encode('utf-8')).hexdigest()}"


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
