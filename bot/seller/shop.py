"""The seller's shop facts for answers (seller/shop.yml), typed and checked at load."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, Tuple

import yaml

from bot import PROJECT_ROOT

SHOP_FILE = PROJECT_ROOT / "seller" / "shop.yml"


@dataclass(frozen=True)
class Promotion:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class DeliveryWindow:
    """Usual days from shipping to delivery to one country."""

    shortest: int
    longest: int


@dataclass(frozen=True)
class RefundDays:
    """Usual days the shop takes to review a refund request, and to pay an approved one."""

    review: int
    payout: int


@dataclass(frozen=True)
class ReturnPolicy:
    """Days after delivery a return may be asked for, and who pays its shipping (one of
    RETURN_SHIPPING_PAYERS)."""

    days: int
    shipping_paid_by: str


RETURN_SHIPPING_PAYERS = ("seller", "buyer", "seller_if_faulty")


@dataclass(frozen=True)
class ShopSettings:
    tracking_site: str
    promotions: Tuple[Promotion, ...]
    stalled_after_days: int
    coupon_amounts: Dict[str, str]  # currency -> "12.00 BRL"
    coupon_code: str
    max_failed_lookups: int
    delivery_days: Dict[str, DeliveryWindow]  # by destination country; "default" for the rest
    refund_days: RefundDays = RefundDays(3, 5)
    pickup_hold_days: int = 7  # days a post office usually keeps a parcel before returning it
    carrier_check_days: int = 5  # days a carrier usually takes to answer "please find this parcel"
    # What is refunded when a parcel comes back because the buyer did not pay the duty.
    refused_duty_refund: str = "goods_only"
    returns: ReturnPolicy = ReturnPolicy(15, "seller_if_faulty")

    def delivery_window(self, country: str) -> DeliveryWindow | None:
        return self.delivery_days.get(country) or self.delivery_days.get("default")

    def coupon_in(self, currency: str) -> str | None:
        """The goodwill coupon's value in an order's currency; None when the seller set none."""
        return self.coupon_amounts.get((currency or "").upper())

    def promotion_on(self, day: date) -> Promotion | None:
        return next((p for p in self.promotions if p.start <= day <= p.end), None)


def parse_shop(raw: dict) -> ShopSettings:
    coupon = raw.get("customs_goodwill_coupon") or {}
    promotions = tuple(
        Promotion(str(p["name"]), _day(p["start"]), _day(p["end"])) for p in raw.get("promotions") or []
    )
    for promotion in promotions:
        if promotion.end < promotion.start:
            raise ValueError(f"promotion {promotion.name}: end is before start")
    return ShopSettings(
        tracking_site=str(raw.get("tracking_site", "")),
        promotions=promotions,
        stalled_after_days=int(raw.get("stalled_after_days", 7)),
        coupon_amounts=_amounts_by_currency(coupon.get("amounts", coupon.get("amount"))),
        coupon_code=str(coupon.get("code", "")),
        max_failed_lookups=int(raw.get("max_failed_lookups", 3)),
        delivery_days={str(k): _window(k, v) for k, v in (raw.get("delivery_days") or {}).items()},
        refund_days=_refund_days(raw.get("refund_days") or {}),
        pickup_hold_days=_days("pickup_hold_days", raw.get("pickup_hold_days", 7)),
        carrier_check_days=_days("carrier_check_days", raw.get("carrier_check_days", 5)),
        refused_duty_refund=_refused_duty_refund(raw.get("refused_duty_refund", "goods_only")),
        returns=_returns(raw.get("returns") or {}),
    )


REFUSED_DUTY_REFUNDS = ("full", "goods_only", "none")


def _refused_duty_refund(raw) -> str:
    value = str(raw)
    if value not in REFUSED_DUTY_REFUNDS:
        raise ValueError(f"refused_duty_refund: {raw!r} is not one of {', '.join(REFUSED_DUTY_REFUNDS)}")
    return value


def _amounts_by_currency(raw) -> Dict[str, str]:
    """ "3.00 USD" or ["3.00 USD", "15.00 BRL"]: one value per currency, keyed by it. A
    coupon is redeemed in the marketplace's currency, so each is the seller's own figure,
    never a conversion."""
    amounts = [raw] if isinstance(raw, str) else list(raw or [])
    found: Dict[str, str] = {}
    for amount in amounts:
        value, _, currency = str(amount).strip().rpartition(" ")
        if not value or len(currency) != 3 or not currency.isalpha():
            raise ValueError(f"customs_goodwill_coupon: {amount!r} is not an amount like '3.00 USD'")
        found[currency.upper()] = f"{value} {currency.upper()}"
    return found


def _window(country, days) -> DeliveryWindow:
    shortest, longest = (int(d) for d in days)
    if not 0 <= shortest <= longest:
        raise ValueError(f"delivery_days {country}: expected [shortest, longest] days, got {days}")
    return DeliveryWindow(shortest, longest)


def _days(key: str, value) -> int:
    days = int(value)
    if days < 0:
        raise ValueError(f"{key}: expected days of 0 or more, got {value}")
    return days


def _refund_days(raw: dict) -> RefundDays:
    return RefundDays(
        _days("refund_days review", raw.get("review", 3)), _days("refund_days payout", raw.get("payout", 5))
    )


def _returns(raw: dict) -> ReturnPolicy:
    payer = str(raw.get("shipping_paid_by", "seller_if_faulty"))
    if payer not in RETURN_SHIPPING_PAYERS:
        payers = ", ".join(RETURN_SHIPPING_PAYERS)
        raise ValueError(f"returns shipping_paid_by: {payer!r} is not one of {payers}")
    return ReturnPolicy(_days("returns days", raw.get("days", 15)), payer)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@lru_cache(maxsize=2)
def load_shop(path: Path = SHOP_FILE) -> ShopSettings:
    return parse_shop(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
