"""The WHERE clauses every lookup shares: the buyer is part of each one, so another
buyer's order is indistinguishable from an unknown one."""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, raiseload

from bot.commerce.errors import NotFound
from bot.commerce.models import AfterSalesCase, Buyer, LookupFlag, Order, Shipment
from bot.commerce.views import BuyerRef

MAX_REFERENCE = 64

# Everything an OrderView shows, in one statement: an action may make at most
# three database round trips, and a lookup is usually one of them.
ORDER_LOADS = (
    joinedload(Order.items),
    joinedload(Order.refunds),
    joinedload(Order.cases),
    joinedload(Order.shipments).joinedload(Shipment.events),
    raiseload("*"),
)


def reference_candidates(reference: str) -> list[str]:
    """What a buyer typed as an order or tracking number, tidied: no spaces, no leading '#'."""
    cleaned = "".join(str(reference or "").split()).lstrip("#")
    if not cleaned or len(cleaned) > MAX_REFERENCE:
        return []
    return sorted({cleaned, cleaned.upper(), cleaned.lower()})


def owned_by(buyer: BuyerRef) -> tuple:
    return _ownership(_marketplace(buyer), buyer.buyer_id)


def _ownership(marketplace, buyer_id) -> tuple:
    """The conditions of an order belonging to a buyer (values or bind parameters)."""
    return (
        Order.marketplace == marketplace,
        Buyer.marketplace == marketplace,
        Buyer.buyer_id == buyer_id,
    )


def buyers_orders(buyer: BuyerRef, *where):
    """SELECT the buyer's orders matching `where`, newest first, with everything a view shows."""
    return (
        select(Order)
        .join(Buyer, Order.buyer_pk == Buyer.id)
        .where(*owned_by(buyer), *where)
        .options(*ORDER_LOADS)
        .order_by(Order.placed_at.desc(), Order.id.desc())
    )


# Built once (a language prior read for every new chat): the buyer as parameters.
LATEST_DESTINATION = (
    select(Order.destination_country)
    .join(Buyer, Order.buyer_pk == Buyer.id)
    .where(*_ownership(bindparam("marketplace"), bindparam("buyer_id")))
    .order_by(Order.placed_at.desc(), Order.id.desc())
    .limit(1)
)


def latest_destination_params(buyer: BuyerRef) -> dict:
    """LATEST_DESTINATION's parameters for `buyer`."""
    return {"marketplace": _marketplace(buyer), "buyer_id": buyer.buyer_id}


def locked_order(session: Session, buyer: BuyerRef, order_number: str, loads: Sequence) -> Order:
    candidates = reference_candidates(order_number)
    if not candidates:
        raise NotFound(order_number)
    stmt = (
        select(Order)
        .join(Buyer, Order.buyer_pk == Buyer.id)
        .where(*owned_by(buyer), Order.order_number.in_(candidates))
        .options(*loads)
        .with_for_update(of=Order)
    )
    order = session.execute(stmt).unique().scalars().first()
    if order is None:
        raise NotFound(order_number)
    return order


def locked_case(session: Session, buyer: BuyerRef, case_id: int) -> AfterSalesCase:
    if isinstance(case_id, bool) or not isinstance(case_id, int):
        raise NotFound(case_id)
    stmt = (
        select(AfterSalesCase)
        .join(Order, AfterSalesCase.order_id == Order.id)
        .join(Buyer, Order.buyer_pk == Buyer.id)
        .where(AfterSalesCase.id == case_id, *owned_by(buyer))
        .options(raiseload("*"))
        .with_for_update(of=AfterSalesCase)
    )
    found = session.execute(stmt).scalars().first()
    if found is None:
        raise NotFound(case_id)
    return found


# Guesses are counted per buyer, whatever conversation (sender) they come from, so opening
# new conversations does not reset the count. The conversation_id column predates that:
# every buyer's one row holds this value there.
EVERY_CONVERSATION = "*"


def flag_values(buyer: BuyerRef) -> dict:
    return {
        "marketplace": _marketplace(buyer),
        "buyer_id": buyer.buyer_id,
        "conversation_id": EVERY_CONVERSATION,
    }


def flag_key(buyer: BuyerRef) -> tuple:
    values = flag_values(buyer)
    return tuple(getattr(LookupFlag, name) == value for name, value in values.items())


def _marketplace(buyer: BuyerRef) -> str:
    return buyer.marketplace.strip().lower()
