"""The seller's shop facts for answers (seller/shop.yml), typed and checked at load."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Tuple

import yaml

from bot import PROJECT_ROOT

SHOP_FILE = PROJECT_ROOT / "seller" / "shop.yml"


@dataclass(frozen=True)
class Promotion:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class ShopSettings:
    tracking_site: str
    promotions: Tuple[Promotion, ...]
    stalled_after_days: int
    coupon_amount: str
    coupon_code: str
    max_failed_lookups: int

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
        coupon_amount=str(coupon.get("amount", "")),
        coupon_code=str(coupon.get("code", "")),
        max_failed_lookups=int(raw.get("max_failed_lookups", 3)),
    )


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@lru_cache(maxsize=2)
def load_shop(path: Path = SHOP_FILE) -> ShopSettings:
    return parse_shop(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
