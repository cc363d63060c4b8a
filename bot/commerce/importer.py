"""JSON Lines import of orders and tracking events (format: docs/data-import.md).

A file is read and checked whole before anything is written, then written in
one transaction: a bad line leaves the database exactly as it was. Rows are
matched on natural keys (marketplace + order number, tracking number, and
shipment + time + status for events), so importing the same file again
changes nothing. Import adds and updates; it never deletes, except in the
`exact` mode demo.py uses to reset its own orders.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Sequence, Tuple, Union

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from bot.commerce.models import (
    OPEN_REFUND_STATUSES,
    Buyer,
    Order,
    OrderItem,
    Refund,
    Shipment,
    TrackingEvent,
)
from bot.commerce.views import ORDER_STATUSES, REFUND_STATUSES, TRACKING_STATUSES

MAX_ERRORS = 20  # lines reported in one error; the rest are counted
CHUNK = 500  # values per IN (...) list
MAX_MONEY = Decimal("9999999999.99")  # Numeric(12, 2)
CENT = Decimal("0.01")

_MARKETPLACE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_TRACKING = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,63}$")
_NO_SPACE = re.compile(r"^\S+$")


class ImportError_(ValueError):  # noqa: N801 - the trailing underscore keeps clear of the builtin
    """The file cannot be imported; `errors` lists "line N: field: problem" messages."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        shown = self.errors[:MAX_ERRORS]
        more = len(self.errors) - len(shown)
        super().__init__("\n".join(shown) + (f"\n(and {more} more)" if more > 0 else ""))


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(
            self.created + other.created, self.updated + other.updated, self.unchanged + other.unchanged
        )


# -- records: one checked line ------------------------------------------------


@dataclass(frozen=True)
class BuyerRecord:
    marketplace: str
    buyer_id: str
    name: str
    country: str
    language: str
    vip: bool


@dataclass(frozen=True)
class ItemRecord:
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    declared_value: Decimal


@dataclass(frozen=True)
class ShipmentRecord:
    carrier: str
    tracking_number: str
    shipped_at: datetime | None


@dataclass(frozen=True)
class RefundRecord:
    amount: Decimal
    status: str
    reason: str
    requested_at: datetime
    approved_at: datetime | None
    processed_at: datetime | None


@dataclass(frozen=True)
class OrderRecord:
    line: int
    marketplace: str
    order_number: str
    buyer: BuyerRecord
    status: str
    placed_at: datetime
    paid_at: datetime | None
    ship_by: date | None
    shipped_at: datetime | None
    currency: str
    destination_country: str
    cancelled_at: datetime | None
    cancel_reason: str | None
    items: Tuple[ItemRecord, ...]
    shipments: Tuple[ShipmentRecord, ...] | None  # None: the line does not mention them
    refunds: Tuple[RefundRecord, ...] | None


@dataclass(frozen=True)
class EventRecord:
    line: int
    tracking_number: str
    occurred_at: datetime
    status: str
    place: str
    description: str


class _Bad(ValueError):
    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")


def _shown(value: Any) -> str:
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


class _Fields:
    """Typed access to one JSON object, each failure naming its path."""

    def __init__(self, data: Any, path: str, required: Iterable[str], optional: Iterable[str] = ()):
        self.path = path
        if not isinstance(data, dict):
            problem = f"must be a JSON object, got {_shown(data)}"
            raise _Bad(path, problem) if path else ValueError(problem)
        self.data = data
        required, optional = tuple(required), tuple(optional)
        for key in data:
            if key not in required and key not in optional:
                raise _Bad(self._at(key), "unknown field (allowed: " + ", ".join(required + optional) + ")")
        for key in required:
            if data.get(key) is None:
                raise _Bad(self._at(key), "is required")

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, max_len: int, pattern: re.Pattern | None = None, default=None) -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            raise _Bad(self._at(key), f"must be a non-empty string, got {_shown(value)}")
        value = value.strip()
        if len(value) > max_len:
            raise _Bad(self._at(key), f"must be at most {max_len} characters, got {len(value)}")
        if pattern is not None and not pattern.match(value):
            raise _Bad(self._at(key), f"is not in the expected form, got {_shown(value)}")
        return value

    def code(self, key: str, letters: int, what: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not re.fullmatch(rf"[A-Za-z]{{{letters}}}", value.strip()):
            raise _Bad(self._at(key), f"must be {what}, got {_shown(value)}")
        return value.strip().upper()

    def choice(self, key: str, allowed: Sequence[str]) -> str:
        value = self.data.get(key)
        if value not in allowed:
            raise _Bad(self._at(key), f"must be one of {', '.join(allowed)}, got {_shown(value)}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise _Bad(self._at(key), f"must be true or false, got {_shown(value)}")
        return value

    def positive_int(self, key: str, maximum: int = 1_000_000) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= maximum:
            raise _Bad(self._at(key), f"must be a positive integer, got {_shown(value)}")
        return value

    def money(self, key: str, positive: bool = False) -> Decimal:
        value = self.data.get(key)
        path = self._at(key)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            raise _Bad(path, f"must be an amount like 12.50, got {_shown(value)}")
        try:
            amount = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            raise _Bad(path, f"must be an amount like 12.50, got {_shown(value)}") from None
        if not amount.is_finite():
            raise _Bad(path, f"must be an amount like 12.50, got {_shown(value)}")
        if amount < 0 or (positive and amount == 0):
            raise _Bad(path, f"must be {'more than' if positive else 'at least'} 0, got {_shown(value)}")
        if amount != amount.quantize(CENT):
            raise _Bad(path, f"must have at most 2 decimal places, got {_shown(value)}")
        if amount > MAX_MONEY:
            raise _Bad(path, f"must be at most {MAX_MONEY}, got {_shown(value)}")
        return amount.quantize(CENT)

    def datetime(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        parsed = None
        if isinstance(value, str):
            text = value.strip()
            if text[-1:] in ("Z", "z"):
                text = text[:-1] + "+00:00"
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                parsed = None
        if parsed is None:
            raise _Bad(
                self._at(key), f"must be an ISO 8601 date-time like 2024-05-01T09:30:00Z, got {_shown(value)}"
            )
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)

    def date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value.strip())
        except ValueError:
            raise _Bad(self._at(key), f"must be a date like 2024-05-01, got {_shown(value)}") from None

    def items(self, key: str, allow_empty: bool = True) -> List[Any]:
        value = self.data.get(key)
        if not isinstance(value, list):
            raise _Bad(self._at(key), f"must be a list, got {_shown(value)}")
        if not value and not allow_empty:
            raise _Bad(self._at(key), "must list at least one entry")
        return value


def tracking_number(value: str) -> str:
    """Tracking numbers are kept upper-case without spaces, as carriers print them."""
    return "".join(value.split()).upper()


def parse_order(data: Any, line: int = 0) -> OrderRecord:
    """Check one orders line; raises ValueError naming the field."""
    f = _Fields(
        data,
        "",
        (
            "marketplace",
            "order_number",
            "buyer",
            "status",
            "placed_at",
            "currency",
            "destination_country",
            "items",
        ),
        ("paid_at", "ship_by", "shipped_at", "shipments", "refunds", "cancelled_at", "cancel_reason"),
    )
    marketplace = f.data["marketplace"]
    if not isinstance(marketplace, str) or not _MARKETPLACE.match(marketplace.strip().lower()):
        raise _Bad(
            "marketplace", f"must be a short name like lazada or aliexpress, got {_shown(marketplace)}"
        )
    marketplace = marketplace.strip().lower()
    order_number = f.text("order_number", 64, _NO_SPACE).lstrip("#")
    if not order_number:
        raise _Bad("order_number", "must not be empty")
    b = _Fields(f.data["buyer"], "buyer", ("id", "name", "country", "language"), ("vip",))
    primary, _, rest = b.text("language", 16).partition("-")
    language = primary.lower() + (f"-{rest}" if rest else "")
    if not _LANGUAGE.match(language):
        got = _shown(b.data["language"])
        raise _Bad("buyer.language", f"must be a language code like th or pt-BR, got {got}")
    buyer = BuyerRecord(
        marketplace=marketplace,
        buyer_id=b.text("id", 64),
        name=b.text("name", 200),
        country=b.code("country", 2, "an ISO 3166 two-letter country code like TH"),
        language=language,
        vip=b.boolean("vip", False),
    )
    status = f.choice("status", ORDER_STATUSES)
    placed_at = f.datetime("placed_at")
    paid_at = f.datetime("paid_at")
    ship_by = f.date("ship_by")
    shipped_at = f.datetime("shipped_at")
    cancelled_at = f.datetime("cancelled_at")
    currency = f.code("currency", 3, "an ISO 4217 currency code like THB")
    destination = f.code("destination_country", 2, "an ISO 3166 two-letter country code like TH")
    items = []
    for n, raw in enumerate(f.items("items", allow_empty=False)):
        i = _Fields(raw, f"items[{n}]", ("sku", "title", "quantity", "unit_price", "declared_value"))
        items.append(
            ItemRecord(
                sku=i.text("sku", 64),
                title=i.text("title", 300),
                quantity=i.positive_int("quantity"),
                unit_price=i.money("unit_price"),
                declared_value=i.money("declared_value"),
            )
        )
    shipments = None
    if f.has("shipments"):
        shipments, seen = [], set()
        for n, raw in enumerate(f.items("shipments")):
            s = _Fields(raw, f"shipments[{n}]", ("carrier", "tracking_number"), ("shipped_at",))
            number = tracking_number(s.text("tracking_number", 64))
            if not _TRACKING.match(number):
                raise _Bad(
                    f"shipments[{n}].tracking_number",
                    f"must be 4-64 letters, digits or dashes, got {_shown(s.data['tracking_number'])}",
                )
            if number in seen:
                raise _Bad(f"shipments[{n}].tracking_number", f"{number} is listed twice")
            seen.add(number)
            shipments.append(ShipmentRecord(s.text("carrier", 64), number, s.datetime("shipped_at")))
        shipments = tuple(shipments)
    refunds = None
    if f.has("refunds"):
        refunds, seen, open_ = [], set(), False
        for n, raw in enumerate(f.items("refunds")):
            r = _Fields(
                raw,
                f"refunds[{n}]",
                ("amount", "status", "requested_at"),
                ("reason", "approved_at", "processed_at"),
            )
            refund = RefundRecord(
                amount=r.money("amount", positive=True),
                status=r.choice("status", REFUND_STATUSES),
                reason=r.text("reason", 500, default=""),
                requested_at=r.datetime("requested_at"),
                approved_at=r.datetime("approved_at"),
                processed_at=r.datetime("processed_at"),
            )
            if refund.status == "processed" and refund.processed_at is None:
                raise _Bad(f"refunds[{n}].processed_at", "is required when status is processed")
            if refund.requested_at in seen:
                raise _Bad(f"refunds[{n}].requested_at", "two refunds of one order cannot share requested_at")
            if refund.status in OPEN_REFUND_STATUSES:
                if open_:
                    raise _Bad(f"refunds[{n}].status", "an order can have only one requested/approved refund")
                open_ = True
            seen.add(refund.requested_at)
            refunds.append(refund)
        refunds = tuple(refunds)
    return OrderRecord(
        line=line,
        marketplace=marketplace,
        order_number=order_number,
        buyer=buyer,
        status=status,
        placed_at=placed_at,
        paid_at=paid_at,
        ship_by=ship_by,
        shipped_at=shipped_at,
        currency=currency,
        destination_country=destination,
        cancelled_at=cancelled_at,
        cancel_reason=f.text("cancel_reason", 500),
        items=tuple(items),
        shipments=shipments,
        refunds=refunds,
    )


def parse_event(data: Any, line: int = 0) -> EventRecord:
    """Check one tracking line; raises ValueError naming the field."""
    f = _Fields(data, "", ("tracking_number", "occurred_at", "status", "place"), ("description",))
    number = tracking_number(f.text("tracking_number", 64))
    if not _TRACKING.match(number):
        raise _Bad(
            "tracking_number",
            f"must be 4-64 letters, digits or dashes, got {_shown(f.data['tracking_number'])}",
        )
    return EventRecord(
        line=line,
        tracking_number=number,
        occurred_at=f.datetime("occurred_at"),
        status=f.choice("status", TRACKING_STATUSES),
        place=f.text("place", 200),
        description=f.text("description", 500, default=""),
    )


# -- reading a file -------------------------------------------------------------


def _read_lines(path: Union[str, Path]) -> Iterator[Tuple[int, Any]]:
    """(line number, parsed JSON) for each non-blank line; ImportError_ for unreadable ones."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportError_([f"cannot read {path}: {exc.strerror or exc}"]) from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    errors, rows = [], []
    for number, chunk in enumerate(raw.split(b"\n"), 1):
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(
                f"line {number}: not UTF-8 text (byte 0x{chunk[exc.start]:02x} at column {exc.start + 1})"
            )
            continue
        if not text.strip():
            continue
        try:
            rows.append((number, json.loads(text, parse_float=Decimal, parse_constant=_no_constant)))
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: not valid JSON: {exc.msg} at column {exc.colno}")
        except ValueError as exc:
            errors.append(f"line {number}: not valid JSON: {exc}")
    if errors:
        raise ImportError_(errors)
    if not rows:
        raise ImportError_([f"{Path(path).name}: no records (the file is empty or only blank lines)"])
    return iter(rows)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_all(path, parse) -> list:
    records, errors = [], []
    for number, data in _read_lines(path):
        try:
            records.append(parse(data, number))
        except ValueError as exc:
            errors.append(f"line {number}: {exc}")
    if errors:
        raise ImportError_(errors)
    return records


def read_orders(path: Union[str, Path]) -> List[OrderRecord]:
    """Every line of an orders file, checked, including against each other."""
    records = _parse_all(path, parse_order)
    errors, orders, tracking = [], {}, {}
    for r in records:
        first = orders.setdefault((r.marketplace, r.order_number), r.line)
        if first != r.line:
            errors.append(f"line {r.line}: order_number: {r.order_number} is already on line {first}")
        for n, s in enumerate(r.shipments or ()):
            owner = tracking.setdefault(s.tracking_number, r.line)
            if owner != r.line:
                errors.append(
                    f"line {r.line}: shipments[{n}].tracking_number: {s.tracking_number} "
                    f"is already on line {owner}"
                )
    if errors:
        raise ImportError_(errors)
    return records


def read_tracking(path: Union[str, Path]) -> List[EventRecord]:
    """Every line of a tracking file, checked; repeated identical events are kept once."""
    records = _parse_all(path, parse_event)
    errors, seen, unique = [], {}, []
    for r in records:
        key = (r.tracking_number, r.occurred_at, r.status)
        first = seen.get(key)
        if first is None:
            seen[key] = r
            unique.append(r)
        elif (first.place, first.description) != (r.place, r.description):
            errors.append(
                f"line {r.line}: place: the same event (tracking number, time, status) "
                f"differs from line {first.line}"
            )
    if errors:
        raise ImportError_(errors)
    return unique


# -- writing ------------------------------------------------------------------------


def _chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def write_orders(session: Session, records: Sequence[OrderRecord], exact: bool = False) -> ImportResult:
    """Upsert checked order records into the session's transaction.

    Checks against the database (a tracking number owned by another order)
    happen before any change. With `exact`, each order's shipments, refunds
    and cases become exactly what the record lists (demo reset).
    """
    buyers = _existing_buyers(session, {(r.buyer.marketplace, r.buyer.buyer_id) for r in records})
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

    last_line_of_buyer = {(r.buyer.marketplace, r.buyer.buyer_id): r.line for r in records}
    created = updated = unchanged = 0
    with session.no_autoflush:
        for r in records:
            key = (r.buyer.marketplace, r.buyer.buyer_id)
            buyer_changed = False
            if last_line_of_buyer[key] == r.line:
                buyer, buyer_changed = _upsert_buyer(session, buyers.get(key), r.buyer)
                buyers[key] = buyer
            elif key not in buyers:
                buyers[key], _ = _upsert_buyer(session, None, r.buyer)
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
    by_marketplace = defaultdict(list)
    for marketplace, buyer_id in keys:
        by_marketplace[marketplace].append(buyer_id)
    found = {}
    for marketplace, ids in by_marketplace.items():
        for chunk in _chunks(sorted(ids)):
            stmt = select(Buyer).where(Buyer.marketplace == marketplace, Buyer.buyer_id.in_(chunk))
            for buyer in session.execute(stmt).scalars():
                found[(buyer.marketplace, buyer.buyer_id)] = buyer
    return found


def _existing_orders(session: Session, keys: Sequence[tuple], with_cases: bool) -> Dict[tuple, Order]:
    loads = [selectinload(Order.items), selectinload(Order.shipments), selectinload(Order.refunds)]
    if with_cases:
        loads.append(selectinload(Order.cases))
    by_marketplace = defaultdict(list)
    for marketplace, number in keys:
        by_marketplace[marketplace].append(number)
    found = {}
    for marketplace, numbers in by_marketplace.items():
        for chunk in _chunks(sorted(numbers)):
            stmt = (
                select(Order)
                .where(Order.marketplace == marketplace, Order.order_number.in_(chunk))
                .options(*loads)
            )
            for order in session.execute(stmt).scalars():
                found[(order.marketplace, order.order_number)] = order
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


def _upsert_buyer(session: Session, buyer: Buyer | None, r: BuyerRecord) -> Tuple[Buyer, bool]:
    fields = {"name": r.name, "country": r.country, "language": r.language, "vip": r.vip}
    if buyer is None:
        buyer = Buyer(marketplace=r.marketplace, buyer_id=r.buyer_id, **fields)
        session.add(buyer)
        return buyer, True
    return buyer, _set(buyer, fields)


def _apply_order(order: Order, r: OrderRecord, buyer: Buyer, exact: bool) -> bool:
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


def _apply_items(order: Order, items: Sequence[ItemRecord]) -> bool:
    def as_tuple(i):
        return (i.sku, i.title, i.quantity, i.unit_price, i.declared_value)

    if [as_tuple(i) for i in order.items] == [as_tuple(i) for i in items]:
        return False
    order.items = [
        OrderItem(
            sku=i.sku,
            title=i.title,
            quantity=i.quantity,
            unit_price=i.unit_price,
            declared_value=i.declared_value,
        )
        for i in items
    ]
    return True


def _apply_shipments(order: Order, shipments: Sequence[ShipmentRecord], exact: bool) -> bool:
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


def _apply_refunds(order: Order, refunds: Sequence[RefundRecord], currency: str, exact: bool) -> bool:
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


def write_events(session: Session, records: Sequence[EventRecord], exact: bool = False) -> ImportResult:
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
            session.add(
                TrackingEvent(
                    shipment_id=shipment.id,
                    occurred_at=r.occurred_at,
                    status=r.status,
                    place=r.place,
                    description=r.description,
                )
            )
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


# -- the entry points ---------------------------------------------------------------------


def engine_of(target: Any) -> Engine:
    """The engine of a CommerceRepository or an Engine, with its schema brought up to date."""
    from bot.commerce.schema import ensure_schema

    engine = getattr(target, "engine", target)
    if not isinstance(engine, Engine):
        raise TypeError(f"expected a CommerceRepository or an Engine, got {type(target).__name__}")
    ensure_schema(engine)
    return engine


def write_session(engine: Engine) -> Session:
    """A session whose transaction takes SQLite's write lock at once (import is all writes)."""
    return Session(engine.execution_options(sqlite_begin="IMMEDIATE"), future=True, autoflush=False)


def import_orders(repository_or_engine: Any, path: Union[str, Path]) -> ImportResult:
    """Import an orders file in one transaction; ImportError_ (and no change) on any bad line."""
    records = read_orders(path)
    engine = engine_of(repository_or_engine)
    with write_session(engine) as session, session.begin():
        return write_orders(session, records)


def import_tracking(repository_or_engine: Any, path: Union[str, Path]) -> ImportResult:
    """Import a tracking file in one transaction; ImportError_ (and no change) on any bad line."""
    records = read_tracking(path)
    engine = engine_of(repository_or_engine)
    with write_session(engine) as session, session.begin():
        return write_events(session, records)
