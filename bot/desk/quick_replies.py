"""The seller's own quick replies: texts the supervisors write for agents in the console, per
buyer language, beside the catalogue's reply templates (bot/desk/templates.py) and searched
with them, first at an equal match (the seller's words before Kefu's). Placeholders such as
{order_number} are filled from the conversation's order as in the catalogue's templates.

One title per language: the same title in several languages is the same reply translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List

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
        self, reply_id: int | None, language: str, title: str, text: str, by: str, now: datetime | None = None
    ) -> QuickReply:
        """A new reply (reply_id None) or the reply changed; Conflict when the language already
        has that title or MAX_PER_LANGUAGE replies; LookupError when the reply is gone."""
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
