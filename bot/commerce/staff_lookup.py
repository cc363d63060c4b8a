"""An order found by its number, or one of its tracking numbers, for the seller's staff,
whoever bought it: an agent in a web chat with a visitor who is not signed in, who writes
"my order 7000000003", has no buyer to read orders from.

Never on a buyer's path: the bot and buyers reach orders only through CommerceRepository's
reads, which are all scoped to the buyer. What this returns says whose order it is, so the
console can tell the agent to check they are talking to that buyer before saying more.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, joinedload

from bot.commerce.models import Order, Shipment
from bot.commerce.queries import ORDER_LOADS, reference_candidates
from bot.commerce.repository import CommerceRepository
from bot.commerce.row_views import order_view
from bot.commerce.views import OrderView

_ANY_BUYERS_ORDER = (
    select(Order)
    .where(
        or_(
            Order.order_number.in_(bindparam("references", expanding=True)),
            Order.id.in_(
                select(Shipment.order_id).where(
                    Shipment.tracking_number.in_(bindparam("references", expanding=True))
                )
            ),
        )
    )
    .options(*ORDER_LOADS[:-1], joinedload(Order.buyer), ORDER_LOADS[-1])
    .order_by(Order.placed_at.desc(), Order.id.desc())
    .limit(1)
)


@dataclass(frozen=True)
class StaffOrder:
    order: OrderView
    marketplace: str
    buyer_id: str


def find_order_for_staff(repository: CommerceRepository, reference: str) -> StaffOrder | None:
    candidates = reference_candidates(reference)
    if not candidates:
        return None
    with Session(repository.engine, future=True) as session:
        found = session.execute(_ANY_BUYERS_ORDER, {"references": candidates}).unique().scalars().first()
        if found is None:
            return None
        return StaffOrder(order_view(found), found.marketplace, found.buyer.buyer_id)
