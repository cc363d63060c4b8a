"""The language a buyer most likely writes, from what the channel knows of them.

Used only when a conversation has no language yet and its messages are too
short to tell ("oi", "thank you", "👍"). From the message metadata, strongest
first:
- `language_hint`: the language the marketplace says the buyer uses;
- `country`: the marketplace site's country, or (put there by the desk) the
  destination country of the buyer's latest order;
- the marketplace itself, when it serves one country or names its site
  ("ozon", "tiki", "shopee_br", "lazada.co.th").
The policy reads metadata only: whoever looks the buyer up (the desk) does so
off Rasa's event loop.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from bot.nlu.language import SUPPORTED

COUNTRY_LANGUAGE = {
    **dict.fromkeys(("BR", "PT", "AO", "MZ"), "pt"),
    **dict.fromkeys(("ES", "MX", "AR", "CO", "CL", "PE", "EC", "UY", "VE", "BO", "PY", "GT", "DO"), "es"),
    **dict.fromkeys(("RU", "BY", "KZ", "KG"), "ru"),
    **dict.fromkeys(("CN", "TW", "HK", "MO"), "zh"),
    **dict.fromkeys(("US", "GB", "AU", "NZ", "CA", "IE", "PH", "SG", "IN"), "en"),
    "TH": "th",
    "VN": "vi",
    "ID": "id",
}
# Marketplaces of a single country. Lazada, Shopee, AliExpress, Wish serve many:
# their site country (metadata `country`, or a suffix on the name) decides.
MARKETPLACE_LANGUAGE = {
    "ozon": "ru",
    "wildberries": "ru",
    "yandex_market": "ru",
    "tiki": "vi",
    "sendo": "vi",
    "tokopedia": "id",
    "bukalapak": "id",
    "blibli": "id",
    "mercadolivre": "pt",
    "americanas": "pt",
    "mercadolibre": "es",
    "taobao": "zh",
    "tmall": "zh",
    "jd": "zh",
    "pinduoduo": "zh",
}
# Site suffixes: "shopee_br", "shopee-id", "lazada.co.th", "shopee.com.my".
_SITE_SUFFIX = re.compile(r"[._\-](?:com?\.)?([a-z]{2})$")


def language_of_country(country: Any) -> str | None:
    return COUNTRY_LANGUAGE.get(country.strip().upper()) if isinstance(country, str) else None


def language_of_marketplace(marketplace: Any) -> str | None:
    if not isinstance(marketplace, str):
        return None
    name = marketplace.strip().lower()
    if name in MARKETPLACE_LANGUAGE:
        return MARKETPLACE_LANGUAGE[name]
    site = _SITE_SUFFIX.search(name)
    return language_of_country(site.group(1)) if site else None


def prior_language(metadata: Mapping[str, Any] | None) -> str | None:
    """The buyer's likely language from message metadata, or None when it says nothing."""
    if not isinstance(metadata, Mapping):
        return None
    hint = metadata.get("language_hint")
    if isinstance(hint, str) and hint.strip().lower() in SUPPORTED:
        return hint.strip().lower()
    return language_of_country(metadata.get("country")) or language_of_marketplace(
        metadata.get("marketplace")
    )
