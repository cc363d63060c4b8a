"""Demo orders that show every situation the bot has to answer, dated relative to now.

The orders and their carriers' events are import files (demo_data/orders.jsonl
and tracking.jsonl, the format of `kefu orders import`), read and written by
the importer like any seller's file. They are dated as if it were ANCHOR; the
loader moves every date by (now - ANCHOR), so "waiting at the post office for
3 days" stays true. The demo buyers and what their orders show are listed in
demo_data/README.md; buyer ids are stable so tests, docs and a chat session
can name them, and the marketplace is the id's first part (for example
BuyerRef("lazada", "lazada-th-001")).

Loading again replaces the demo orders' dates, parcels, events, refunds and
cases with the files' (the importer's exact mode); nothing is duplicated. The demo
buyers' failed order-number lookups are forgotten too: they are counted per buyer,
not per chat, so a replayed demo ran into the lookup limit its last play reached.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, or_

from bot.commerce.import_models import Record
from bot.commerce.importer import ImportResult, import_records, read_orders, read_tracking
from bot.commerce.models import LookupFlag
from bot.commerce.views import BuyerRef

DATA = Path(__file__).with_name("demo_data")
ORDERS_FILE = DATA / "orders.jsonl"
TRACKING_FILE = DATA / "tracking.jsonl"
ANCHOR = datetime(2024, 6, 15, 12, 0, tzinfo=timezone.utc)  # the files' "now"

# scenario -> (buyer id, order number): what tests and the docs point at.
DEMO_ORDERS = {
    "awaiting_pickup": ("lazada-th-001", "512300458871201"),
    "delivered_long_ago": ("lazada-th-001", "512298760033410"),
    "in_transit": ("lazada-vn-001", "498110273645501"),
    "delivered": ("lazada-vn-001", "498100934512207"),
    "unpaid": ("lazada-id-001", "603415527781902"),
    "paid_overdue": ("lazada-id-001", "603409981234566"),
    "processing_vip": ("lazada-ph-001", "781200345567123"),
    "out_for_delivery": ("lazada-my-001", "305566781290014"),
    "split_shipment": ("shopee-sg-001", "2406117Q3KX9PD"),
    "paid_awaiting_shipment": ("shopee-tw-001", "2406129RM2B7TA"),
    "customs_low_declared_value": ("aliexpress-br-001", "8190123456789012"),
    "br_in_transit": ("aliexpress-br-001", "8190123456790345"),
    "br_paid": ("aliexpress-br-001", "8190123456791678"),
    "stale_tracking": ("aliexpress-mx-001", "8187654321098765"),
    "refund_requested": ("aliexpress-es-001", "8185550012345678"),
    "ozon_paid": ("ozon-ru-001", "48392017-0031-1"),
    "refund_approved": ("ozon-ru-001", "48392017-0029-2"),
    "delivered_not_received": ("wish-us-001", "65a1f0c2e4b0a1d2c3e4f501"),
    "refunded": ("wish-us-001", "65a1f0c2e4b0a1d2c3e4f4aa"),
    "cancelled": ("wish-gb-001", "65b20c7d19e8f3a4b5c6d701"),
}

# buyer id -> BuyerRef, in the order above (thirteen buyers, every language).
DEMO_BUYERS = {key: BuyerRef(key.split("-", 1)[0], key) for key, _ in DEMO_ORDERS.values()}

T = TypeVar("T")


def moved(value: T, by: timedelta) -> T:
    """The value with every date-time in it moved by `by`, and every date along with them."""
    return _moved(value, by)


def _moved(value: Any, by: timedelta) -> Any:
    """`moved`, typed loosely: each branch gives back a value of the type it was given."""
    if isinstance(value, Record):
        return value.copy(update={name: _moved(getattr(value, name), by) for name in value.__fields__})
    if isinstance(value, list):
        return [_moved(item, by) for item in value]
    if isinstance(value, datetime):
        return value + by
    if isinstance(value, date):  # a ship-by date: the same number of days from now as from ANCHOR
        return (datetime.combine(value, ANCHOR.timetz()) + by).date()
    return value


def load_demo_data(repository_or_engine: Any, now: datetime | None = None) -> ImportResult:
    """Write (or reset) the demo orders in one transaction; returns what happened to the orders."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    by = now.astimezone(timezone.utc).replace(second=0, microsecond=0) - ANCHOR
    orders = [moved(record, by) for record in read_orders(ORDERS_FILE)]
    events = [moved(record, by) for record in read_tracking(TRACKING_FILE)]
    return import_records(repository_or_engine, orders, events, exact=True, then=_forget_demo_lookups)[0]


def _forget_demo_lookups(session: Any) -> None:
    """Drop the demo buyers' failed-lookup counts, each matched on its marketplace and id."""
    buyers = or_(
        *(
            (LookupFlag.marketplace == ref.marketplace) & (LookupFlag.buyer_id == ref.buyer_id)
            for ref in DEMO_BUYERS.values()
        )
    )
    session.execute(delete(LookupFlag).where(buyers))
