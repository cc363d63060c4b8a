"""Order data as reply-template values, in the NLG's naming conventions.

Shared by the bot's actions and the agents' reply templates (bot/desk/templates.py):
*_date values are ISO strings and *_amount values "12.50 USD", which the NLG
formats for the reader's language.
"""

from __future__ import annotations

from typing import Any, Dict, List

from bot.commerce.views import OrderView, RefundView, ShipmentView


def money(amount, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# A product named inside a sentence ("Shall I cancel order 81901... (Galaxy S23 case, R$ 39,80)?"):
# a buyer with several orders confirmed the wrong one when it had only its number.
ITEM_NAME_CHARS = 40


def item_name(order: OrderView) -> str:
    """The order's first product, cut at a word near ITEM_NAME_CHARS; "+N" for the other lines."""
    title = order.items[0].title.strip() if order.items else ""
    if len(title) > ITEM_NAME_CHARS:
        cut = title[:ITEM_NAME_CHARS].rsplit(" ", 1)[0] or title[:ITEM_NAME_CHARS]
        title = cut.rstrip(" ,;-") + "…"
    others = len(order.items) - 1
    return f"{title} +{others}" if others > 0 else title


def order_values(order: OrderView) -> Dict[str, Any]:
    """What every order answer may mention, in the NLG's naming conventions."""
    return {
        "order_number": order.order_number,
        "item_name": item_name(order),
        "order_status": order.status,
        "placed_date": iso(order.placed_at),
        "ship_by_date": iso(order.ship_by),
        "shipped_date": iso(order.shipped_at),
        "total_amount": money(order.total, order.currency),
        "declared_amount": money(order.declared_value, order.currency),
        "destination_country": order.destination_country,
    }


def shipment_values(shipment: ShipmentView) -> Dict[str, Any]:
    latest = shipment.latest
    return {
        "tracking_number": shipment.tracking_number,
        "carrier": shipment.carrier,
        "status": latest.status if latest else None,
        "place": latest.place if latest else "",
        "event_date": iso(latest.occurred_at) if latest else iso(shipment.shipped_at),
    }


def parcels(order: OrderView) -> List[Dict[str, Any]]:
    return [shipment_values(s) for s in order.shipments]


def refund_values(refund: RefundView) -> dict:
    return {
        "refund_amount": money(refund.amount, refund.currency),
        "refund_status": refund.status,
        "requested_date": iso(refund.requested_at),
        "processed_date": iso(refund.processed_at),
    }
