"""Trainers' labels as a history: the latest ones of a language, and undoing one.

A label given by mistake is undone by any trainer or supervisor: its row goes (so its group
is back in the inbox while buyers still write it and the bot is still unsure of it) and a
NluLabelRemoval row keeps the label as it was with who undid it and when. The example
leaves reviewed.yml first (bot/desk/reviewed_examples.py), as labelling writes the file first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, List

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.label_tables import NluLabelRemoval
from bot.desk.models import SCHEMA, NluLabel
from bot.desk.records import Missing
from bot.desk.trainer_inbox import normalise

RECENT = 50


class LabelHistory(SqlStore):
    """The label table read newest first, and its undo with an audit row."""

    schema = SCHEMA

    def recent(self, language: str, limit: int = RECENT) -> dict:
        """The language's latest labels and latest undos, newest first."""

        def work(s: Session) -> dict:
            labels = _newest(s, NluLabel, NluLabel.created_at, language, limit)
            undone = _newest(s, NluLabelRemoval, NluLabelRemoval.removed_at, language, limit)
            return {"labels": [_label(row) for row in labels], "undone": [_undone(row) for row in undone]}

        return self._read(work)

    def find(self, language: str, text: str) -> dict:
        """The label of the group `text` belongs to; Missing when there is none."""

        def work(s: Session) -> dict:
            return _label(_row(s, language, normalise(text)))

        return self._read(work)

    def undo(self, language: str, key: str, by: str, now: datetime | None = None) -> dict:
        """Delete the label of the group `key` (normalise()), keeping who undid it and when."""

        def work(s: Session) -> dict:
            row = _row(s, language, key)
            removal = NluLabelRemoval(
                language=row.language,
                normalised=row.normalised,
                text=row.text,
                intent=row.intent,
                labelled_by=row.labelled_by,
                labelled_at=row.created_at,
                removed_by=by,
                removed_at=stamp(now),
            )
            s.add(removal)
            s.delete(row)
            s.flush()
            return _undone(removal)

        return self._write(work)


def _newest(s: Session, table: Any, when: Any, language: str, limit: int) -> List[Any]:
    query = select(table).where(table.language == language).order_by(when.desc(), table.id.desc())
    return list(s.execute(query.limit(limit)).scalars())


def _row(s: Session, language: str, key: str) -> NluLabel:
    row = s.execute(
        select(NluLabel).where(NluLabel.language == language, NluLabel.normalised == key)
    ).scalar()
    if row is None:
        raise Missing(f"no {language} label for these words (undone already, or never given)")
    return row


def _label(row: NluLabel) -> dict:
    return {
        "language": row.language,
        "key": row.normalised,
        "text": row.text,
        "intent": row.intent,
        "by": row.labelled_by,
        "at": stamp(row.created_at).isoformat(),
    }


def _undone(row: NluLabelRemoval) -> dict:
    return {
        "language": row.language,
        "key": row.normalised,
        "text": row.text,
        "intent": row.intent,
        "labelled_by": row.labelled_by,
        "labelled_at": stamp(row.labelled_at).isoformat(),
        "undone_by": row.removed_by,
        "undone_at": stamp(row.removed_at).isoformat(),
    }
