"""The WHERE clauses every lookup shares: the buyer is part of each one, so another
buyer's order is indistinguishable from an unknown one."""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import bindparam, or_, select, text
from sqlalchemy.orm import Session, joinedload, raiseload

from bot.commerce.errors import NotFound
from bot.commerce.models import AfterSalesCase, Buyer, LookupFlag, Order, Shipment
from bot.commerce.views import BuyerRef
from bot.db.types import UTCDateTime

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
    """What a buyer typed as an order or tracking number, tidied: no spaces, no leading '#';
    typed in groups ("48392017 0031 1"), also with hyphens between them (Ozon's form)."""
    groups = str(reference or "").split()
    cleaned = "".join(groups).lstrip("#")
    if not cleaned or len(cleaned) > MAX_REFERENCE:
        return []
    hyphenated = "-".join(groups).lstrip("#")
    return sorted({cleaned, cleaned.upper(), cleaned.lower(), hyphenated})


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
    return _orders_where(owned_by(buyer), *where)


def _orders_where(ownership: tuple, *where):
    return (
        select(Order)
        .join(Buyer, Order.buyer_pk == Buyer.id)
        .where(*ownership, *where)
        .options(*ORDER_LOADS)
        .order_by(Order.placed_at.desc(), Order.id.desc())
    )


# Statements every order question runs, built once with the buyer (buyer_params) as
# parameters: building one and working out its cache key cost as much as running it.
_THE_BUYER = _ownership(bindparam("marketplace"), bindparam("buyer_id"))

LATEST_DESTINATION = (
    select(Order.destination_country)
    .join(Buyer, Order.buyer_pk == Buyer.id)
    .where(*_THE_BUYER)
    .order_by(Order.placed_at.desc(), Order.id.desc())
    .limit(1)
)
# The order whose number, or one of whose tracking numbers, is among `references`.
ORDER_BY_REFERENCE = _orders_where(
    _THE_BUYER,
    or_(
        Order.order_number.in_(bindparam("references", expanding=True)),
        Order.id.in_(
            select(Shipment.order_id).where(
                Shipment.tracking_number.in_(bindparam("tracking_references", expanding=True))
            )
        ),
    ),
).limit(1)


def buyer_params(buyer: BuyerRef) -> dict:
    """The buyer as the parameters of the statements above."""
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


_THE_BUYERS_FLAG = (
    LookupFlag.marketplace == bindparam("marketplace"),
    LookupFlag.buyer_id == bindparam("buyer_id"),
    LookupFlag.conversation_id == EVERY_CONVERSATION,
)
FLAGGED_AT = select(LookupFlag.flagged_at).where(*_THE_BUYERS_FLAG)
FAILED_LOOKUPS = select(LookupFlag.attempts).where(*_THE_BUYERS_FLAG)
# One more failed lookup, flagged when the count reaches :flag_after. Written out because
# SQLAlchemy compiles its dialect-specific upserts anew on every call; this form is the same
# on SQLite (3.24+) and PostgreSQL.
COUNT_FAILED_LOOKUP = text(
    f"""
    INSERT INTO lookup_flags (marketplace, buyer_id, conversation_id, attempts, flagged_at)
    VALUES (:marketplace, :buyer_id, '{EVERY_CONVERSATION}', 1, :first_flag)
    ON CONFLICT (marketplace, buyer_id, conversation_id) DO UPDATE SET
        attempts = lookup_flags.attempts + 1,
        flagged_at = CASE
            WHEN lookup_flags.flagged_at IS NULL AND lookup_flags.attempts + 1 >= :flag_after THEN :now
            ELSE lookup_flags.flagged_at
        END
    """
).bindparams(bindparam("first_flag", type_=UTCDateTime()), bindparam("now", type_=UTCDateTime()))


def _marketplace(buyer: BuyerRef) -> str:
    return buyer.marketplace.strip().lower()
