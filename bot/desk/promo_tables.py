"""The promo campaigns' tables (desk schema v5): campaigns and each buyer's outcome
(bot/desk/promo_log.py)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String

from bot.db.types import UTCDateTime
from bot.desk.base import DeskBase


class PromoCampaign(DeskBase):
    """A seller's promo campaign as last started (schema v5): the document, who started it,
    how many buyers it reaches and how many wait for quiet hours or the daily cap to pass."""

    __tablename__ = "desk_promo_campaigns"

    id = Column(String(64), primary_key=True)
    document = Column(JSON, nullable=False)
    started_by = Column(String(80), nullable=False)
    state = Column(String(16), nullable=False)  # running | done | failed
    audience = Column(Integer, nullable=False, default=0)
    held = Column(Integer, nullable=False, default=0)
    started_at = Column(UTCDateTime, nullable=False)
    finished_at = Column(UTCDateTime)


class PromoMessage(DeskBase):
    """One buyer's outcome in one campaign (schema v5), claimed before anything is sent:
    sending, then sent | failed | skipped (with the reason), never twice."""

    __tablename__ = "desk_promo_messages"

    id = Column(Integer, primary_key=True)
    campaign_id = Column(String(64), ForeignKey("desk_promo_campaigns.id"), nullable=False)
    sender_id = Column(String(200), nullable=False)
    status = Column(String(16), nullable=False)
    reason = Column(String(32))
    message_id = Column(Integer, ForeignKey("desk_messages.id"))
    created_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (
        Index("uq_desk_promo_messages_buyer", "campaign_id", "sender_id", unique=True),
        Index("ix_desk_promo_messages_sender", "sender_id", "created_at"),
    )
