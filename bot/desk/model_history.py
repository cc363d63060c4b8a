"""The history of retrained models: one row per retrain, written by the retrain job as it
goes (stage by stage) and read by the trainer's report page.

A row is final once its stage is done, refused or failed; the job that owns a running
row holds the retrain lock (bot/desk/retrain_lock.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.model_tables import ModelCandidate
from bot.desk.models import SCHEMA
from bot.desk.records import Missing

RUNNING = ("training", "evaluating", "promoting")
FINAL = ("done", "refused", "failed")
STAGES = RUNNING + FINAL
LOG_TAIL_CHARS = 4000


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _summary(row: ModelCandidate) -> Dict[str, Any]:
    """The row without the bulky reports (the history list)."""
    return {
        "id": row.id,
        "started_by": row.started_by,
        "started_at": _iso(row.started_at),
        "finished_at": _iso(row.finished_at),
        "stage": row.stage,
        "stages": list(row.stages or []),
        "fingerprint": row.fingerprint,
        "model_file": row.model_file,
        "baseline_model": row.baseline_model,
        "promoted": row.promoted,
        "reason": row.reason,
        "figures": _figures(row.reports),
    }


def _figures(reports: Dict[str, Any] | None) -> Dict[str, float]:
    return {name: r.get("macro_f1") for name, r in (reports or {}).items()}


def _full(row: ModelCandidate) -> Dict[str, Any]:
    return {
        **_summary(row),
        "reports": row.reports,
        "evaluated_on": row.evaluated_on,
        "baseline": row.baseline,
        "verdict": row.verdict,
        "log_path": row.log_path,
        "log_tail": row.log_tail,
    }


class ModelHistory(SqlStore):
    schema = SCHEMA

    def start(self, by: str, now: datetime | None = None, log_path: str | None = None) -> Dict[str, Any]:
        now = stamp(now)

        def work(s: Session) -> Dict[str, Any]:
            row = ModelCandidate(
                started_by=by,
                started_at=now,
                stage="training",
                stages=[{"stage": "training", "at": now.isoformat()}],
                log_path=log_path,
            )
            s.add(row)
            s.flush()
            return _full(row)

        return self._write(work)

    def update(self, job_id: int, stage: str | None = None, now: datetime | None = None, **fields) -> None:
        """Move the job to `stage` (with its time) and/or set columns of its row."""
        if stage is not None and stage not in STAGES:
            raise ValueError(f"unknown stage {stage!r}")
        now = stamp(now)

        def work(s: Session) -> None:
            row = s.get(ModelCandidate, job_id)
            if row is None:
                raise Missing(f"no retrain {job_id}")
            for name, value in fields.items():
                setattr(row, name, value)
            if stage is not None and stage != row.stage:
                row.stage = stage
                row.stages = [*(row.stages or []), {"stage": stage, "at": now.isoformat()}]
                if stage in FINAL:
                    row.finished_at = now

        self._write(work)

    def get(self, job_id: int) -> Dict[str, Any] | None:
        def work(s: Session) -> Dict[str, Any] | None:
            row = s.get(ModelCandidate, job_id)
            return _full(row) if row is not None else None

        return self._read(work)

    def latest(self) -> Dict[str, Any] | None:
        def work(s: Session) -> Dict[str, Any] | None:
            row = s.execute(select(ModelCandidate).order_by(ModelCandidate.id.desc()).limit(1)).scalar()
            return _full(row) if row is not None else None

        return self._read(work)

    def history(self, limit: int = 50) -> List[Dict[str, Any]]:
        def work(s: Session) -> List[Dict[str, Any]]:
            rows = s.execute(select(ModelCandidate).order_by(ModelCandidate.id.desc()).limit(limit))
            return [_summary(row) for row in rows.scalars()]

        return self._read(work)

    def reports_for(self, model_file: str, evaluated_on: str) -> Dict[str, Any] | None:
        """The latest figures recorded for this model file (as a candidate) on these sets, if any."""

        def work(s: Session) -> Dict[str, Any] | None:
            found = s.execute(
                select(ModelCandidate.reports)
                .where(
                    ModelCandidate.model_file == model_file,
                    ModelCandidate.evaluated_on == evaluated_on,
                    ModelCandidate.reports.isnot(None),
                )
                .order_by(ModelCandidate.id.desc())
                .limit(1)
            ).scalar()
            return found or None

        return self._read(work)

    def last_promoted(self) -> str | None:
        """The model file the latest promoting retrain loaded into Rasa, if any did."""

        def work(s: Session) -> str | None:
            return s.execute(
                select(ModelCandidate.model_file)
                .where(ModelCandidate.promoted.is_(True))
                .order_by(ModelCandidate.id.desc())
                .limit(1)
            ).scalar()

        return self._read(work)

    def refusal_of(self, model_file: str) -> str | None:
        """Why the latest retrain that measured this model file refused it; None when it was
        never refused, or a later retrain of the same file promoted it or left it alone."""

        def work(s: Session) -> str | None:
            row = s.execute(
                select(ModelCandidate.stage, ModelCandidate.reason)
                .where(ModelCandidate.model_file == model_file, ModelCandidate.stage.in_(FINAL))
                .order_by(ModelCandidate.id.desc())
                .limit(1)
            ).first()
            return (row.reason or "refused") if row is not None and row.stage == "refused" else None

        return self._read(work)

    def abandon(self, job_id: int, reason: str, now: datetime | None = None) -> bool:
        """Mark a job failed if it is still running (its process died); True if it was."""
        row = self.get(job_id)
        if row is None or row["stage"] in FINAL:
            return False
        self.update(job_id, "failed", now, reason=reason, promoted=False)
        return True


def read_tail(path: Path, limit: int = LOG_TAIL_CHARS) -> str | None:
    """The end of a log file (whole lines), None when there is none."""
    try:
        with path.open("rb") as log:
            log.seek(0, 2)
            size = log.tell()
            log.seek(max(0, size - limit))
            text = log.read().decode("utf-8", errors="replace")
    except OSError:
        return None
    return text.split("\n", 1)[1] if size > limit and "\n" in text else text
