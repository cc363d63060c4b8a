"""The model history's table (desk schema v6): one row per retrain (bot/desk/model_history.py)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Text

from bot.db.types import UTCDateTime
from bot.desk.base import DeskBase


class ModelCandidate(DeskBase):
    """One retrain: the model it trained, its figures and the serving model's, and whether
    it was promoted into the running Rasa or refused, and why."""

    __tablename__ = "desk_model_candidates"

    id = Column(Integer, primary_key=True)
    started_by = Column(String(64), nullable=False)
    started_at = Column(UTCDateTime, nullable=False)
    finished_at = Column(UTCDateTime)
    # training | evaluating | promoting | done | refused | failed; stages: [{stage, at}]
    stage = Column(String(16), nullable=False)
    stages = Column(JSON, nullable=False, default=list)
    fingerprint = Column(String(64))
    model_file = Column(String(300))
    # {set: LanguageReport as JSON}, the candidate's and the serving model's at the time;
    # evaluated_on: a digest of the evaluation sets (stored figures are reused only on the same).
    reports = Column(JSON)
    evaluated_on = Column(String(64))
    baseline_model = Column(String(300))
    baseline = Column(JSON)
    verdict = Column(JSON)
    promoted = Column(Boolean)
    reason = Column(Text)
    log_path = Column(String(500))
    log_tail = Column(Text)

    __table_args__ = (Index("ix_desk_model_candidates_model", "model_file"),)
