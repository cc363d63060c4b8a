"""The seller's working hours: time zone, weekly hours and holidays (seller/desk.yml).

Only working time counts towards the desk's deadlines, in the seller's time zone:
5 minutes of working time from 17:58 on a 09:00-18:00 day end at 09:03 the next
working day. A week with no hours at all means "always open".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Dict, FrozenSet, List, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_DAYS = {name: name[:3] for name in ("monday", "tuesday", "wednesday", "thursday", "friday")} | {
    "saturday": "sat",
    "sunday": "sun",
}
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
# Never search further than this for working time (a year of holidays is a config error).
_SEARCH_DAYS = 400

Interval = Tuple[time, time | None]  # end None = midnight at the end of the day


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


@dataclass(frozen=True)
class WorkingHours:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    # Monday first; each day a sorted tuple of non-overlapping (start, end) intervals.
    week: Tuple[Tuple[Interval, ...], ...] = ((),) * 7
    holidays: FrozenSet[date] = frozenset()

    @property
    def always_open(self) -> bool:
        return not any(self.week)

    def _intervals(self, day: date) -> List[Tuple[datetime, datetime]]:
        """The day's working intervals as aware UTC datetimes."""
        if self.always_open:
            start = datetime.combine(day, time(0), tzinfo=self.zone)
            end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
            return [(as_utc(start), as_utc(end))]
        if day in self.holidays:
            return []
        spans = []
        for opens, closes in self.week[day.weekday()]:
            begin = datetime.combine(day, opens, tzinfo=self.zone)
            finish = (
                datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
                if closes is None
                else datetime.combine(day, closes, tzinfo=self.zone)
            )
            spans.append((as_utc(begin), as_utc(finish)))
        return spans

    def is_open(self, at: datetime) -> bool:
        at = as_utc(at)
        local_day = at.astimezone(self.zone).date()
        return any(start <= at < end for start, end in self._intervals(local_day))

    def add_working_time(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` of working time after `start` (aware UTC)."""
        at = as_utc(start)
        remaining = timedelta(minutes=minutes)
        day = at.astimezone(self.zone).date()
        for _ in range(_SEARCH_DAYS):
            for begin, end in self._intervals(day):
                if end <= at:
                    continue
                begin = max(begin, at)
                available = end - begin
                if available >= remaining:
                    return begin + remaining
                remaining -= available
                at = end
            day += timedelta(days=1)
        raise ValueError("no working time found within a year: check working_hours and holidays")

    def next_opening(self, at: datetime) -> datetime:
        """When people are next at work: `at` itself when open now (aware UTC)."""
        return self.add_working_time(at, 0)

    def week_text(self) -> Dict[str, str]:
        """Each day's hours as desk.yml writes them ("09:00-18:00", "closed"), Monday first."""
        if self.always_open:
            return {day: "00:00-24:00" for day in DAYS}
        return {
            day: ", ".join(span_text(span) for span in spans) or "closed"
            for day, spans in zip(DAYS, self.week)
        }


def span_text(span: Interval) -> str:
    opens, closes = span
    return f"{opens:%H:%M}-" + ("24:00" if closes is None else f"{closes:%H:%M}")


def _clock(hours: str, minutes: str, where: str) -> time | None:
    h, m = int(hours), int(minutes)
    if (h, m) == (24, 0):
        return None
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"{where}: {hours}:{minutes} is not a time of day")
    return time(h, m)


def _spans(value, where: str) -> Tuple[Interval, ...]:
    if value in (None, "", "closed", False):
        return ()
    items = [value] if isinstance(value, str) else list(value)
    spans = []
    for item in items:
        match = _SPAN.match(str(item))
        if not match:
            raise ValueError(f"{where}: {item!r} should look like 09:00-18:00")
        start = _clock(match[1], match[2], where)
        end = _clock(match[3], match[4], where)
        if start is None or (end is not None and end <= start):
            raise ValueError(f"{where}: {item!r} ends before it starts")
        spans.append((start, end))
    spans.sort(key=lambda span: span[0])
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if end is None or end > start:
            raise ValueError(f"{where}: intervals overlap")
    return tuple(spans)


def _day_keys(key: str) -> List[int]:
    key = str(key).strip().lower()
    if "-" in key:
        first, last = (_day_keys(part)[0] for part in key.split("-", 1))
        return list(range(first, last + 1)) if first <= last else [*range(first, 7), *range(0, last + 1)]
    key = _LONG_DAYS.get(key, key)
    if key not in DAYS:
        raise ValueError(f"working_hours: unknown day {key!r} (use mon..sun or ranges like mon-fri)")
    return [DAYS.index(key)]


def parse_working_hours(raw: dict) -> WorkingHours:
    """time_zone, working_hours and holidays from the seller's desk.yml."""
    zone_name = str(raw.get("time_zone") or "UTC")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"time_zone: unknown time zone {zone_name!r}") from exc
    week: List[Tuple[Interval, ...]] = [()] * 7
    for key, value in (raw.get("working_hours") or {}).items():
        for index in _day_keys(key):
            week[index] = _spans(value, f"working_hours.{key}")
    holidays = frozenset(
        day if isinstance(day, date) else date.fromisoformat(str(day)) for day in raw.get("holidays") or []
    )
    hours = WorkingHours(zone=zone, week=tuple(week), holidays=holidays)
    if raw.get("working_hours") and hours.always_open:
        raise ValueError("working_hours: every day is closed (leave working_hours out to be always open)")
    return hours
