"""Field types of the import files (docs/data-import.md), for the pydantic models.

Each type checks one raw JSON value and returns it clean (stripped, upper-cased,
UTC, quantized), or raises ValueError in the seller's words with the value it
got: pydantic's own messages ("value is not a valid integer") do not show the
value and would accept what the format refuses (1.0 as a quantity, a Unix
time as a date-time).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable, Iterator, Pattern, Sequence

MAX_MONEY = Decimal("9999999999.99")  # Numeric(12, 2)
CENT = Decimal("0.01")
MAX_QUANTITY = 1_000_000

_MARKETPLACE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_TRACKING = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,63}$")
_NO_SPACE = re.compile(r"^\S+$")


def shown(value: Any) -> str:
    """The value as the file spelled it (JSON), cut short enough for one error line."""
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


class Checked:
    """A field type whose one validator is `check`: the raw value in, the clean value out.

    Each type also subclasses the kind of value `check` returns, so that to mypy a
    model's field is a str, a Decimal, a datetime...: what the model really holds.
    """

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], Any]]:
        yield cls.check

    @classmethod
    def check(cls, value: Any) -> Any:
        raise NotImplementedError


class Text(Checked, str):
    """A non-empty string, stripped, at most `max_len` characters, optionally of a set form."""

    max_len = 64
    pattern: Pattern | None = None

    @classmethod
    def check(cls, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"must be a non-empty string, got {shown(value)}")
        text = value.strip()
        if len(text) > cls.max_len:
            raise ValueError(f"must be at most {cls.max_len} characters, got {len(text)}")
        if cls.pattern is not None and not cls.pattern.match(text):
            raise ValueError(f"is not in the expected form, got {shown(value)}")
        return text


class Text64(Text):
    max_len = 64


class Text200(Text):
    max_len = 200


class Text300(Text):
    max_len = 300


class Text500(Text):
    max_len = 500


class OrderNumber(Text):
    """The marketplace's order number: no spaces, a leading # dropped."""

    pattern = _NO_SPACE

    @classmethod
    def check(cls, value: Any) -> str:
        number = super().check(value).lstrip("#")
        if not number:
            raise ValueError("must not be empty")
        return number


class Marketplace(Checked, str):
    @classmethod
    def check(cls, value: Any) -> str:
        if not isinstance(value, str) or not _MARKETPLACE.match(value.strip().lower()):
            raise ValueError(f"must be a short name like lazada or aliexpress, got {shown(value)}")
        return value.strip().lower()


class Language(Text):
    """A language tag, primary subtag lower-case (`th`, `pt-BR`)."""

    max_len = 16

    @classmethod
    def check(cls, value: Any) -> str:
        primary, _, rest = super().check(value).partition("-")
        tag = primary.lower() + (f"-{rest}" if rest else "")
        if not _LANGUAGE.match(tag):
            raise ValueError(f"must be a language code like th or pt-BR, got {shown(value)}")
        return tag


def tracking_number(value: str) -> str:
    """Tracking numbers are kept upper-case without spaces, as carriers print them."""
    return "".join(value.split()).upper()


class TrackingNumber(Text):
    @classmethod
    def check(cls, value: Any) -> str:
        number = tracking_number(super().check(value))
        if not _TRACKING.match(number):
            raise ValueError(f"must be 4-64 letters, digits or dashes, got {shown(value)}")
        return number


class Code(Checked, str):
    """A code of `letters` letters (ISO 4217, ISO 3166 alpha-2), stored upper-case."""

    letters = 2
    what = ""

    @classmethod
    def check(cls, value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(rf"[A-Za-z]{{{cls.letters}}}", value.strip()):
            raise ValueError(f"must be {cls.what}, got {shown(value)}")
        return value.strip().upper()


class Country(Code):
    what = "an ISO 3166 two-letter country code like TH"


class Currency(Code):
    letters = 3
    what = "an ISO 4217 currency code like THB"


class Choice(Checked, str):
    allowed: Sequence[str] = ()

    @classmethod
    def check(cls, value: Any) -> str:
        if value not in cls.allowed:
            raise ValueError(f"must be one of {', '.join(cls.allowed)}, got {shown(value)}")
        return value


class _Flag(Checked):
    @classmethod
    def check(cls, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, got {shown(value)}")
        return value


if TYPE_CHECKING:
    Flag = bool  # bool cannot be subclassed; a flag field holds the bool `check` returns
else:
    Flag = _Flag


class Quantity(Checked, int):
    @classmethod
    def check(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_QUANTITY:
            raise ValueError(f"must be a positive integer, got {shown(value)}")
        return value


class Money(Checked, Decimal):
    """An amount in cents precision: a JSON number (read as Decimal) or a string."""

    positive = False

    @classmethod
    def check(cls, value: Any) -> Decimal:
        amount = cls._number(value)
        if amount is None or not amount.is_finite():
            raise ValueError(f"must be an amount like 12.50, got {shown(value)}")
        if amount < 0 or (cls.positive and amount == 0):
            raise ValueError(f"must be {'more than' if cls.positive else 'at least'} 0, got {shown(value)}")
        # Bounded first: quantize() raises InvalidOperation beyond the context's 28 digits (1e30).
        if amount > MAX_MONEY:
            raise ValueError(f"must be at most {MAX_MONEY}, got {shown(value)}")
        if amount != amount.quantize(CENT):
            raise ValueError(f"must have at most 2 decimal places, got {shown(value)}")
        return amount.quantize(CENT)

    @staticmethod
    def _number(value: Any) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            return None
        try:
            return Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            return None


class PositiveMoney(Money):
    positive = True


class Timestamp(Checked, datetime):
    """ISO 8601 date-time, converted to UTC; without a zone it is taken to be UTC."""

    @classmethod
    def check(cls, value: Any) -> datetime:
        parsed = None
        if isinstance(value, str):
            text = value.strip()
            if text[-1:] in ("Z", "z"):
                text = text[:-1] + "+00:00"
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                parsed = None
        if parsed is None:
            raise ValueError(f"must be an ISO 8601 date-time like 2024-05-01T09:30:00Z, got {shown(value)}")
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)


class Day(Checked, date):
    """A calendar date, YYYY-MM-DD."""

    @classmethod
    def check(cls, value: Any) -> date:
        try:
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"must be a date like 2024-05-01, got {shown(value)}") from None
