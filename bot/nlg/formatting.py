"""Values formatted for the buyer's language: dates, amounts, status labels.

Actions pass raw values by naming convention and the NLG formats them, so the
same action serves every language:
  *_date    ISO date or datetime        -> "25 พ.ย. 2026", "2026年11月25日"
  *_amount  "12.50 USD"                 -> "US$12.50", "12,50 US$"
  *_country ISO 3166 alpha-2 code       -> "Brasil", "ประเทศไทย"
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel import Locale
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


def format_any_date(value: Any, language: str | None) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
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


def format_value(key: str, value: Any, language: str | None) -> Any:
    if value is None:
        return ""
    if key.endswith("_country"):
        return format_country(value, language)
    if key.endswith("_date"):
        return format_any_date(value, language)
    if key.endswith("_amount"):
        return format_amount(value, language)
    return value
