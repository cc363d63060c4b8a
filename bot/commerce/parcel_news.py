"""Parcels whose tracking says something a buyer would want to hear unasked: waiting at a
post office, stalled (no update for the shop's stalled_after_days), or delivered.

Only the latest event of each shipment counts, as in actions/tracking.py's answers.
bot/desk/notices.py decides whether and how to tell the buyer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from bot.commerce.models import Buyer, Order, Shipment

# A parcel that arrived or went back has nothing left to stall.
NOT_STALLING = ("awaiting_pickup", "delivered", "returned")


@dataclass(frozen=True)
class ParcelNews:
    kind: str  # awaiting_pickup | stalled | delivered (bot.seller.notices.NOTICE_KINDS)
    tracking_number: str
    order_number: str
    marketplace: str
    buyer_id: str
    buyer_language: str
    place: str
    event_date: datetime


def parcel_news(engine: Engine, now: datetime, stalled_after_days: int) -> List[ParcelNews]:
    """Every shipment's current news (at most one per shipment), oldest order first."""
    stalled_before = now - timedelta(days=stalled_after_days)
    found: List[ParcelNews] = []
    with Session(engine, future=True) as session:
        rows = session.execute(
            select(Shipment, Order, Buyer)
            .join(Order, Shipment.order_id == Order.id)
            .join(Buyer, Order.buyer_pk == Buyer.id)
            .where(Order.status != "cancelled")
            .options(selectinload(Shipment.events))
            .order_by(Order.placed_at, Shipment.id)
        ).all()
        for shipment, order, buyer in rows:
            if not shipment.events:
                continue
            latest = shipment.events[-1]
            if latest.status in ("awaiting_pickup", "delivered"):
                kind = latest.status
            elif latest.status not in NOT_STALLING and latest.occurred_at <= stalled_before:
                kind = "stalled"
            else:
                continue
            found.append(
                ParcelNews(
                    kind=kind,
                    tracking_number=shipment.tracking_number,
                    order_number=order.order_number,
                    marketplace=order.marketplace,
                    buyer_id=buyer.buyer_id,
                    buyer_language=buyer.language,
                    place=latest.place,
                    event_date=latest.occurred_at,
                )
            )
    return found
