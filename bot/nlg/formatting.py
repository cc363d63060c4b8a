"""Values formatted for the buyer's language: dates, amounts, status labels.

Actions pass raw values by naming convention and the NLG formats them, so the
same action serves every language:
  *_date    ISO date or datetime        -> "25 พ.ย. 2026", "2026年11月25日", a moment on the
            calendar of the buyer's country (destination_country) when the message names it
  *_amount  "12.50 USD"                 -> "US$12.50", "12,50 US$"
  *_country ISO 3166 alpha-2 code       -> "Brasil", "ประเทศไทย"
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import Any, List
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_currency

LOCALES = {
    "en": "en",
    "zh": "zh_Hans_CN",
    "ru": "ru",
    "es": "es",
    "pt": "pt_BR",
    "th": "th",
    "vi": "vi",
    "id": "id",
}


def locale_for(language: str | None) -> str:
    return LOCALES.get(language or "en", "en")


# The zone whose calendar a country's buyers read, where the country spans several (CLDR
# lists them alphabetically, so its first is no choice): where most of its buyers live.
MAIN_ZONES = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "ES": "Europe/Madrid",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "US": "America/New_York",
}


@lru_cache(maxsize=256)  # bounded: the value comes with each message
def country_zone(country: str) -> tzinfo | None:
    """The time zone of a buyer's country (ISO 3166 alpha-2), None when unknown: a parcel
    scanned at 07:00 in Kuala Lumpur is "today" there, and was "yesterday" in UTC."""
    code = country.upper()
    zones: List[str] = list(get_global("territory_zones").get(code) or ())
    name = MAIN_ZONES.get(code) or (zones[0] if len(zones) == 1 else None)
    try:
        return ZoneInfo(name) if name else None
    except ZoneInfoNotFoundError:
        return None


def format_any_date(value: Any, language: str | None, zone: tzinfo | None = None) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        # Stored moments are UTC; without a zone of its own a naive one is taken as UTC too.
        if zone is not None and value.tzinfo is not None:
            value = value.astimezone(zone)
        value = value.date()
    if isinstance(value, date):
        return format_date(value, format="medium", locale=locale_for(language))
    return str(value)


# Amounts beyond this are no price; formatting them would build huge strings.
MAX_AMOUNT = Decimal(10) ** 15


def format_amount(value: Any, language: str | None) -> str:
    try:
        number, currency = str(value).split()
        amount = Decimal(number)
        if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
            return str(value)
        return format_currency(amount, currency, locale=locale_for(language))
    except (ValueError, ArithmeticError):  # decimal's InvalidOperation and Overflow among them
        return str(value)


def format_country(code: Any, language: str | None) -> str:
    return Locale.parse(locale_for(language)).territories.get(str(code).upper(), str(code))


def format_value(key: str, value: Any, language: str | None, zone: tzinfo | None = None) -> Any:
    if value is None:
        return ""
    if key.endswith("_country"):
        return format_country(value, language)
    if key.endswith("_date"):
        return format_any_date(value, language, zone)
    if key.endswith("_amount"):
        return format_amount(value, language)
    return value
