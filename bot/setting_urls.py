"""The settings that hold URLs: the schemes each accepts, and the check that says so by the
variable's name (bot.settings)."""

from __future__ import annotations

from typing import List
from urllib.parse import urlparse

# Setting -> (schemes, what its value must be). `rasa_replicas` is a list of them.
URL_SHAPES = {
    "redis_url": (("redis", "rediss"), "look like redis://host:port/db"),
    "outbound_url": (("http", "https"), "be a http/https URL"),
    "chatwoot_url": (("http", "https"), "be the http/https address of your Chatwoot"),
    "lazada_url": (("http", "https"), "be Lazada's API address, e.g. https://api.lazada.co.th/rest"),
    "lazada_auth_url": (("http", "https"), "be Lazada's token service, e.g. https://auth.lazada.com/rest"),
    "shopee_url": (("http", "https"), "be Shopee's API address, e.g. https://partner.shopeemobile.com"),
    "shopee_push_url": (("http", "https"), "be the callback URL registered at Shopee"),
    "aliexpress_url": (("http", "https"), "be AliExpress's API address, e.g. https://api-sg.aliexpress.com"),
    "wish_url": (("http", "https"), "be Wish's Merchant API address, e.g. https://merchant.wish.com"),
    "ozon_url": (("http", "https"), "be Ozon's Seller API address, e.g. https://api-seller.ozon.ru"),
    "rasa_replicas": (("http", "https"), "list each Rasa server's http/https base URL"),
}
LISTS = {"rasa_replicas"}


def url_list(value: str) -> List[str]:
    """A list setting's URLs, space- or comma-separated."""
    return value.replace(",", " ").split()


def check_urls(setting: str, variable: str, value: str | None) -> str | None:
    """`value` unchanged when every URL in it has one of the setting's schemes and a host."""
    if value is None:
        return None
    schemes, shape = URL_SHAPES[setting]
    for url in url_list(value) if setting in LISTS else [value]:
        parsed = urlparse(url)
        if parsed.scheme not in schemes or not parsed.hostname:
            raise ValueError(f"{variable} must {shape}, got {url!r}")
    return value
