"""The seller's settings Kefu ships with example values: figures only the seller knows.

seller/shop.yml comes with usual delivery days per country, refund days and a goodwill coupon, and
seller/desk.yml with working hours in a time zone. Buyers are told these (the dates a
parcel should arrive, a coupon code to use, when a person answers), so while a file still
holds Kefu's example the seller is told so, by `kefu seller check` and on the dashboard,
and sets their own. An example is recognised by a fingerprint of its shipped value: any
edit makes the setting the seller's. A seller whose own figures are the example's says so
in the file: `kept_examples: [delivery_days]`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.seller.shop import SHOP_FILE

# The key a file lists the examples in that the seller keeps as their own.
KEPT = "kept_examples"


@dataclass(frozen=True)
class Example:
    file: str  # the file's name under seller/ (shop.yml, desk.yml)
    key: str  # its top-level setting
    fingerprint: str  # of the value Kefu ships (fingerprint())
    why: str  # what buyers are told from it


EXAMPLES = (
    Example(
        "shop.yml",
        "delivery_days",
        "0a249ac3998443a1",
        "usual days from shipping to delivery per country: buyers asking 'how long?' get dates from them",
    ),
    Example(
        "shop.yml",
        "customs_goodwill_coupon",
        "6f19a10c910aeab5",
        "the coupon code and amounts offered to buyers who paid import duty (the code must be your shop's)",
    ),
    Example(
        "shop.yml",
        "refund_days",
        "aeef9097bc27342a",
        "usual days to review a refund request and to pay an approved one: buyers asking 'when?' get dates",
    ),
    Example(
        "shop.yml",
        "pickup_hold_days",
        "7902699be42c8a8e",
        "days a post office keeps a parcel: buyers asking 'how long will they keep it?' get a date",
    ),
    Example(
        "shop.yml",
        "carrier_check_days",
        "ef2d127de37b942b",
        "days a carrier takes to answer a search for a lost parcel: buyers asking 'how long?' get a date",
    ),
    Example(
        "shop.yml",
        "refused_duty_refund",
        "ff5208ac4052fc88",
        "the refund for a parcel customs send back unpaid: told to buyers who won't pay the duty",
    ),
    Example(
        "shop.yml",
        "returns",
        "90e042507f06de31",
        "days to ask for a return and who pays its shipping: buyers asking for your returns policy are told",
    ),
    Example(
        "desk.yml",
        "time_zone",
        "368378ead3831835",
        "your time zone: working hours, deadlines and the KPIs' days are counted in it",
    ),
    Example(
        "desk.yml",
        "working_hours",
        "5ecd2c5f3d8084c7",
        "when your agents work: buyers are told when a person will answer",
    ),
)


@dataclass(frozen=True)
class UnsetSetting:
    """A setting whose file still holds Kefu's example."""

    file: str  # the file's path as read
    key: str
    why: str

    def to_json(self) -> Dict[str, str]:
        return asdict(self)


def fingerprint(value: Any) -> str:
    """The same for the same YAML value, however it is written (order of keys, quoting)."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def seller_files(desk_config: Path) -> Dict[str, Path]:
    """Where each file with examples is read from (desk.yml: KEFU_DESK_CONFIG)."""
    return {"shop.yml": SHOP_FILE, "desk.yml": Path(desk_config)}


def unset_settings(files: Dict[str, Path]) -> List[UnsetSetting]:
    """The settings, in the files named (shop.yml, desk.yml -> where each is read from), that
    still hold Kefu's example and are not kept by the seller. A file that is missing or does
    not read is not reported here: loading it says what is wrong."""
    found = []
    for name, path in files.items():
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(raw, dict):
            continue
        kept = raw.get(KEPT) or []
        for example in EXAMPLES:
            if example.file != name or example.key in kept or example.key not in raw:
                continue
            if fingerprint(raw[example.key]) == example.fingerprint:
                found.append(UnsetSetting(str(path), example.key, example.why))
    return found
