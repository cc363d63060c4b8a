"""What a cancellation, a refund or an after-sales case may do to the rows, and how
the buyer's input (amounts, reasons, photo URLs) is checked before it gets there."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Iterable, Sequence

from bot.commerce.models import OPEN_REFUND_STATUSES, AfterSalesCase, Order, Refund
from bot.text_input import MAX_URL_CHARS, web_link

PHOTO_KINDS = ("damaged", "wrong_item", "missing_item")  # cases that wait for photos
MAX_PHOTOS = 20
MAX_REASON = 500


def order_total(order: Order) -> Decimal:
    return sum((i.unit_price * i.quantity for i in order.items), Decimal("0"))


def refundable(order: Order) -> Decimal:
    processed = sum((r.amount for r in order.refunds if r.status == "processed"), Decimal("0"))
    return order_total(order) - processed


def approve_full_refund(order: Order, reason: str, now: datetime) -> None:
    left = refundable(order)
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


def check_tier(tier) -> int:
    if isinstance(tier, bool) or not isinstance(tier, int) or tier < 1:
        raise ValueError(f"tier must be a positive integer; got {tier!r}")
    return tier


def escalate(case: AfterSalesCase, tier: int | None, now: datetime, force: bool = False) -> None:
    """To a human tier; a case still waiting for photos waits unless forced."""
    if tier is None or (case.status == "awaiting_photos" and not force):
        return
    check_tier(tier)
    if case.status != "escalated" or case.tier != tier:
        case.status = "escalated"
        case.tier = tier
        case.updated_at = now


def add_photos(found: AfterSalesCase, urls: Sequence[str], now: datetime) -> None:
    known = list(found.photos or [])
    added = [u for u in urls if u not in known]
    if added:
        found.photos = (known + added)[:MAX_PHOTOS]
        found.updated_at = now
    if found.status == "awaiting_photos" and found.photos:
        found.status = "open"
        found.updated_at = now


def photo_urls(urls: Iterable[str]) -> list[str]:
    if isinstance(urls, str):
        urls = [urls]
    cleaned: list[str] = []
    for url in urls:
        url = str(url).strip()
        if not web_link(url):
            raise ValueError(
                f"photos must be http(s) URLs with a host, of at most {MAX_URL_CHARS} characters"
            )
        if url not in cleaned:
            cleaned.append(url)
    return cleaned[:MAX_PHOTOS]


def amount(value) -> Decimal:
    try:
        checked = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"refund amount must be a number; got {value!r}") from exc
    if not checked.is_finite() or checked <= 0 or not _in_cents(checked):
        raise ValueError(f"refund amount must be positive with at most 2 decimals; got {value!r}")
    return checked


def _in_cents(value: Decimal) -> bool:
    try:
        return value == value.quantize(Decimal("0.01"))
    except InvalidOperation:  # beyond the context's 28 digits (1e30): no amount at all
        return False


def reason(text: str) -> str:
    return " ".join(str(text or "").split())[:MAX_REASON]
