"""Shared by the promo tests: the seller's buyers (imported with their orders, as a seller
would), the marketplaces' rules, and a campaign file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import yaml

from bot.commerce.importer import import_orders
from bot.commerce.repository import CommerceRepository

# (marketplace, buyer id, country, language, order placed at)
BUYERS = [
    ("lazada", "th-1", "TH", "th", "2025-03-01T08:00:00+07:00"),
    ("lazada", "th-2", "TH", "th", "2025-03-05T08:00:00+07:00"),  # will say STOP
    ("lazada", "th-3", "TH", "id", "2025-03-09T08:00:00+07:00"),  # no Indonesian text: English
    ("lazada", "th-old", "TH", "th", "2024-01-01T08:00:00+07:00"),  # ordered before the range
    ("shopee", "vn-1", "VN", "vi", "2025-03-02T08:00:00+07:00"),  # another marketplace
    ("aliexpress", "br-1", "BR", "pt", "2025-03-03T08:00:00Z"),  # promos not allowed there
]
RULES: Dict[str, Any] = {
    "default": {"enabled": False},
    "marketplaces": {
        "lazada": {"enabled": True, "kinds": ["promo", "delivered"], "max_per_buyer_per_day": 1},
        "shopee": {"enabled": True, "kinds": ["promo"]},
        "aliexpress": {"enabled": True, "kinds": ["stalled"]},
    },
}
THAI = "ลด 20% ทุกแก้วถึง 30 เมษายน"
ENGLISH = "Songkran sale: 20% off all mugs until 30 April!"
CAMPAIGN: Dict[str, Any] = {
    "id": "songkran-2025",
    "period": {"start": "2025-04-01T00:00:00+07:00", "end": "2025-04-30T23:59:00+07:00"},
    "default_language": "en",
    "messages": {"en": ENGLISH, "th": THAI},
    "audience": {
        "marketplaces": ["lazada", "aliexpress"],
        "ordered": {"from": "2025-02-01", "to": "2025-03-31"},
    },
}


def import_buyers(database_url: str, folder: Path) -> None:
    lines = []
    for number, (marketplace, buyer, country, language, placed) in enumerate(BUYERS, start=1):
        lines.append(
            {
                "marketplace": marketplace,
                "order_number": f"90000000{number:02d}",
                "buyer": {"id": buyer, "name": "Buyer", "country": country, "language": language},
                "status": "processing",
                "placed_at": placed,
                "currency": "THB",
                "destination_country": country,
                "items": [
                    {
                        "sku": "MUG-01",
                        "title": "Ceramic mug",
                        "quantity": 1,
                        "unit_price": "150.00",
                        "declared_value": "2.00",
                    }
                ],
            }
        )
    path = folder / "orders.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    repository = CommerceRepository.from_url(database_url)
    try:
        import_orders(repository, path)
    finally:
        repository.engine.dispose()


def write_yaml(folder: Path, name: str, document: Any) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path
