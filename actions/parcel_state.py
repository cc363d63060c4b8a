"""Where a parcel stands, from its scans alone: when it usually arrives, where it was left,
whether it stalled. Pure reading of the order; the answers live in actions/tracking.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Tuple

from bot.commerce.views import OrderView, TrackingEventView
from bot.seller.hours import as_utc
from bot.seller.shop import DeliveryWindow, load_shop


def usual_arrival(shipped_at: datetime, window: DeliveryWindow, now: datetime) -> Tuple[datetime, datetime]:
    """The first and last moment a parcel shipped at `shipped_at` usually arrives, from the usual
    days to its country; not before `now` (the last may be: the parcel is late)."""
    shipped_at = as_utc(shipped_at)
    return max(shipped_at + timedelta(days=window.shortest), now), shipped_at + timedelta(days=window.longest)


def where_left(delivered: TrackingEventView) -> str:
    """The place of the delivery scan, with the carrier's note of where it was left, if any
    ("Austin, TX 78704; Delivered, front porch")."""
    return "; ".join(part for part in (delivered.place, delivered.description) if part)


def stalled(order: OrderView) -> bool:
    """The order's one parcel has had no scan for the shop's stalled_after_days, and is
    neither delivered nor waiting at a pickup point: the carrier is asked to check it."""
    if len(order.shipments) != 1 or order.status == "delivered":
        return False
    latest = order.shipments[0].latest
    return (
        latest is not None
        and latest.status not in ("delivered", "awaiting_pickup")
        and days_since(latest.occurred_at) >= load_shop().stalled_after_days
    )


def days_since(moment: datetime) -> float:
    return (datetime.now(timezone.utc) - as_utc(moment)).total_seconds() / 86400
