"""The seller's own quick replies' table (desk schema v11): bot/desk/quick_replies.py."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Connection

from bot.db.types import UTCDateTime
from bot.desk.base import DeskBase


class QuickReplyRow(DeskBase):
    """A reply the seller's supervisors wrote for agents, in one buyer language; one title
    per language (the same title in several languages is one reply, translated)."""

    __tablename__ = "desk_quick_replies"

    id = Column(Integer, primary_key=True)
    language = Column(String(8), nullable=False)
    title = Column(String(120), nullable=False)
    text = Column(Text, nullable=False)
    updated_by = Column(String(64), nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (UniqueConstraint("language", "title", name="uq_desk_quick_replies_title"),)


def create_quick_replies(conn: Connection) -> None:
    """Schema v11: the seller's own quick replies for agents."""
    QuickReplyRow.__table__.create(conn, checkfirst=True)
