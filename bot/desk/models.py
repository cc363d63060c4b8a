"""The desk's tables: the journal of every message, conversations, agents, notes, ratings.

They live in the same database as the commerce tables (KEFU_DATABASE_URL) but
have their own declarative base and their own schema version
(`desk_schema_version`), so the desk and the commerce layer upgrade
independently. Two unique indexes carry the rules races could break: one
journal row per channel message id (a webhook delivered twice is one message),
and at most one open (not resolved) conversation per buyer.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.engine import Connection, Engine

from bot.db.schema import Migration, SchemaError, VersionedSchema, add_missing_columns
from bot.db.types import EnumText, UTCDateTime
from bot.desk.account_log import create_account_changes
from bot.desk.base import DeskBase
from bot.desk.label_tables import NluLabelRemoval
from bot.desk.model_tables import ModelCandidate
from bot.desk.promo_tables import PromoCampaign, PromoMessage
from bot.desk.quick_reply_tables import create_quick_replies
from bot.desk.records import ConversationStatus


class Agent(DeskBase):
    __tablename__ = "desk_agents"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False)
    display_name = Column(String(128), nullable=False, default="")
    language = Column(String(8), nullable=False, default="en")
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False)
    # Session tokens issued up to this second are void (schema v9): set by logout, a new
    # password, disabling. Kept here, not in Redis, so a Redis restart revives none.
    sessions_ended_at = Column(UTCDateTime)


class Conversation(DeskBase):
    """One episode of a buyer's chat, from the first message until an agent resolves it."""

    __tablename__ = "desk_conversations"

    id = Column(String(32), primary_key=True)
    # The Rasa conversation id: "<marketplace>:<buyer_id>", the same for every episode.
    sender_id = Column(String(200), nullable=False)
    buyer_id = Column(String(128), nullable=False)
    marketplace = Column(String(32), nullable=False)
    channel = Column(String(16), nullable=False)  # web | webhook
    opened_from = Column(String(16), nullable=False)  # pre_sale | after_sale
    vip = Column(Boolean, nullable=False, default=False)
    language = Column(String(8))
    status = Column(EnumText(ConversationStatus, 16), nullable=False, default=ConversationStatus.BOT)
    tier = Column(Integer)
    reason = Column(String(64))
    agent_id = Column(Integer, ForeignKey("desk_agents.id"))
    tags = Column(JSON, nullable=False, default=list)
    breached = Column(Boolean, nullable=False, default=False)
    escalations = Column(Integer, nullable=False, default=0)
    # True once Rasa confirmed the bot is paused for this episode's escalation.
    bot_paused = Column(Boolean, nullable=False, default=False)
    sla_deadline = Column(UTCDateTime)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)
    queued_at = Column(UTCDateTime)
    claimed_at = Column(UTCDateTime)
    first_agent_reply_at = Column(UTCDateTime)
    resolved_at = Column(UTCDateTime)
    csat = Column(Integer)
    csat_requested_at = Column(UTCDateTime)
    csat_open = Column(Boolean, nullable=False, default=False)

    __table_args__ = (
        Index(
            "uq_desk_conversations_open",
            "sender_id",
            unique=True,
            sqlite_where=text("status != 'resolved'"),
            postgresql_where=text("status != 'resolved'"),
        ),
        Index("ix_desk_conversations_sender", "sender_id", "created_at"),
        Index("ix_desk_conversations_status", "status"),
    )


class Message(DeskBase):
    """The journal: every buyer message (written before anything else) and every reply."""

    __tablename__ = "desk_messages"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(32), ForeignKey("desk_conversations.id"), nullable=False)
    sender_id = Column(String(200), nullable=False)
    direction = Column(String(3), nullable=False)  # in | out
    # records.Author.label(): buyer | bot | system | agent:<username>
    author = Column(String(80), nullable=False)
    agent_id = Column(Integer, ForeignKey("desk_agents.id"))
    text = Column(Text, nullable=False, default="")
    buttons = Column(JSON, nullable=False, default=list)
    attachments = Column(JSON, nullable=False, default=list)
    language = Column(String(8))
    intent = Column(String(64))
    # What Rasa made of a buyer message (schema v2), for the trainer's inbox: the top
    # intent's confidence, the three likeliest intents [{name, confidence}], and what the
    # bot did about its doubt (clarified | handed_off), if anything.
    nlu_confidence = Column(Float)
    nlu_ranking = Column(JSON)
    nlu_outcome = Column(String(16))
    # The intent an agent holding the chat says the buyer really had.
    corrected_intent = Column(String(64))
    corrected_by = Column(String(80))
    corrected_at = Column(UTCDateTime)
    channel = Column(String(16), nullable=False)
    # "<channel>:<marketplace>:<channel's message id>": a redelivered webhook finds its first copy.
    dedup_key = Column(String(300), unique=True)
    # A buyer message whose first handling ended with no reply (an error after it was
    # journaled), taken up again when the channel sent it again (schema v7): once only.
    # A reply pending delivery: when a desk last took it up to send (journal_sql.CLAIM_DELIVERY).
    resumed_at = Column(UTCDateTime)
    reply_to = Column(Integer, ForeignKey("desk_messages.id"))
    # Outgoing: web (the buyer polls), pending, sent, failed.
    delivery = Column(String(16))
    delivery_attempts = Column(Integer, nullable=False, default=0)
    # Agent and desk messages are copied into the Rasa tracker; False until that worked.
    rasa_synced = Column(Boolean, nullable=False, default=True)
    created_at = Column(UTCDateTime, nullable=False)
    # A buyer message: when the desk was done with it (schema v8): its answer journaled (the
    # bot's, a keyword rule's, the holding note), or it went to the agents. A welcome or busy
    # note is no answer. Still empty a while after it came: the desk handling it stopped, and
    # the unanswered-message sweep takes it up (maintenance.py).
    handled_at = Column(UTCDateTime)

    __table_args__ = (
        Index("ix_desk_messages_conversation", "conversation_id", "id"),
        Index("ix_desk_messages_sender", "sender_id", "id"),
    )


# The sweep's question, "which buyer messages were never handled?", reads only those rows.
_UNHANDLED = (Message.direction == "in") & Message.handled_at.is_(None)
UNHANDLED_INDEX = Index(
    "ix_desk_messages_unhandled", Message.created_at, postgresql_where=_UNHANDLED, sqlite_where=_UNHANDLED
)


class Note(DeskBase):
    __tablename__ = "desk_notes"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(32), ForeignKey("desk_conversations.id"), nullable=False, index=True)
    agent_id = Column(Integer, ForeignKey("desk_agents.id"), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False)


class CsatAnswer(DeskBase):
    __tablename__ = "desk_csat_answers"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(32), ForeignKey("desk_conversations.id"), nullable=False, unique=True)
    score = Column(Integer, nullable=False)
    message_id = Column(Integer, ForeignKey("desk_messages.id"))
    created_at = Column(UTCDateTime, nullable=False)


class DeskEvent(DeskBase):
    """What happened to a conversation and when: the KPIs are computed from these."""

    __tablename__ = "desk_events"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(32), ForeignKey("desk_conversations.id"), nullable=False, index=True)
    # queued, claimed, agent_reply, handback, resolved, abandoned (idle_chats.py), breached, csat,
    # withdrawn (the buyer no longer needed a person: withdrawn_request.py)
    kind = Column(String(24), nullable=False)
    agent_id = Column(Integer, ForeignKey("desk_agents.id"))
    tier = Column(Integer)
    reason = Column(String(64))
    data = Column(JSON, nullable=False, default=dict)
    created_at = Column(UTCDateTime, nullable=False)


class NluLabel(DeskBase):
    """A trainer's answer for a group of near-duplicate buyer messages: the inbox hides it
    from then on, and the example went to data/nlu/<language>/reviewed.yml."""

    __tablename__ = "desk_nlu_labels"

    id = Column(Integer, primary_key=True)
    language = Column(String(8), nullable=False)
    # The group's key (bot/desk/trainer_inbox.py normalise()).
    normalised = Column(String(500), nullable=False)
    text = Column(Text, nullable=False)
    intent = Column(String(64), nullable=False)
    labelled_by = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (Index("uq_desk_nlu_labels_text", "language", "normalised", unique=True),)


class AutoReplyVersion(DeskBase):
    """Each save of the seller's auto-replies from the console, with who and when (schema v3):
    the latest is the one the desk uses; seller/auto_replies.yml until the first save."""

    __tablename__ = "desk_auto_reply_versions"

    id = Column(Integer, primary_key=True)
    document = Column(JSON, nullable=False)
    saved_by = Column(String(64), nullable=False)
    saved_at = Column(UTCDateTime, nullable=False)


class ProactiveNotice(DeskBase):
    """A message Kefu wrote first (schema v4): one row per parcel and kind (awaiting_pickup,
    stalled, delivered), claimed before the message is journaled, so none is sent twice."""

    __tablename__ = "desk_proactive_notices"

    id = Column(Integer, primary_key=True)
    tracking_number = Column(String(64), nullable=False)
    kind = Column(String(24), nullable=False)
    sender_id = Column(String(200), nullable=False)
    message_id = Column(Integer, ForeignKey("desk_messages.id"))
    created_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (
        Index("uq_desk_proactive_notices_parcel", "tracking_number", "kind", unique=True),
        Index("ix_desk_proactive_notices_sender", "sender_id", "created_at"),
    )


# -- versioned schema (bot/db/schema.py) ------------------------------------------


class DeskSchemaError(SchemaError):
    """The database is not in a state this code can use or upgrade."""


def _v1_create(conn: Connection) -> None:
    DeskBase.metadata.create_all(conn)


NLU_REVIEW_COLUMNS = (
    "nlu_confidence",
    "nlu_ranking",
    "nlu_outcome",
    "corrected_intent",
    "corrected_by",
    "corrected_at",
)


def _v2_nlu_review(conn: Connection) -> None:
    """The NLU result of each buyer message, agents' corrections, and trainers' labels."""
    add_missing_columns(conn, Message.__table__, NLU_REVIEW_COLUMNS)
    NluLabel.__table__.create(conn, checkfirst=True)


def _v3_auto_replies(conn: Connection) -> None:
    """The history of the seller's auto-replies as supervisors edit them."""
    AutoReplyVersion.__table__.create(conn, checkfirst=True)


def _v4_proactive_notices(conn: Connection) -> None:
    """What Kefu told buyers unasked (parcel waiting, stalled, delivered)."""
    ProactiveNotice.__table__.create(conn, checkfirst=True)


def _v5_promos(conn: Connection) -> None:
    """The seller's promo campaigns and each buyer's outcome."""
    PromoCampaign.__table__.create(conn, checkfirst=True)
    PromoMessage.__table__.create(conn, checkfirst=True)


def _v6_model_history(conn: Connection) -> None:
    """Every retrained model, its figures, and whether it replaced the serving one."""
    ModelCandidate.__table__.create(conn, checkfirst=True)


def _v7_resumed_messages(conn: Connection) -> None:
    """When an unanswered buyer message was taken up again on its channel's redelivery."""
    add_missing_columns(conn, Message.__table__, ("resumed_at",))


def _v8_handled_messages(conn: Connection) -> None:
    """When the desk was done with each buyer message; those before this version were."""
    add_missing_columns(conn, Message.__table__, ("handled_at",))
    conn.execute(
        Message.__table__.update()
        .where(Message.direction == "in", Message.handled_at.is_(None))
        .values(handled_at=Message.created_at)
    )
    UNHANDLED_INDEX.create(conn, checkfirst=True)


def _v9_ended_sessions(conn: Connection) -> None:
    """Until when each agent's session tokens are void (logged out); none before this version."""
    add_missing_columns(conn, Agent.__table__, ("sessions_ended_at",))


def _v10_label_removals(conn: Connection) -> None:
    """Who undid which trainer's label, and when."""
    NluLabelRemoval.__table__.create(conn, checkfirst=True)


# MIGRATIONS[n] turns a database at version n into version n + 1; released steps are never edited.
MIGRATIONS: Sequence[Migration] = (
    _v1_create,
    _v2_nlu_review,
    _v3_auto_replies,
    _v4_proactive_notices,
    _v5_promos,
    _v6_model_history,
    _v7_resumed_messages,
    _v8_handled_messages,
    _v9_ended_sessions,
    _v10_label_removals,
    create_quick_replies,
    create_account_changes,
)
CURRENT_VERSION = len(MIGRATIONS)

SCHEMA = VersionedSchema(
    DeskBase.metadata, "desk_schema_version", UTCDateTime(), 0x6B6566 + 4, MIGRATIONS, error=DeskSchemaError
)
desk_schema_version = SCHEMA.version_table


def desk_version(conn: Connection) -> int:
    return SCHEMA.current_version(conn)


def ensure_desk_schema(engine: Engine, migrations: Sequence[Migration] | None = None) -> int:
    """Bring the desk tables to the latest version, in one transaction; returns that version."""
    return SCHEMA.ensure(engine, migrations)
