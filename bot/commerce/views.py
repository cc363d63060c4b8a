"""What the repository hands to actions: plain, immutable snapshots of the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Tuple

ORDER_STATUSES = ("unpaid", "paid", "processing", "shipped", "delivered", "cancelled", "refunded")
NOT_YET_SHIPPED = ("unpaid", "paid", "processing")
TRACKING_STATUSES = (
    "accepted",
    "departed_origin",
    "customs",
    "arrived_destination_country",
    "awaiting_pickup",
    "out_for_delivery",
    "delivered",
    "delivery_failed",
    "returned",
)
# "withdrawn": the buyer took back a request before the seller approved it.
REFUND_STATUSES = ("requested", "approved", "processed", "rejected", "withdrawn")
CASE_KINDS = ("damaged", "wrong_item", "missing_item", "not_received", "logistics_check")
CASE_STATUSES = ("awaiting_photos", "open", "escalated", "closed")


@dataclass(frozen=True)
class BuyerRef:
    """Who is asking, as the channel (never the message text) says."""

    marketplace: str
    buyer_id: str


def sender_id(marketplace: str, buyer_id: str) -> str:
    """The desk's and Rasa's conversation key for a marketplace's buyer. Marketplace names
    hold no ':' (the importer's and the desk's checks), so the key names one buyer."""
    return f"{marketplace}:{buyer_id}"


@dataclass(frozen=True)
class TrackingEventView:
    occurred_at: datetime
    status: str
    place: str
    description: str = ""


@dataclass(frozen=True)
class ShipmentView:
    carrier: str
    tracking_number: str
    shipped_at: datetime | None
    events: Tuple[TrackingEventView, ...] = ()  # oldest first

    @property
    def latest(self) -> TrackingEventView | None:
        return self.events[-1] if self.events else None


@dataclass(frozen=True)
class ItemView:
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    declared_value: Decimal  # declared customs value of one unit


@dataclass(frozen=True)
class RefundView:
    id: int
    amount: Decimal
    currency: str
    status: str
    reason: str
    requested_at: datetime
    processed_at: datetime | None = None
    approved_at: datetime | None = None


@dataclass(frozen=True)
class CaseView:
    id: int
    kind: str
    status: str
    created_at: datetime
    photos: Tuple[str, ...] = ()
    tag: str | None = None
    tier: int | None = None  # agent tier once escalated


@dataclass(frozen=True)
class OrderView:
    marketplace: str
    order_number: str
    status: str
    currency: str
    destination_country: str  # ISO 3166 alpha-2
    placed_at: datetime
    paid_at: datetime | None = None
    ship_by: date | None = None
    shipped_at: datetime | None = None
    items: Tuple[ItemView, ...] = ()
    shipments: Tuple[ShipmentView, ...] = ()  # several when the order was split
    refunds: Tuple[RefundView, ...] = ()
    cases: Tuple[CaseView, ...] = field(default=())

    @property
    def total(self) -> Decimal:
        return sum((i.unit_price * i.quantity for i in self.items), Decimal("0"))

    @property
    def declared_value(self) -> Decimal:
        return sum((i.declared_value * i.quantity for i in self.items), Decimal("0"))

    @property
    def shipped(self) -> bool:
        return self.status not in NOT_YET_SHIPPED

    def ship_overdue(self, today: date) -> bool:
        """Not shipped yet, and its ship-by date has passed."""
        return not self.shipped and self.ship_by is not None and self.ship_by < today
