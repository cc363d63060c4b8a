"""The only way actions read or change commerce data.

Every method runs in its own short transaction, sends at most three SELECT /
INSERT / UPDATE statements, and hands back immutable views built before the
session closes (lazy loads are turned into errors, so a missing eager load
fails a test instead of costing a hidden query). Another buyer's order is
indistinguishable from an unknown one: the buyer is part of every WHERE clause.

Writers lock what they read (FOR UPDATE of the order row on PostgreSQL, BEGIN
IMMEDIATE on SQLite); the partial unique indexes in models.py catch what a
lock cannot (a refund inserted by a concurrent transaction), and the losing
call is retried once, when it finds the winner's row.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable, Sequence, TypeVar
from urllib.parse import urlparse

from sqlalchemy import and_, bindparam, case, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, raiseload

from bot.commerce.models import (
    OPEN_REFUND_STATUSES,
    AfterSalesCase,
    Buyer,
    LookupFlag,
    Order,
    Refund,
    Shipment,
    UTCDateTime,
)
from bot.commerce.views import (
    CASE_KINDS,
    NOT_YET_SHIPPED,
    BuyerRef,
    CaseView,
    ItemView,
    OrderView,
    RefundView,
    ShipmentView,
    TrackingEventView,
)
from bot.seller.tags import TAG_COLOURS

T = TypeVar("T")

FLAG_AFTER_ATTEMPTS = 5
OPEN_ORDERS_LIMIT = 10
CLOSED_ORDER_STATUSES = ("delivered", "cancelled", "refunded")
PHOTO_KINDS = ("damaged", "wrong_item", "missing_item")  # cases that wait for photos
MAX_PHOTOS = 20
MAX_REFERENCE = 64
MAX_REASON = 500

# Everything an OrderView shows, in one statement: an action may make at most
# three database round trips, and a lookup is usually one of them.
_ORDER_LOADS = (
    joinedload(Order.items),
    joinedload(Order.refunds),
    joinedload(Order.cases),
    joinedload(Order.shipments).joinedload(Shipment.events),
    raiseload("*"),
)


class NotFound(LookupError):
    """No such order or case for this buyer (unknown and someone else's look the same)."""


class NotCancellable(ValueError):
    """The order has shipped, or is already cancelled or refunded."""

    def __init__(self, order: OrderView):
        super().__init__(f"order {order.order_number} is {order.status} and cannot be cancelled")
        self.order = order


class NotRefundable(ValueError):
    """The order was never paid, or has been refunded in full already."""

    def __init__(self, order_number: str, why: str):
        super().__init__(f"order {order_number}: {why}")
        self.order_number = order_number


class CommerceRepository:
    def __init__(self, engine: Engine):
        self.engine = engine
        # SQLite writers take the write lock at BEGIN, so read-then-write cannot deadlock.
        self._write_engine = engine.execution_options(sqlite_begin="IMMEDIATE")

    @classmethod
    def from_url(cls, url: str | None = None) -> CommerceRepository:
        """A repository on `url` (default: KEFU_DATABASE_URL or var/kefu.db), schema brought up to date."""
        from bot.commerce.database import make_engine
        from bot.commerce.schema import ensure_schema

        engine = make_engine(url)
        ensure_schema(engine)
        return cls(engine)

    # -- reads -------------------------------------------------------------

    def order_for_buyer(self, buyer: BuyerRef, reference: str) -> OrderView | None:
        """The buyer's order with this order number or one of its tracking numbers, else None."""
        candidates = _reference_candidates(reference)
        if not candidates:
            return None
        by_tracking = select(Shipment.order_id).where(Shipment.tracking_number.in_(candidates))
        stmt = (
            select(Order)
            .join(Buyer, Order.buyer_pk == Buyer.id)
            .where(*_owned_by(buyer), or_(Order.order_number.in_(candidates), Order.id.in_(by_tracking)))
            .options(*_ORDER_LOADS)
            .order_by(Order.placed_at.desc(), Order.id.desc())
            .limit(1)
        )
        with Session(self.engine, future=True) as session:
            order = session.execute(stmt).unique().scalars().first()
            return _order_view(order) if order is not None else None

    def open_orders(self, buyer: BuyerRef) -> list[OrderView]:
        """Orders not delivered, cancelled or refunded, newest first (at most 10)."""
        return self._orders(buyer, OPEN_ORDERS_LIMIT, Order.status.notin_(CLOSED_ORDER_STATUSES))

    def latest_orders(self, buyer: BuyerRef, limit: int = 5) -> list[OrderView]:
        """The buyer's most recent orders, whatever their status."""
        return self._orders(buyer, max(0, int(limit)))

    def is_flagged(self, buyer: BuyerRef, conversation_id: str) -> bool:
        stmt = select(LookupFlag.flagged_at).where(*_flag_key(buyer, conversation_id))
        with Session(self.engine, future=True) as session:
            return session.execute(stmt).scalar() is not None

    # -- writes ------------------------------------------------------------

    def cancel_order(self, buyer: BuyerRef, order_number: str, reason: str, now=None) -> OrderView:
        """Cancel a not-yet-shipped order; a paid one gets an approved refund of what it cost."""
        now = _utc(now)

        def work(session: Session) -> OrderView:
            order = _locked_order(session, buyer, order_number, _ORDER_LOADS)
            if order.status not in NOT_YET_SHIPPED:
                raise NotCancellable(_order_view(order))
            was_paid = order.status != "unpaid"
            order.status = "cancelled"
            order.cancelled_at = now
            order.cancel_reason = _reason(reason)
            if was_paid:
                _approve_full_refund(order, _reason(reason), now)
            session.flush()
            return _order_view(order)

        return self._write(work)

    def request_refund(
        self, buyer: BuyerRef, order_number: str, reason: str, amount=None, now=None
    ) -> RefundView:
        """A "requested" refund (default: whatever has not been refunded yet).

        An open (requested or approved) refund is returned as it is instead of
        starting a second one.
        """
        now = _utc(now)
        wanted = _amount(amount) if amount is not None else None

        def work(session: Session) -> RefundView:
            loads = (joinedload(Order.items), joinedload(Order.refunds), raiseload("*"))
            order = _locked_order(session, buyer, order_number, loads)
            for refund in order.refunds:
                if refund.status in OPEN_REFUND_STATUSES:
                    return _refund_view(refund)
            if order.status == "unpaid" or (order.status == "cancelled" and order.paid_at is None):
                raise NotRefundable(order.order_number, "it was never paid")
            left = _refundable(order)
            if left <= 0:
                raise NotRefundable(order.order_number, "it has been refunded in full")
            value = left if wanted is None else wanted
            if value > left:
                raise ValueError(f"refund of {value} is more than the {left} {order.currency} left to refund")
            refund = Refund(
                amount=value,
                currency=order.currency,
                status="requested",
                reason=_reason(reason),
                requested_at=now,
            )
            order.refunds.append(refund)
            session.flush()
            return _refund_view(refund)

        return self._write(work)

    def open_case(
        self,
        buyer: BuyerRef,
        order_number: str,
        kind: str,
        photos: Iterable[str] = (),
        tag: str | None = None,
        now=None,
        escalate_to: int | None = None,
    ) -> CaseView:
        """The order's live case of this kind (given any new photos), or a new one.

        A new damaged / wrong-item / missing-item case without photos waits for them.
        escalate_to: hand the case to this agent tier in the same transaction
        (ignored while it still waits for photos).
        """
        if kind not in CASE_KINDS:
            raise ValueError(f"case kind must be one of {', '.join(CASE_KINDS)}; got {kind!r}")
        if tag is not None and tag not in TAG_COLOURS:
            raise ValueError(f"tag must be one of {', '.join(TAG_COLOURS)} or None; got {tag!r}")
        urls = _photo_urls(photos)
        now = _utc(now)

        def work(session: Session) -> CaseView:
            loads = (joinedload(Order.cases), raiseload("*"))
            order = _locked_order(session, buyer, order_number, loads)
            for existing in order.cases:
                if existing.kind == kind and existing.status != "closed":
                    _add_photos(existing, urls, now)
                    if tag is not None and tag != existing.tag:
                        existing.tag = tag
                        existing.updated_at = now
                    _escalate(existing, escalate_to, now)
                    session.flush()
                    return _case_view(existing)
            waiting = kind in PHOTO_KINDS and not urls
            new = AfterSalesCase(
                kind=kind,
                status="awaiting_photos" if waiting else "open",
                photos=list(urls),
                tag=tag,
                created_at=now,
                updated_at=now,
            )
            _escalate(new, escalate_to, now)
            order.cases.append(new)
            session.flush()
            return _case_view(new)

        return self._write(work)

    def add_photos(
        self, buyer: BuyerRef, case_id: int, urls: Iterable[str], now=None, escalate_to: int | None = None
    ) -> CaseView:
        """Attach photos; a case that was waiting for them opens (or goes to `escalate_to`'s tier)."""
        new = _photo_urls(urls)
        now = _utc(now)

        def work(session: Session) -> CaseView:
            found = _locked_case(session, buyer, case_id)
            _add_photos(found, new, now)
            _escalate(found, escalate_to, now)
            session.flush()
            return _case_view(found)

        return self._write(work)

    def escalate_case(self, buyer: BuyerRef, case_id: int, tier: int, now=None) -> CaseView:
        """Hand the case to a human tier."""
        if isinstance(tier, bool) or not isinstance(tier, int) or tier < 1:
            raise ValueError(f"tier must be a positive integer; got {tier!r}")
        now = _utc(now)

        def work(session: Session) -> CaseView:
            found = _locked_case(session, buyer, case_id)
            _escalate(found, tier, now, force=True)
            session.flush()
            return _case_view(found)

        return self._write(work)

    def record_failed_lookup(
        self, buyer: BuyerRef, conversation_id: str, now=None, flag_after: int = FLAG_AFTER_ATTEMPTS
    ) -> int:
        """Count one more failed order lookup in this conversation; flag it at `flag_after`."""
        now = _utc(now)
        key = _flag_values(buyer, conversation_id)
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            insert = pg_insert
        elif dialect == "sqlite":
            insert = sqlite_insert
        else:  # pragma: no cover - only the two supported backends
            raise NotImplementedError(f"record_failed_lookup supports SQLite and PostgreSQL, not {dialect}")
        when = bindparam("flag_time", now, type_=UTCDateTime())
        reaches = and_(LookupFlag.flagged_at.is_(None), LookupFlag.attempts + 1 >= flag_after)
        upsert = (
            insert(LookupFlag)
            .values(**key, attempts=1, flagged_at=now if flag_after <= 1 else None)
            .on_conflict_do_update(
                index_elements=["marketplace", "buyer_id", "conversation_id"],
                set_={
                    "attempts": LookupFlag.attempts + 1,
                    "flagged_at": case((reaches, when), else_=LookupFlag.flagged_at),
                },
            )
        )
        count = select(LookupFlag.attempts).where(*_flag_key(buyer, conversation_id))
        with Session(self._write_engine, future=True) as session, session.begin():
            session.execute(upsert)
            return session.execute(count).scalar_one()

    # -- helpers -----------------------------------------------------------

    def _orders(self, buyer: BuyerRef, limit: int, *where) -> list[OrderView]:
        stmt = (
            select(Order)
            .join(Buyer, Order.buyer_pk == Buyer.id)
            .where(*_owned_by(buyer), *where)
            .options(*_ORDER_LOADS)
            .order_by(Order.placed_at.desc(), Order.id.desc())
            .limit(limit)
        )
        with Session(self.engine, future=True) as session:
            return [_order_view(o) for o in session.execute(stmt).unique().scalars().all()]

    def _write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a write transaction; once more if a concurrent writer won a unique index."""
        for attempt in (1, 2):
            try:
                session = Session(self._write_engine, future=True, expire_on_commit=False)
                with session, session.begin():
                    return work(session)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


# -- queries -----------------------------------------------------------------


def _marketplace(buyer: BuyerRef) -> str:
    return buyer.marketplace.strip().lower()


def _owned_by(buyer: BuyerRef) -> tuple:
    marketplace = _marketplace(buyer)
    return (
        Order.marketplace == marketplace,
        Buyer.marketplace == marketplace,
        Buyer.buyer_id == buyer.buyer_id,
    )


def _locked_order(session: Session, buyer: BuyerRef, order_number: str, loads: Sequence) -> Order:
    candidates = _reference_candidates(order_number)
    if not candidates:
        raise NotFound(order_number)
    stmt = (
        select(Order)
        .join(Buyer, Order.buyer_pk == Buyer.id)
        .where(*_owned_by(buyer), Order.order_number.in_(candidates))
        .options(*loads)
        .with_for_update(of=Order)
    )
    order = session.execute(stmt).unique().scalars().first()
    if order is None:
        raise NotFound(order_number)
    return order


def _locked_case(session: Session, buyer: BuyerRef, case_id: int) -> AfterSalesCase:
    if isinstance(case_id, bool) or not isinstance(case_id, int):
        raise NotFound(case_id)
    stmt = (
        select(AfterSalesCase)
        .join(Order, AfterSalesCase.order_id == Order.id)
        .join(Buyer, Order.buyer_pk == Buyer.id)
        .where(AfterSalesCase.id == case_id, *_owned_by(buyer))
        .options(raiseload("*"))
        .with_for_update(of=AfterSalesCase)
    )
    found = session.execute(stmt).scalars().first()
    if found is None:
        raise NotFound(case_id)
    return found


def _flag_values(buyer: BuyerRef, conversation_id: str) -> dict:
    if not conversation_id or len(conversation_id) > 255:
        raise ValueError("conversation_id must be 1-255 characters")
    return {
        "marketplace": _marketplace(buyer),
        "buyer_id": buyer.buyer_id,
        "conversation_id": conversation_id,
    }


def _flag_key(buyer: BuyerRef, conversation_id: str) -> tuple:
    values = _flag_values(buyer, conversation_id)
    return tuple(getattr(LookupFlag, name) == value for name, value in values.items())


# -- rules -------------------------------------------------------------------


def _reference_candidates(reference: str) -> list[str]:
    """What a buyer typed as an order or tracking number, tidied: no spaces, no leading '#'."""
    cleaned = "".join(str(reference or "").split()).lstrip("#")
    if not cleaned or len(cleaned) > MAX_REFERENCE:
        return []
    return sorted({cleaned, cleaned.upper(), cleaned.lower()})


def _order_total(order: Order) -> Decimal:
    return sum((i.unit_price * i.quantity for i in order.items), Decimal("0"))


def _refundable(order: Order) -> Decimal:
    processed = sum((r.amount for r in order.refunds if r.status == "processed"), Decimal("0"))
    return _order_total(order) - processed


def _approve_full_refund(order: Order, reason: str, now: datetime) -> None:
    left = _refundable(order)
    for refund in order.refunds:
        if refund.status in OPEN_REFUND_STATUSES:
            refund.status = "approved"
            refund.amount = left
            refund.approved_at = refund.approved_at or now
            return
    if left > 0:
        order.refunds.append(
            Refund(
                amount=left,
                currency=order.currency,
                status="approved",
                reason=reason,
                requested_at=now,
                approved_at=now,
            )
        )


def _escalate(case: AfterSalesCase, tier: int | None, now: datetime, force: bool = False) -> None:
    """To a human tier; a case still waiting for photos waits unless forced."""
    if tier is None or (case.status == "awaiting_photos" and not force):
        return
    if isinstance(tier, bool) or not isinstance(tier, int) or tier < 1:
        raise ValueError(f"tier must be a positive integer; got {tier!r}")
    if case.status != "escalated" or case.tier != tier:
        case.status = "escalated"
        case.tier = tier
        case.updated_at = now


def _add_photos(found: AfterSalesCase, urls: Sequence[str], now: datetime) -> None:
    known = list(found.photos or [])
    added = [u for u in urls if u not in known]
    if added:
        found.photos = (known + added)[:MAX_PHOTOS]
        found.updated_at = now
    if found.status == "awaiting_photos" and found.photos:
        found.status = "open"
        found.updated_at = now


def _photo_urls(urls: Iterable[str]) -> list[str]:
    if isinstance(urls, str):
        urls = [urls]
    cleaned: list[str] = []
    for url in urls:
        url = str(url).strip()
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > 2000:
            raise ValueError("photos must be http(s) URLs of at most 2000 characters")
        if url not in cleaned:
            cleaned.append(url)
    return cleaned[:MAX_PHOTOS]


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"refund amount must be a number; got {value!r}") from exc
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"refund amount must be positive with at most 2 decimals; got {value!r}")
    return amount


def _reason(reason: str) -> str:
    return " ".join(str(reason or "").split())[:MAX_REASON]


def _utc(now) -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)


# -- views -------------------------------------------------------------------


def _order_view(order: Order) -> OrderView:
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
        shipments=tuple(_shipment_view(s) for s in order.shipments),
        refunds=tuple(_refund_view(r) for r in order.refunds),
        cases=tuple(_case_view(c) for c in order.cases),
    )


def _shipment_view(shipment: Shipment) -> ShipmentView:
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


def _refund_view(refund: Refund) -> RefundView:
    return RefundView(
        id=refund.id,
        amount=refund.amount,
        currency=refund.currency,
        status=refund.status,
        reason=refund.reason or "",
        requested_at=refund.requested_at,
        processed_at=refund.processed_at,
    )


def _case_view(found: AfterSalesCase) -> CaseView:
    return CaseView(
        id=found.id,
        kind=found.kind,
        status=found.status,
        created_at=found.created_at,
        photos=tuple(found.photos or ()),
        tag=found.tag,
        tier=found.tier,
    )
