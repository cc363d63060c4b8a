"""The seller's own quick replies: texts the supervisors write for agents in the console, per
buyer language, beside the catalogue's reply templates (bot/desk/templates.py) and searched
with them, first at an equal match (the seller's words before Kefu's). Placeholders such as
{order_number} are filled from the conversation's order as in the catalogue's templates.

One title per language: the same title in several languages is the same reply translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Sequence, Tuple

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.errors import Conflict
from bot.desk.models import SCHEMA
from bot.desk.quick_reply_tables import QuickReplyRow
from bot.desk.records import iso_utc

MAX_TITLE_CHARS = 120
# Every template search reads a language's replies: a bound keeps it a short list to search.
MAX_PER_LANGUAGE = 300


@dataclass(frozen=True)
class QuickReply:
    id: int
    language: str
    title: str
    text: str
    updated_by: str
    updated_at: datetime

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "language": self.language,
            "title": self.title,
            "text": self.text,
            "updated_by": self.updated_by,
            "updated_at": iso_utc(self.updated_at),
        }


@dataclass(frozen=True)
class Incoming:
    """A reply read from an imported file (bot/desk/quick_replies_csv.py), at its row."""

    row: int
    language: str
    title: str
    text: str


@dataclass
class ImportPlan:
    """What an import does: the rows that add a reply, replace a reply's text, or find the
    same text there already; and the rows that would take a language over its limit."""

    added: List[Incoming] = field(default_factory=list)
    replaced: List[Incoming] = field(default_factory=list)
    unchanged: List[Incoming] = field(default_factory=list)
    problems: List[Tuple[int, str]] = field(default_factory=list)


def _view(row: QuickReplyRow) -> QuickReply:
    return QuickReply(row.id, row.language, row.title, row.text, row.updated_by, row.updated_at)


class QuickReplies(SqlStore):
    schema = SCHEMA

    def quick_replies(self, language: str | None = None) -> List[QuickReply]:
        """By language, then title; one language's only when named."""
        query = select(QuickReplyRow).order_by(QuickReplyRow.language, QuickReplyRow.title)
        if language is not None:
            query = query.where(QuickReplyRow.language == language)
        return self._read(lambda s: [_view(row) for row in s.execute(query).scalars()])

    def save_quick_reply(
        self,
        reply_id: int | None,
        language: str,
        title: str,
        text: str,
        by: str,
        now: datetime | None = None,
        read_version: str | None = None,
    ) -> QuickReply:
        """A new reply (reply_id None) or the reply changed; Conflict when the language already
        has that title or MAX_PER_LANGUAGE replies, or when the reply is no longer the version
        its editor read (`read_version`: its updated_at as to_json gives it; None: not checked);
        LookupError when the reply is gone."""
        now = stamp(now)

        def work(s: Session) -> QuickReply:
            if reply_id is None:
                count = select(func.count()).where(QuickReplyRow.language == language)
                if s.execute(count).scalar() >= MAX_PER_LANGUAGE:
                    raise Conflict(f"{language} has {MAX_PER_LANGUAGE} quick replies, the most it may have")
            row = (
                QuickReplyRow() if reply_id is None else s.get(QuickReplyRow, reply_id, with_for_update=True)
            )
            if row is None:
                raise LookupError(f"no quick reply {reply_id}")
            if read_version is not None and iso_utc(row.updated_at) != read_version:
                raise Conflict(f"{row.updated_by} changed this quick reply meanwhile: reload, edit again")
            row.language, row.title, row.text, row.updated_by, row.updated_at = language, title, text, by, now
            s.add(row)
            s.flush()
            return _view(row)

        try:
            return self._write(work)
        except IntegrityError as exc:
            raise Conflict(f"a quick reply titled {title!r} in {language} exists already") from exc

    def remove_quick_reply(self, reply_id: int) -> bool:
        def work(s: Session) -> bool:
            row = s.get(QuickReplyRow, reply_id)
            if row is None:
                return False
            s.delete(row)
            return True

        return self._write(work)

    def import_quick_replies(
        self, rows: Sequence[Incoming], by: str, now: datetime | None = None, write: bool = True
    ) -> ImportPlan:
        """Each row adds a reply, or replaces the text of the reply of its language and title;
        all in one transaction, and only when `write` and no row takes a language over
        MAX_PER_LANGUAGE (those rows are the plan's problems). Conflict when another writer
        added one of the titles meanwhile."""
        now = stamp(now)

        def work(s: Session) -> ImportPlan:
            languages = sorted({row.language for row in rows})
            query = select(QuickReplyRow).where(QuickReplyRow.language.in_(languages))
            if write:  # PostgreSQL: a concurrent change of one of these waits for this import
                query = query.with_for_update()
            present = {(r.language, r.title): r for r in s.execute(query).scalars()}
            plan = _plan(rows, present)
            if not write or plan.problems:
                return plan
            for row in plan.added + plan.replaced:
                found = present.get((row.language, row.title)) or QuickReplyRow(
                    language=row.language, title=row.title
                )
                found.text, found.updated_by, found.updated_at = row.text, by, now
                s.add(found)
            s.flush()
            return plan

        try:
            return self._write(work) if write else self._read(work)
        except IntegrityError as exc:
            raise Conflict(
                "another supervisor added some of these titles meanwhile: import the file again"
            ) from exc


def _plan(rows: Sequence[Incoming], present: Dict[Tuple[str, str], QuickReplyRow]) -> ImportPlan:
    plan = ImportPlan()
    had: Dict[str, int] = {}
    for language, _ in present:
        had[language] = had.get(language, 0) + 1
    counts = dict(had)
    for row in rows:
        there = present.get((row.language, row.title))
        if there is None:
            counts[row.language] = counts.get(row.language, 0) + 1
            if counts[row.language] == MAX_PER_LANGUAGE + 1:
                plan.problems.append((row.row, _too_many(row.language, had.get(row.language, 0))))
            plan.added.append(row)
        elif there.text == row.text:
            plan.unchanged.append(row)
        else:
            plan.replaced.append(row)
    return plan


def _too_many(language: str, had: int) -> str:
    return (
        f"a language may have {MAX_PER_LANGUAGE} quick replies and {language} has {had}: "
        f"this new title and those after it are too many"
    )
