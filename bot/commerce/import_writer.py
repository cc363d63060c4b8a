"""Writing checked import records into one session's transaction.

Rows are matched on natural keys (marketplace + order number, tracking number,
and shipment + time + status for events) and only what differs is set, so the
same file twice changes nothing. Import adds and updates; it never deletes,
except in the `exact` mode the demo uses to reset its own orders.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, Iterator, Sequence, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.commerce.import_models import BuyerLine, EventLine, ItemLine, OrderLine, RefundLine, ShipmentLine
from bot.commerce.import_outcome import ImportError_, ImportResult
from bot.commerce.models import (
    OPEN_REFUND_STATUSES,
    Buyer,
    Order,
    OrderItem,
    Refund,
    Shipment,
    TrackingEvent,
)

CHUNK = 500  # values per IN (...) list


def _chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def write_orders(session: Session, records: Sequence[OrderLine], exact: bool = False) -> ImportResult:
    """Upsert checked order records into the session's transaction.

    Checks against the database (a tracking number owned by another order)
    happen before any change. With `exact`, each order's shipments, refunds
    and cases become exactly what the record lists (demo reset).
    """
    buyers = _existing_buyers(session, {(r.marketplace, r.buyer.id) for r in records})
    orders = _existing_orders(session, [(r.marketplace, r.order_number) for r in records], exact)
    numbers = [s.tracking_number for r in records for s in (r.shipments or ())]
    owners = _tracking_owners(session, numbers)
    errors = []
    for r in records:
        existing = orders.get((r.marketplace, r.order_number))
        for n, s in enumerate(r.shipments or ()):
            owner = owners.get(s.tracking_number)
            if owner is not None and (existing is None or owner != existing.id):
                errors.append(
                    f"line {r.line}: shipments[{n}].tracking_number: {s.tracking_number} "
                    "already belongs to another order"
                )
    if errors:
        raise ImportError_(errors)

    last_line_of_buyer = {(r.marketplace, r.buyer.id): r.line for r in records}
    created = updated = unchanged = 0
    with session.no_autoflush:
        for r in records:
            key = (r.marketplace, r.buyer.id)
            buyer_changed = False
            if last_line_of_buyer[key] == r.line:
                buyer, buyer_changed = _upsert_buyer(session, buyers.get(key), key, r.buyer)
                buyers[key] = buyer
            elif key not in buyers:
                buyers[key], _ = _upsert_buyer(session, None, key, r.buyer)
            order = orders.get((r.marketplace, r.order_number))
            if order is None:
                order = Order(marketplace=r.marketplace, order_number=r.order_number)
                _apply_order(order, r, buyers[key], exact)
                session.add(order)
                created += 1
            elif _apply_order(order, r, buyers[key], exact) or buyer_changed:
                updated += 1
            else:
                unchanged += 1
    session.flush()
    return ImportResult(created, updated, unchanged)


def _existing_buyers(session: Session, keys: set) -> Dict[tuple, Buyer]:
    return _by_marketplace(session, Buyer, Buyer.buyer_id, keys)


def _existing_orders(session: Session, keys: Sequence[tuple], with_cases: bool) -> Dict[tuple, Order]:
    loads = [selectinload(Order.items), selectinload(Order.shipments), selectinload(Order.refunds)]
    if with_cases:
        loads.append(selectinload(Order.cases))
    return _by_marketplace(session, Order, Order.order_number, keys, loads)


def _by_marketplace(session: Session, entity, number, keys, loads=()) -> Dict[tuple, Any]:
    """Rows of `entity` keyed (marketplace, number), fetched a chunk of numbers per query."""
    wanted = defaultdict(list)
    for marketplace, value in keys:
        wanted[marketplace].append(value)
    found = {}
    for marketplace, values in wanted.items():
        for chunk in _chunks(sorted(values)):
            stmt = select(entity).where(entity.marketplace == marketplace, number.in_(chunk)).options(*loads)
            for row in session.execute(stmt).scalars():
                found[(row.marketplace, getattr(row, number.key))] = row
    return found


def _tracking_owners(session: Session, numbers: Sequence[str]) -> Dict[str, int]:
    owners = {}
    for chunk in _chunks(sorted(set(numbers))):
        stmt = select(Shipment.tracking_number, Shipment.order_id).where(Shipment.tracking_number.in_(chunk))
        owners.update(dict(session.execute(stmt).all()))
    return owners


def _set(obj, changes: dict) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert_buyer(
    session: Session, buyer: Buyer | None, key: Tuple[str, str], r: BuyerLine
) -> Tuple[Buyer, bool]:
    fields = {"name": r.name, "country": r.country, "language": r.language, "vip": r.vip}
    if buyer is None:
        marketplace, buyer_id = key
        buyer = Buyer(marketplace=marketplace, buyer_id=buyer_id, **fields)
        session.add(buyer)
        return buyer, True
    return buyer, _set(buyer, fields)


def _apply_order(order: Order, r: OrderLine, buyer: Buyer, exact: bool) -> bool:
    changed = _set(
        order,
        {
            "status": r.status,
            "placed_at": r.placed_at,
            "paid_at": r.paid_at,
            "ship_by": r.ship_by,
            "shipped_at": r.shipped_at,
            "currency": r.currency,
            "destination_country": r.destination_country,
            "cancelled_at": r.cancelled_at,
            "cancel_reason": r.cancel_reason,
        },
    )
    if buyer.id is None or order.buyer_pk != buyer.id:
        order.buyer = buyer
        changed = True
    changed |= _apply_items(order, r.items)
    shipments = r.shipments if r.shipments is not None or not exact else ()
    if shipments is not None:
        changed |= _apply_shipments(order, shipments, exact)
    refunds = r.refunds if r.refunds is not None or not exact else ()
    if refunds is not None:
        changed |= _apply_refunds(order, refunds, r.currency, exact)
    if exact and order.id is not None and order.cases:
        order.cases = []
        changed = True
    return changed


def _apply_items(order: Order, items: Sequence[ItemLine]) -> bool:
    def as_tuple(item) -> tuple:
        return tuple(getattr(item, name) for name in ItemLine.__fields__)

    if [as_tuple(i) for i in order.items] == [as_tuple(i) for i in items]:
        return False
    order.items = [OrderItem(**i.dict()) for i in items]
    return True


def _apply_shipments(order: Order, shipments: Sequence[ShipmentLine], exact: bool) -> bool:
    changed = False
    current = {s.tracking_number: s for s in order.shipments}
    for s in shipments:
        fields = {"carrier": s.carrier, "shipped_at": s.shipped_at}
        if s.tracking_number in current:
            changed |= _set(current[s.tracking_number], fields)
        else:
            order.shipments.append(Shipment(tracking_number=s.tracking_number, **fields))
            changed = True
    if exact:
        wanted = {s.tracking_number for s in shipments}
        for stale in [s for s in order.shipments if s.tracking_number not in wanted]:
            order.shipments.remove(stale)
            changed = True
    return changed


def _apply_refunds(order: Order, refunds: Sequence[RefundLine], currency: str, exact: bool) -> bool:
    changed = False
    by_time = {r.requested_at: r for r in order.refunds}
    matched = set()
    for r in refunds:
        fields = {
            "amount": r.amount,
            "currency": currency,
            "status": r.status,
            "reason": r.reason,
            "requested_at": r.requested_at,
            "approved_at": r.approved_at,
            "processed_at": r.processed_at,
        }
        target = by_time.get(r.requested_at)
        if target is None and r.status in OPEN_REFUND_STATUSES:
            # The order's open refund (say, one the bot requested) is this one as the marketplace sees it.
            target = next(
                (x for x in order.refunds if x.status in OPEN_REFUND_STATUSES and id(x) not in matched), None
            )
        if target is None:
            target = Refund(**fields)
            order.refunds.append(target)
            changed = True
        else:
            changed |= _set(target, fields)
        matched.add(id(target))
    if exact:
        for stale in [x for x in order.refunds if id(x) not in matched]:
            order.refunds.remove(stale)
            changed = True
    return changed


def write_events(session: Session, records: Sequence[EventLine], exact: bool = False) -> ImportResult:
    """Upsert checked tracking events; every tracking number must belong to a known shipment.

    With `exact`, the shipments named keep only the events listed (demo reset).
    """
    shipments = {}
    for chunk in _chunks(sorted({r.tracking_number for r in records})):
        stmt = select(Shipment).where(Shipment.tracking_number.in_(chunk))
        shipments.update({s.tracking_number: s for s in session.execute(stmt).scalars()})
    errors = [
        f"line {r.line}: tracking_number: {r.tracking_number} is not a shipment of any imported order"
        for r in records
        if r.tracking_number not in shipments
    ]
    if errors:
        raise ImportError_(errors)
    existing = {}
    ids = sorted(s.id for s in shipments.values())
    for chunk in _chunks(ids):
        stmt = select(TrackingEvent).where(TrackingEvent.shipment_id.in_(chunk))
        for e in session.execute(stmt).scalars():
            existing[(e.shipment_id, e.occurred_at, e.status)] = e
    created = updated = unchanged = 0
    kept = set()
    for r in records:
        shipment = shipments[r.tracking_number]
        key = (shipment.id, r.occurred_at, r.status)
        kept.add(key)
        event = existing.get(key)
        if event is None:
            session.add(TrackingEvent(shipment_id=shipment.id, **r.dict(exclude={"tracking_number"})))
            created += 1
        elif _set(event, {"place": r.place, "description": r.description}):
            updated += 1
        else:
            unchanged += 1
    if exact:
        for key, event in existing.items():
            if key not in kept:
                session.delete(event)
    session.flush()
    return ImportResult(created, updated, unchanged)
