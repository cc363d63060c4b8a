"""The only way actions read or change commerce data.

Every method runs in its own short transaction (bot/db/store.py), sends at
most three SELECT / INSERT / UPDATE statements, and hands back immutable views
built before the session closes (lazy loads are turned into errors, so a
missing eager load fails a test instead of costing a hidden query). Another
buyer's order is indistinguishable from an unknown one: the buyer is part of
every WHERE clause (queries.py).

Writers lock what they read (FOR UPDATE of the order row on PostgreSQL, BEGIN
IMMEDIATE on SQLite); the partial unique indexes in models.py catch what a
lock cannot (a refund inserted by a concurrent transaction), and the losing
call is retried once, when it finds the winner's row.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, joinedload, raiseload

from bot.commerce import rules
from bot.commerce.errors import NotCancellable, NotRefundable
from bot.commerce.models import OPEN_REFUND_STATUSES, AfterSalesCase, Order, Refund
from bot.commerce.queries import (
    COUNT_FAILED_LOOKUP,
    FAILED_LOOKUPS,
    FLAGGED_AT,
    LATEST_DESTINATION,
    ORDER_BY_REFERENCE,
    ORDER_LOADS,
    buyer_params,
    buyers_orders,
    locked_case,
    locked_order,
    reference_candidates,
)
from bot.commerce.row_views import case_view, order_view, refund_view
from bot.commerce.schema import SCHEMA
from bot.commerce.views import (
    CASE_KINDS,
    NOT_YET_SHIPPED,
    BuyerRef,
    CaseView,
    OrderView,
    RefundView,
)
from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.seller.tags import TAG_COLOURS

FLAG_AFTER_ATTEMPTS = 5
OPEN_ORDERS_LIMIT = 10
CLOSED_ORDER_STATUSES = ("delivered", "cancelled", "refunded")


class CommerceRepository(SqlStore):
    schema = SCHEMA

    # -- reads -------------------------------------------------------------

    def order_for_buyer(self, buyer: BuyerRef, reference: str) -> OrderView | None:
        """The buyer's order with this order number or one of its tracking numbers, else None."""
        candidates = reference_candidates(reference)
        if not candidates:
            return None
        params = {**buyer_params(buyer), "references": candidates, "tracking_references": candidates}

        def work(session: Session) -> OrderView | None:
            order = session.execute(ORDER_BY_REFERENCE, params).unique().scalars().first()
            return order_view(order) if order is not None else None

        return self._read(work)

    def open_orders(self, buyer: BuyerRef) -> list[OrderView]:
        """Orders not delivered, cancelled or refunded, newest first (at most 10)."""
        return self._orders(buyer, OPEN_ORDERS_LIMIT, Order.status.notin_(CLOSED_ORDER_STATUSES))

    def latest_orders(self, buyer: BuyerRef, limit: int = 5) -> list[OrderView]:
        """The buyer's most recent orders, whatever their status."""
        return self._orders(buyer, max(0, int(limit)))

    def latest_destination_country(self, buyer: BuyerRef) -> str | None:
        """Where the buyer's newest order goes (a language prior for a new chat), or None."""
        params = buyer_params(buyer)
        return self._read_sql(lambda connection: connection.execute(LATEST_DESTINATION, params).scalar())

    def is_flagged(self, buyer: BuyerRef) -> bool:
        """Whether this buyer was flagged for guessing order numbers (in any conversation)."""
        params = buyer_params(buyer)
        return self._read_sql(lambda connection: connection.execute(FLAGGED_AT, params).scalar() is not None)

    def _orders(self, buyer: BuyerRef, limit: int, *where) -> list[OrderView]:
        stmt = buyers_orders(buyer, *where).limit(limit)
        return self._read(
            lambda session: [order_view(o) for o in session.execute(stmt).unique().scalars().all()]
        )

    # -- writes ------------------------------------------------------------

    def cancel_order(self, buyer: BuyerRef, order_number: str, reason: str, now=None) -> OrderView:
        """Cancel a not-yet-shipped order; a paid one gets an approved refund of what it cost."""
        now = stamp(now)

        def work(session: Session) -> OrderView:
            order = locked_order(session, buyer, order_number, ORDER_LOADS)
            if order.status not in NOT_YET_SHIPPED:
                raise NotCancellable(order_view(order))
            was_paid = order.status != "unpaid"
            order.status = "cancelled"
            order.cancelled_at = now
            order.cancel_reason = rules.reason(reason)
            if was_paid:
                rules.approve_full_refund(order, rules.reason(reason), now)
            session.flush()
            return order_view(order)

        return self._write(work, retry=True)

    def request_refund(
        self, buyer: BuyerRef, order_number: str, reason: str, amount=None, now=None
    ) -> RefundView:
        """A "requested" refund (default: whatever has not been refunded yet).

        An open (requested or approved) refund is returned as it is instead of
        starting a second one.
        """
        now = stamp(now)
        wanted = rules.amount(amount) if amount is not None else None

        def work(session: Session) -> RefundView:
            loads = (joinedload(Order.items), joinedload(Order.refunds), raiseload("*"))
            order = locked_order(session, buyer, order_number, loads)
            for refund in order.refunds:
                if refund.status in OPEN_REFUND_STATUSES:
                    return refund_view(refund)
            if order.status == "unpaid" or (order.status == "cancelled" and order.paid_at is None):
                raise NotRefundable(order.order_number, "it was never paid")
            left = rules.refundable(order)
            if left <= 0:
                raise NotRefundable(order.order_number, "it has been refunded in full")
            value = left if wanted is None else wanted
            if value > left:
                raise ValueError(f"refund of {value} is more than the {left} {order.currency} left to refund")
            refund = Refund(
                amount=value,
                currency=order.currency,
                status="requested",
                reason=rules.reason(reason),
                requested_at=now,
            )
            order.refunds.append(refund)
            session.flush()
            return refund_view(refund)

        return self._write(work, retry=True)

    def withdraw_refund(self, buyer: BuyerRef, order_number: str) -> RefundView | None:
        """The order's refund request, withdrawn at the buyer's word while it is still only
        requested; None when there is none (an approved one is the seller's to stop)."""

        def work(session: Session) -> RefundView | None:
            loads = (joinedload(Order.refunds), raiseload("*"))
            order = locked_order(session, buyer, order_number, loads)
            requested = [r for r in order.refunds if r.status == "requested"]
            if not requested:
                return None
            requested[-1].status = "withdrawn"
            session.flush()
            return refund_view(requested[-1])

        return self._write(work, retry=True)

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
        urls = rules.photo_urls(photos)
        now = stamp(now)

        def work(session: Session) -> CaseView:
            loads = (joinedload(Order.cases), raiseload("*"))
            order = locked_order(session, buyer, order_number, loads)
            for existing in order.cases:
                if existing.kind == kind and existing.status != "closed":
                    rules.add_photos(existing, urls, now)
                    if tag is not None and tag != existing.tag:
                        existing.tag = tag
                        existing.updated_at = now
                    rules.escalate(existing, escalate_to, now)
                    session.flush()
                    return case_view(existing)
            waiting = kind in rules.PHOTO_KINDS and not urls
            new = AfterSalesCase(
                kind=kind,
                status="awaiting_photos" if waiting else "open",
                photos=list(urls),
                tag=tag,
                created_at=now,
                updated_at=now,
            )
            rules.escalate(new, escalate_to, now)
            order.cases.append(new)
            session.flush()
            return case_view(new)

        return self._write(work, retry=True)

    def add_photos(
        self, buyer: BuyerRef, case_id: int, urls: Iterable[str], now=None, escalate_to: int | None = None
    ) -> CaseView:
        """Attach photos; a case that was waiting for them opens (or goes to `escalate_to`'s tier)."""
        new = rules.photo_urls(urls)
        now = stamp(now)

        def work(session: Session) -> CaseView:
            found = locked_case(session, buyer, case_id)
            rules.add_photos(found, new, now)
            rules.escalate(found, escalate_to, now)
            session.flush()
            return case_view(found)

        return self._write(work, retry=True)

    def escalate_case(self, buyer: BuyerRef, case_id: int, tier: int, now=None) -> CaseView:
        """Hand the case to a human tier."""
        rules.check_tier(tier)
        now = stamp(now)

        def work(session: Session) -> CaseView:
            found = locked_case(session, buyer, case_id)
            rules.escalate(found, tier, now, force=True)
            session.flush()
            return case_view(found)

        return self._write(work, retry=True)

    def record_failed_lookup(self, buyer: BuyerRef, now=None, flag_after: int = FLAG_AFTER_ATTEMPTS) -> int:
        """Count one more failed order lookup by this buyer; flag them at `flag_after`."""
        now = stamp(now)
        params = buyer_params(buyer)
        counted = {
            **params,
            "first_flag": now if flag_after <= 1 else None,
            "flag_after": flag_after,
            "now": now,
        }

        def work(connection: Connection) -> int:
            connection.execute(COUNT_FAILED_LOOKUP, counted)
            return connection.execute(FAILED_LOOKUPS, params).scalar_one()

        return self._write_sql(work)
