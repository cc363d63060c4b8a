"""The commerce tables (SQLAlchemy 1.4 declarative). Only this package reads or writes them.

Status values are checked in Python (views.py holds the lists) rather than by
CHECK constraints, so adding a status never needs a table rebuild on SQLite.
Two partial unique indexes do guard the rules that races could break: at most
one open refund per order, and one non-closed case per order and kind.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import declarative_base, relationship, validates

from bot.commerce.views import (
    CASE_KINDS,
    CASE_STATUSES,
    ORDER_STATUSES,
    REFUND_STATUSES,
    TRACKING_STATUSES,
)
from bot.db.types import Money, UTCDateTime
from bot.seller.tags import TAG_COLOURS

# Any: SQLAlchemy 1.4 cannot type a declarative base without its mypy plugin.
Base: Any = declarative_base()

OPEN_REFUND_STATUSES = ("requested", "approved")


def _one_of(allowed, name, value, nullable=False):
    if value is None and nullable:
        return value
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


class Buyer(Base):
    __tablename__ = "buyers"
    __table_args__ = (UniqueConstraint("marketplace", "buyer_id", name="uq_buyers_marketplace_buyer"),)

    id = Column(Integer, primary_key=True)
    marketplace = Column(String(32), nullable=False)
    buyer_id = Column(String(64), nullable=False)  # the marketplace's own id for the buyer
    name = Column(String(200), nullable=False)
    country = Column(String(2), nullable=False)
    language = Column(String(16), nullable=False)
    vip = Column(Boolean, nullable=False, default=False)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("marketplace", "order_number", name="uq_orders_marketplace_number"),
        Index("ix_orders_buyer_placed", "buyer_pk", "placed_at"),
    )

    id = Column(Integer, primary_key=True)
    marketplace = Column(String(32), nullable=False)
    order_number = Column(String(64), nullable=False)
    # buyers.id (named buyer_pk so it is never confused with the marketplace's buyer_id)
    buyer_pk = Column(Integer, ForeignKey("buyers.id", ondelete="RESTRICT"), nullable=False)
    status = Column(String(16), nullable=False)
    placed_at = Column(UTCDateTime, nullable=False)
    paid_at = Column(UTCDateTime)
    ship_by = Column(Date)
    shipped_at = Column(UTCDateTime)
    currency = Column(String(3), nullable=False)
    destination_country = Column(String(2), nullable=False)
    cancelled_at = Column(UTCDateTime)
    cancel_reason = Column(String(500))

    buyer = relationship("Buyer")
    items = relationship(
        "OrderItem", order_by="OrderItem.id", cascade="all, delete-orphan", passive_deletes=True
    )
    shipments = relationship(
        "Shipment", order_by="Shipment.id", cascade="all, delete-orphan", passive_deletes=True
    )
    refunds = relationship("Refund", order_by="Refund.id", cascade="all, delete-orphan", passive_deletes=True)
    cases = relationship(
        "AfterSalesCase", order_by="AfterSalesCase.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("status")
    def _check_status(self, _key, value):
        return _one_of(ORDER_STATUSES, "order status", value)


class OrderItem(Base):
    __tablename__ = "order_items"

    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    sku = Column(String(64), nullable=False)
    title = Column(String(300), nullable=False)
    quantity = Column(Integer, nullable=False)
    unit_price = Column(Money, nullable=False)
    declared_value = Column(Money, nullable=False)  # declared customs value of one unit


class Shipment(Base):
    __tablename__ = "shipments"
    __table_args__ = (UniqueConstraint("tracking_number", name="uq_shipments_tracking_number"),)

    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    carrier = Column(String(64), nullable=False)
    tracking_number = Column(String(64), nullable=False)  # upper-case, no spaces
    shipped_at = Column(UTCDateTime)

    events = relationship(
        "TrackingEvent",
        order_by="(TrackingEvent.occurred_at, TrackingEvent.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class TrackingEvent(Base):
    __tablename__ = "tracking_events"
    __table_args__ = (
        UniqueConstraint("shipment_id", "occurred_at", "status", name="uq_tracking_events_natural"),
    )

    id = Column(Integer, primary_key=True)
    shipment_id = Column(Integer, ForeignKey("shipments.id", ondelete="CASCADE"), nullable=False)
    occurred_at = Column(UTCDateTime, nullable=False)
    status = Column(String(32), nullable=False)
    place = Column(String(200), nullable=False)
    description = Column(String(500), nullable=False, default="")

    @validates("status")
    def _check_status(self, _key, value):
        return _one_of(TRACKING_STATUSES, "tracking status", value)


_OPEN_REFUND = text("status IN ('requested', 'approved')")


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (
        Index(
            "uq_refunds_one_open_per_order",
            "order_id",
            unique=True,
            postgresql_where=_OPEN_REFUND,
            sqlite_where=_OPEN_REFUND,
        ),
    )

    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    amount = Column(Money, nullable=False)
    currency = Column(String(3), nullable=False)
    status = Column(String(16), nullable=False)
    reason = Column(String(500), nullable=False, default="")
    requested_at = Column(UTCDateTime, nullable=False)
    approved_at = Column(UTCDateTime)
    processed_at = Column(UTCDateTime)

    @validates("status")
    def _check_status(self, _key, value):
        return _one_of(REFUND_STATUSES, "refund status", value)


_NOT_CLOSED = text("status <> 'closed'")


class AfterSalesCase(Base):
    __tablename__ = "after_sales_cases"
    __table_args__ = (
        Index(
            "uq_cases_one_live_per_order_kind",
            "order_id",
            "kind",
            unique=True,
            postgresql_where=_NOT_CLOSED,
            sqlite_where=_NOT_CLOSED,
        ),
    )

    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(32), nullable=False)
    status = Column(String(16), nullable=False)
    photos = Column(JSON, nullable=False, default=list)  # list of URLs, oldest first
    tag = Column(String(16))
    tier = Column(Integer)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)

    @validates("kind")
    def _check_kind(self, _key, value):
        return _one_of(CASE_KINDS, "case kind", value)

    @validates("status")
    def _check_status(self, _key, value):
        return _one_of(CASE_STATUSES, "case status", value)

    @validates("tag")
    def _check_tag(self, _key, value):
        return _one_of(TAG_COLOURS, "tag colour", value, nullable=True)


class LookupFlag(Base):
    """Failed order lookups per conversation, to spot order-number guessing."""

    __tablename__ = "lookup_flags"
    __table_args__ = (
        UniqueConstraint("marketplace", "buyer_id", "conversation_id", name="uq_lookup_flags_conversation"),
    )

    id = Column(Integer, primary_key=True)
    marketplace = Column(String(32), nullable=False)
    buyer_id = Column(String(64), nullable=False)
    conversation_id = Column(String(255), nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    flagged_at = Column(UTCDateTime)
