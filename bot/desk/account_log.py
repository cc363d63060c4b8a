"""The record of changes to agent accounts (desk schema v12): who added, changed, disabled,
enabled or removed which account, or set whose password, and when. Written in the same
transaction as the change (bot/desk/accounts.py), so no change goes unrecorded. A password
itself is never recorded: only that it was set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List

from sqlalchemy import JSON, Column, Index, Integer, String, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.db.types import UTCDateTime, stamp
from bot.desk.base import DeskBase
from bot.desk.records import iso_utc

# Who made a change the command line made (`kefu agents ...`): the operator of the machine.
COMMAND_LINE = "kefu agents (command line)"
ACTIONS = ("added", "changed", "password", "own_password", "disabled", "enabled", "removed")


class AccountChange(DeskBase):
    __tablename__ = "desk_account_changes"

    id = Column(Integer, primary_key=True)
    # Names, not ids: the record outlives a removed account.
    username = Column(String(64), nullable=False)
    action = Column(String(16), nullable=False)
    # What changed: {"role": ["tier1", "tier2"], ...} for "changed"; {"role": ...} for "added".
    detail = Column(JSON, nullable=False, default=dict)
    changed_by = Column(String(64), nullable=False)
    changed_at = Column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_desk_account_changes_at", "changed_at"),)


def create_account_changes(conn: Connection) -> None:
    """Schema v12: the record of changes to agent accounts."""
    AccountChange.__table__.create(conn, checkfirst=True)


def log_change(
    s: Session,
    username: str,
    action: str,
    by: str,
    now: datetime | None,
    detail: Dict[str, Any] | None = None,
) -> None:
    s.add(
        AccountChange(
            username=username, action=action, detail=detail or {}, changed_by=by[:64], changed_at=stamp(now)
        )
    )


@dataclass(frozen=True)
class AccountChangeView:
    username: str
    action: str
    detail: Dict[str, Any]
    by: str
    at: datetime

    def to_json(self) -> dict:
        return {
            "username": self.username,
            "action": self.action,
            "detail": self.detail,
            "by": self.by,
            "at": iso_utc(self.at),
        }


def latest_changes(s: Session, limit: int) -> List[AccountChangeView]:
    rows = s.execute(
        select(AccountChange).order_by(AccountChange.changed_at.desc(), AccountChange.id.desc()).limit(limit)
    ).scalars()
    return [
        AccountChangeView(r.username, r.action, dict(r.detail or {}), r.changed_by, r.changed_at)
        for r in rows
    ]
