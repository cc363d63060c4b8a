"""The durable record of promo campaigns (desk_promo_campaigns) and of each buyer's outcome
in one (desk_promo_messages), and who asked for no more promos (their words in the journal).

A buyer's row is claimed (unique campaign + buyer) before the message is journaled: a
re-run, or a concurrent one, finds it and sends nothing. The counts of the rows by status
are the campaign's progress.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, Dict, Iterable, List, Set

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.models import SCHEMA, Message
from bot.desk.opt_out import MAX_OPT_OUT_CHARS, asks_to_stop
from bot.desk.promo_tables import PromoCampaign, PromoMessage

SENDING, SENT, FAILED, SKIPPED = "sending", "sent", "failed", "skipped"
STATUSES = (SENT, SKIPPED, FAILED, SENDING)
_CHUNK = 500  # buyers per IN (...) query


class PromoLog(SqlStore):
    schema = SCHEMA

    def start(self, campaign_id: str, document: dict, started_by: str, audience: int, now: datetime) -> None:
        """The campaign is running (again): its document and audience as of this start."""
        values = dict(document=document, started_by=started_by, state="running", audience=audience, held=0)

        def work(s: Session) -> None:
            found = s.get(PromoCampaign, campaign_id)
            if found is None:
                s.add(PromoCampaign(id=campaign_id, started_at=stamp(now), **values))
                return
            for name, value in values.items():
                setattr(found, name, value)
            found.started_at, found.finished_at = stamp(now), None

        self._write(work, retry=True)

    def finish(self, campaign_id: str, state: str, held: int, now: datetime) -> None:
        self._write(
            lambda s: s.execute(
                update(PromoCampaign)
                .where(PromoCampaign.id == campaign_id)
                .values(state=state, held=held, finished_at=stamp(now))
            )
        )

    def handled(self, campaign_id: str) -> Set[str]:
        """The buyers this campaign already reached, tried or skipped for good."""
        return set(
            self._read(
                lambda s: (
                    s.execute(select(PromoMessage.sender_id).where(PromoMessage.campaign_id == campaign_id))
                    .scalars()
                    .all()
                )
            )
        )

    def claim(
        self,
        campaign_id: str,
        sender_id: str,
        now: datetime,
        status: str = SENDING,
        reason: str | None = None,
    ) -> int | None:
        """The buyer's new row, or None when this campaign has one for them already."""
        row = PromoMessage(
            campaign_id=campaign_id, sender_id=sender_id, status=status, reason=reason, created_at=stamp(now)
        )
        return self._insert_once(row)

    def settle(self, row_id: int, status: str, message_id: int) -> None:
        self._write(
            lambda s: s.execute(
                update(PromoMessage)
                .where(PromoMessage.id == row_id)
                .values(status=status, message_id=message_id)
            )
        )

    def progress(self, campaign_id: str) -> Dict[str, Any] | None:
        def work(s: Session) -> Dict[str, Any] | None:
            campaign = s.get(PromoCampaign, campaign_id)
            return None if campaign is None else _progress(s, campaign)

        return self._read(work)

    def campaigns(self, limit: int = 50) -> List[Dict[str, Any]]:
        """The campaigns started, newest first, each with its progress."""
        query = select(PromoCampaign).order_by(PromoCampaign.started_at.desc()).limit(limit)
        return self._read(lambda s: [_progress(s, campaign) for campaign in s.execute(query).scalars()])

    def opted_out(self, sender_ids: Iterable[str]) -> Set[str]:
        """The buyers among these who wrote "stop", "unsubscribe" and the like (opt_out.py)."""
        wanted: List[str] = list(sender_ids)
        found: Set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            query = select(Message.sender_id, Message.text).where(
                Message.sender_id.in_(wanted[start : start + _CHUNK]),
                Message.direction == "in",
                func.length(Message.text) <= MAX_OPT_OUT_CHARS * 2,
            )
            rows = self._read(functools.partial(_rows, query))
            found.update(sender for sender, text in rows if asks_to_stop(text))
        return found


def _progress(s: Session, campaign: PromoCampaign) -> Dict[str, Any]:
    counts = dict.fromkeys(STATUSES, 0)
    rows = s.execute(
        select(PromoMessage.status, func.count(PromoMessage.id))
        .where(PromoMessage.campaign_id == campaign.id)
        .group_by(PromoMessage.status)
    ).all()
    counts.update({status: count for status, count in rows})
    return {
        "campaign": campaign.id,
        "state": campaign.state,
        "started_by": campaign.started_by,
        "started_at": campaign.started_at.isoformat(),
        "finished_at": campaign.finished_at.isoformat() if campaign.finished_at else None,
        "audience": campaign.audience,
        "held": campaign.held,
        **counts,
    }


def _rows(query: Any, session: Session) -> List[Any]:
    return list(session.execute(query).all())
