"""Column types that read and write the same Python values on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Type

from sqlalchemy import DateTime, Numeric, String
from sqlalchemy.types import TypeDecorator


def stamp(now: datetime | None = None) -> datetime:
    """The time a store writes: `now` in UTC (naive taken to be UTC, as UTCDateTime does), else the clock."""
    if now is None:
        return datetime.now(timezone.utc)
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, on every backend.

    SQLite keeps no time zone, so values are stored as naive UTC there and
    given their zone back on the way out; naive input is taken to be UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Money(TypeDecorator):
    """Numeric(12, 2) that always hands back a Decimal with two places.

    SQLite has no decimal type: it keeps a float, which is exact for cents up
    to 12 digits once rounded back to two places (done here, without the
    warning SQLAlchemy gives for the generic conversion).
    """

    impl = Numeric(12, 2)
    cache_ok = True
    CENT = Decimal("0.01")

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Numeric(12, 2, asdecimal=False))
        return dialect.type_descriptor(Numeric(12, 2))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value).quantize(self.CENT)
        return float(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return Decimal(repr(value) if isinstance(value, float) else value).quantize(self.CENT)


class EnumText(TypeDecorator):
    """A str-Enum kept as its plain value in a VARCHAR (no database ENUM type, no CHECK).

    The stored text is the enum's value, so the column reads the same as a
    String column did; an unknown value is refused on the way in and on the way out.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum: Type[Enum], length: int):
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)
