"""The audit of undone labels (desk schema v10): who took which trainer's label back, and when."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Text

from bot.db.types import UTCDateTime
from bot.desk.base import DeskBase


class NluLabelRemoval(DeskBase):
    """A label a trainer or supervisor undid: the label as it was (its words, intent, who gave
    it and when) and who undid it when. The label row itself is gone, so the group is back in
    the inbox while buyers still write it and the bot is unsure of it."""

    __tablename__ = "desk_nlu_label_removals"

    id = Column(Integer, primary_key=True)
    language = Column(String(8), nullable=False)
    normalised = Column(String(500), nullable=False)
    text = Column(Text, nullable=False)
    intent = Column(String(64), nullable=False)
    labelled_by = Column(String(64), nullable=False)
    labelled_at = Column(UTCDateTime, nullable=False)
    removed_by = Column(String(64), nullable=False)
    removed_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_desk_nlu_label_removals_language", "language", "removed_at"),)
