"""Trainers' labels as a history: the latest ones of a language, and undoing one.

A label given by mistake is undone by any trainer or supervisor: its row goes (so its group
is back in the inbox while buyers still write it and the bot is still unsure of it) and a
NluLabelRemoval row keeps the label as it was with who undid it and when. The example
leaves reviewed.yml first (bot/desk/reviewed_examples.py), as labelling writes the file first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, List

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.label_tables import NluLabelRemoval
from bot.desk.models import SCHEMA, NluLabel
from bot.desk.records import Missing
from bot.desk.trainer_inbox import label_of, normalise

RECENT = 50
MAX_PAGE = 200


@dataclass(frozen=True)
class LabelFilter:
    """Which labels a trainer looks for: of one intent, by one trainer, with some words
    (anywhere in the text as labelled, case aside). Empty fields do not filter."""

    intent: str | None = None
    by: str | None = None
    words: str | None = None

    def where(self) -> List[Any]:
        found: List[Any] = []
        if self.intent:
            found.append(NluLabel.intent == self.intent)
        if self.by:
            found.append(NluLabel.labelled_by == self.by)
        if self.words:
            # The group key is the text casefolded and folded like the inbox's groups.
            found.append(NluLabel.normalised.contains(normalise(self.words), autoescape=True))
        return found


def page_cursor(row: NluLabel) -> str:
    """Where the next page starts: after this label, newest first (time, then id)."""
    return f"{stamp(row.created_at).isoformat()}~{row.id}"


def read_cursor(cursor: str) -> tuple[datetime, int]:
    """page_cursor() read back; ValueError when it is not one."""
    at, _, number = cursor.rpartition("~")
    when, row = stamp(datetime.fromisoformat(at)), int(number)
    if not 0 < row < 2**63:  # no row has it, and SQL integers end there
        raise ValueError(f"no label has the id {row}")
    return when, row


class LabelHistory(SqlStore):
    """The label table read newest first, and its undo with an audit row."""

    schema = SCHEMA

    def recent(
        self,
        language: str,
        limit: int = RECENT,
        only: LabelFilter = LabelFilter(),
        after: str | None = None,
    ) -> dict:
        """The language's latest labels (`only` those, from `after` a page_cursor() on) and
        latest undos, newest first; `next`: the cursor of the following page, or None."""
        start = read_cursor(after) if after else None

        def work(s: Session) -> dict:
            query = select(NluLabel).where(NluLabel.language == language, *only.where())
            if start is not None:
                at, number = start
                query = query.where(
                    or_(NluLabel.created_at < at, and_(NluLabel.created_at == at, NluLabel.id < number))
                )
            query = query.order_by(NluLabel.created_at.desc(), NluLabel.id.desc()).limit(limit + 1)
            labels = list(s.execute(query).scalars())
            more = len(labels) > limit
            labels = labels[:limit]
            undone = _newest(s, NluLabelRemoval, NluLabelRemoval.removed_at, language, RECENT)
            total = s.execute(
                select(func.count(NluLabel.id)).where(NluLabel.language == language, *only.where())
            ).scalar_one()
            return {
                "labels": [_label(row) for row in labels],
                "matching": total,
                "next": page_cursor(labels[-1]) if more else None,
                "undone": [_undone(row) for row in undone],
            }

        return self._read(work)

    def find(self, language: str, text: str) -> dict:
        """The label of the group `text` belongs to; Missing when there is none."""

        def work(s: Session) -> dict:
            return _label(_row(s, language, normalise(text)))

        return self._read(work)

    def current(self, language: str, text: str) -> dict | None:
        """The label the group `text` belongs to has now, if any."""
        try:
            return self.find(language, text)
        except Missing:
            return None

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
    row = label_of(s, language, key)
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
