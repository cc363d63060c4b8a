"""Seller days: a KPI day is a calendar day in the seller's time zone (seller/desk.yml),
so "yesterday" means the same hours to the supervisor as to the marketplace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

from bot.calendar_bounds import BOUNDS, within_bounds

# The marketplaces settle a day's figures three days after it (T+3).
FINAL_AFTER_DAYS = 3
# No report covers more than a year: the request is a mistake, not a report.
MAX_DAYS = 366


class PeriodError(ValueError):
    """A period that cannot be reported (dates out of order or too long)."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise PeriodError(f"the period ends ({self.last}) before it starts ({self.first})")
        if (self.last - self.first).days + 1 > MAX_DAYS:
            raise PeriodError(f"a period is at most {MAX_DAYS} days")

    def days(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)

    def start(self, day: date | None = None) -> datetime:
        """The UTC instant `day` (default: the first day) begins in the seller's zone."""
        local = datetime.combine(day or self.first, time(0), tzinfo=self.zone)
        return local.astimezone(timezone.utc)

    def end(self) -> datetime:
        """The UTC instant just after the last day (exclusive)."""
        return self.start(self.last + timedelta(days=1))

    def day_of(self, moment: datetime) -> date:
        """The seller's calendar day of a stored (UTC) instant."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(self.zone).date()

    def is_final(self, day: date, now: datetime) -> bool:
        """True once the day is settled: its figures no longer change (T+3)."""
        return self.day_of(now) >= day + timedelta(days=FINAL_AFTER_DAYS)


def parse_day(text: str, name: str) -> date:
    try:
        day = date.fromisoformat(str(text))
    except ValueError as exc:
        raise PeriodError(f"{name} must be a date YYYY-MM-DD; got {text!r}") from exc
    if not within_bounds(day):
        raise PeriodError(f"{name} must be a date {BOUNDS}; got {text!r}")
    return day
