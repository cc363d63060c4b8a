"""What the seller rules keep and read in the desk's database: each console save of the
auto-replies (who and when; the latest wins), and whether a buyer wrote recently
(the welcome goes to a buyer's first message in a while)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.models import SCHEMA, AutoReplyVersion
from bot.desk.records import iso_utc


@dataclass(frozen=True)
class SavedAutoReplies:
    version: int
    document: Dict[str, Any]
    saved_by: str
    saved_at: datetime

    def about(self) -> dict:
        return {"version": self.version, "saved_by": self.saved_by, "saved_at": iso_utc(self.saved_at)}


def _saved(row: AutoReplyVersion) -> SavedAutoReplies:
    return SavedAutoReplies(row.id, dict(row.document), row.saved_by, row.saved_at)


class SellerRuleStore(SqlStore):
    schema = SCHEMA

    def latest_auto_replies(self) -> SavedAutoReplies | None:
        def work(s: Session):
            row = s.execute(select(AutoReplyVersion).order_by(AutoReplyVersion.id.desc()).limit(1)).scalar()
            return _saved(row) if row is not None else None

        return self._read(work)

    def auto_reply_history(self, limit: int = 20) -> List[SavedAutoReplies]:
        def work(s: Session):
            rows = s.execute(select(AutoReplyVersion).order_by(AutoReplyVersion.id.desc()).limit(limit))
            return [_saved(row) for row in rows.scalars()]

        return self._read(work)

    def save_auto_replies(self, document: Dict[str, Any], saved_by: str, now: datetime) -> SavedAutoReplies:
        """A new version (never an edit of an old one: the history is the audit trail)."""

        def work(s: Session):
            row = AutoReplyVersion(document=document, saved_by=saved_by, saved_at=stamp(now))
            s.add(row)
            s.flush()
            return _saved(row)

        return self._write(work)
