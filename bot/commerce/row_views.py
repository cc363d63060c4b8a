"""Rows -> the immutable views actions get (views.py), built before the session closes."""

from __future__ import annotations

from bot.commerce.models import AfterSalesCase, Order, Refund, Shipment
from bot.commerce.views import (
    CaseView,
    ItemView,
    OrderView,
    RefundView,
    ShipmentView,
    TrackingEventView,
)


def order_view(order: Order) -> OrderView:
    return OrderView(
        marketplace=order.marketplace,
        order_number=order.order_number,
        status=order.status,
        currency=order.currency,
        destination_country=order.destination_country,
        placed_at=order.placed_at,
        paid_at=order.paid_at,
        ship_by=order.ship_by,
        shipped_at=order.shipped_at,
        items=tuple(
            ItemView(
                sku=i.sku,
                title=i.title,
                quantity=i.quantity,
                unit_price=i.unit_price,
                declared_value=i.declared_value,
            )
            for i in order.items
        ),
        shipments=tuple(shipment_view(s) for s in order.shipments),
        refunds=tuple(refund_view(r) for r in order.refunds),
        cases=tuple(case_view(c) for c in order.cases),
    )


def shipment_view(shipment: Shipment) -> ShipmentView:
    events = sorted(shipment.events, key=lambda e: (e.occurred_at, e.id or 0))
    return ShipmentView(
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number,
        shipped_at=shipment.shipped_at,
        events=tuple(
            TrackingEventView(
                occurred_at=e.occurred_at, status=e.status, place=e.place, description=e.description or ""
            )
            for e in events
        ),
    )


def refund_view(refund: Refund) -> RefundView:
    return RefundView(
        id=refund.id,
        amount=refund.amount,
        currency=refund.currency,
        status=refund.status,
        reason=refund.reason or "",
        requested_at=refund.requested_at,
        processed_at=refund.processed_at,
        approved_at=refund.approved_at,
    )


def case_view(found: AfterSalesCase) -> CaseView:
    return CaseView(
        id=found.id,
        kind=found.kind,
        status=found.status,
        created_at=found.created_at,
        photos=tuple(found.photos or ()),
        tag=found.tag,
        tier=found.tier,
    )
