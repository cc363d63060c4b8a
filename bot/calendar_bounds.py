"""The days a person may name in a period or a filter (KPIs, a promo's audience).

At year 1 or 9999 a day's start or end in a seller's time zone has no UTC instant
(datetime raises OverflowError, an HTTP 500 where a 400 is due), and no order, chat or
campaign is that old or that far ahead.
"""

from __future__ import annotations

from datetime import date

FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9998, 12, 31)
BOUNDS = f"from {FIRST_DAY} to {LAST_DAY}"


def within_bounds(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY
