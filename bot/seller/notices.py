"""The seller's rules for messages Kefu writes first (seller/notices.yml), per marketplace.

Marketplaces limit seller-initiated messages (some forbid them, some allow only
order updates, most cap how many a buyer gets), so each marketplace has its own
rules; `default` applies to a marketplace the file does not name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Tuple
from zoneinfo import ZoneInfo

import yaml

from bot import PROJECT_ROOT

NOTICES_FILE = PROJECT_ROOT / "seller" / "notices.yml"
# What tracking data can tell a buyer unasked (bot/desk/notices.py finds them).
NOTICE_KINDS = ("awaiting_pickup", "stalled", "delivered")
# A seller's promo campaign (bot/desk/promos.py): allowed only where the file lists it.
PROMO = "promo"
KINDS = (*NOTICE_KINDS, PROMO)


@dataclass(frozen=True)
class MarketplaceNotices:
    enabled: bool = False
    kinds: Tuple[str, ...] = NOTICE_KINDS
    max_per_buyer_per_day: int = 1
    # No message between quiet_start and quiet_end, buyer-side clock (the zone); equal = none.
    quiet_start: time = time(0)
    quiet_end: time = time(0)
    zone: str = "UTC"
    language: str = "en"  # when neither the conversation nor the buyer record has one

    def allows(self, kind: str) -> bool:
        return self.enabled and kind in self.kinds

    def quiet_at(self, now: datetime) -> bool:
        local = now.astimezone(ZoneInfo(self.zone)).time()
        start, end = self.quiet_start, self.quiet_end
        if start == end:
            return False
        return start <= local < end if start < end else local >= start or local < end


@dataclass(frozen=True)
class NoticeRules:
    default: MarketplaceNotices = MarketplaceNotices()
    marketplaces: Mapping[str, MarketplaceNotices] = field(default_factory=dict)
    stalled_after_days: int = 7

    def of(self, marketplace: str) -> MarketplaceNotices:
        return self.marketplaces.get(marketplace.lower(), self.default)


def parse_notices(raw: dict, stalled_after_days: int = 7) -> NoticeRules:
    default = _marketplace(raw.get("default") or {}, MarketplaceNotices(), "default")
    marketplaces: Dict[str, MarketplaceNotices] = {
        str(name).lower(): _marketplace(body or {}, default, str(name))
        for name, body in (raw.get("marketplaces") or {}).items()
    }
    return NoticeRules(default, marketplaces, stalled_after_days)


def _marketplace(raw: dict, base: MarketplaceNotices, name: str) -> MarketplaceNotices:
    kinds = tuple(raw.get("kinds", base.kinds))
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"notices {name}: unknown kinds {sorted(unknown)} (known: {', '.join(KINDS)})")
    limit = int(raw.get("max_per_buyer_per_day", base.max_per_buyer_per_day))
    if limit < 0:
        raise ValueError(f"notices {name}: max_per_buyer_per_day must be 0 or more")
    quiet = raw.get("quiet_hours")
    start, end = (
        (_clock(quiet.get("start")), _clock(quiet.get("end")))
        if quiet
        else (base.quiet_start, base.quiet_end)
    )
    zone = str(raw.get("zone", base.zone))
    ZoneInfo(zone)  # an unknown zone fails at load, not at the first notice
    return MarketplaceNotices(
        enabled=bool(raw.get("enabled", base.enabled)),
        kinds=kinds,
        max_per_buyer_per_day=limit,
        quiet_start=start,
        quiet_end=end,
        zone=zone,
        language=str(raw.get("language", base.language)),
    )


def _clock(value) -> time:
    if isinstance(value, int):  # YAML reads 22:00 as sexagesimal minutes
        return time(value // 60 % 24, value % 60)
    return time.fromisoformat(str(value))


@lru_cache(maxsize=2)
def load_notices(path: Path = NOTICES_FILE) -> NoticeRules:
    from bot.seller.shop import load_shop

    file = Path(path)
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) if file.exists() else {}
    return parse_notices(raw or {}, load_shop().stalled_after_days)
