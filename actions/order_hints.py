"""Amounts, dates and places in a list a buyer names to say which order they mean.

"the 25.90 one", "R$ 120", "1 290 ₽", "Rp 150.000", "฿490"; "3 March", "15/06",
"6月15日", "3 марта", "el 15 de junio", "15 tháng 6"; "last week", "вчера", "上个月";
"the second one", "อันสุดท้าย" (for the orders the bot listed). An ambiguous reading is
kept beside the other one (06/05 is 6 May or 5 June): these hints only break ties
among orders the question already narrowed to, so a reading no order matches
costs nothing. Order and tracking numbers are never read as amounts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Callable, Dict, FrozenSet, Iterator, List, Literal, Sequence, Tuple, TypeVar

from babel.dates import get_month_names

from actions.arrival_words import ARRIVED_WORDS, AT_CUSTOMS_WORDS, NOT_ARRIVED_WORDS
from actions.payment_words import PAID_WORDS, UNPAID_WORDS
from bot.commerce.views import OrderView, ShipmentView
from bot.nlu.references import strip_references

# Month names come from Babel, for the languages the bot speaks.
MONTH_LOCALES = ("en", "zh", "ru", "es", "pt", "th", "vi", "id")
# Letters of scripts written with spaces: a month name or a number must not be
# glued to one ("mayo", not "may" in "mayor"). Chinese and Thai glue words, so
# their letters are no boundary.
_LETTERS = r"a-z\u00c0-\u024f\u0400-\u04ff\u1e00-\u1eff"
_SPACED = rf"0-9{_LETTERS}"
# Thousands spoken as a word or a letter: 150k, 150rb (id), 150 nghìn (vi), 1.2万 (zh).
MULTIPLIERS = {"k": 1000, "rb": 1000, "ribu": 1000, "nghìn": 1000, "ngàn": 1000, "万": 10000}
# "марта" is the format (genitive) form, "март" the stand-alone one: buyers write both.
WIDTHS_AND_CONTEXTS: Tuple[Tuple[Literal["wide", "abbreviated"], Literal["format", "stand-alone"]], ...] = (
    ("wide", "format"),
    ("wide", "stand-alone"),
    ("abbreviated", "format"),
    ("abbreviated", "stand-alone"),
)
BUDDHIST_ERA = 543  # Thai years: 2567 is 2024


def _month_names() -> Dict[str, int]:
    """Every month name and abbreviation of MONTH_LOCALES, folded; names two months share are dropped."""
    names: Dict[str, int] = {}
    clashes = set()
    for locale in MONTH_LOCALES:
        for width, context in WIDTHS_AND_CONTEXTS:
            for month, name in get_month_names(width, context, locale).items():
                key = name.casefold().rstrip(".")
                if names.setdefault(key, month) != month:
                    clashes.add(key)
    return {name: month for name, month in names.items() if name not in clashes}


MONTHS = _month_names()
# Longest first, so "11月" wins over "1月" and "tháng 10" over "tháng 1".
_NAME = "|".join(re.escape(n) for n in sorted(MONTHS, key=len, reverse=True))
# After the name: no letter, and no digit after "tháng 1" (that is "tháng 12"); "6月15日" glues the day on.
_MONTH = rf"(?<![{_SPACED}])(?P<month>{_NAME})\.?(?![{_LETTERS}])(?:(?<=\d)(?!\d)|(?<!\d))"
_YEAR = r"(?:,?\s*(?:de\s+|del\s+|năm\s+|г\.?\s*)?(?P<year>\d{4})(?!\d))?"
DAY_THEN_NAME = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|o|a|-?го|\.)?\s*(?:de\s+|of\s+)?{_MONTH}{_YEAR}"
)
NAME_THEN_DAY = re.compile(rf"{_MONTH}\s*(?P<day>\d{{1,2}})(?!\d)(?:st|nd|rd|th|日|号|號)?{_YEAR}")
ISO_DATE = re.compile(
    r"(?<![\d.,/])(?P<year>\d{4})[-/.年](?P<a>\d{1,2})[-/.月](?P<b>\d{1,2})(?![\d]|[.,/]\d)"
)
# 15/06, 15-06-2024, 15.06.24 (a dot is day.month only: 06.15 is no date anywhere we sell).
NUMERIC_DATE = re.compile(
    r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?(?![\d]|[.,/-]\d)"
)
# 1 290,50 · 1.290 · 1,290.50 · 25,90 · 199: thousands in groups of three behind one
# separator, then at most two decimals behind the other one.
AMOUNT = re.compile(
    r"(?<![\d.,])(?P<number>\d{1,3}(?P<group>[ \u00a0\u202f.,'’])\d{3}(?:(?P=group)\d{3})*"
    r"(?:(?!(?P=group))[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d]|[.,]\d)"
    rf"(?:\s*(?P<times>{'|'.join(MULTIPLIERS)})(?![{_SPACED}]))?"
)

DateHint = Tuple[int | None, int, int]  # (year if said, month, day)
Period = Tuple[date, date]  # first and last day
LAST = -1


def _today(today: date) -> Period:
    return today, today


def _yesterday(today: date) -> Period:
    return today - timedelta(days=1), today - timedelta(days=1)


def _last_week(today: date) -> Period:
    monday = today - timedelta(days=today.weekday() + 7)
    return monday, monday + timedelta(days=6)


def _last_month(today: date) -> Period:
    last_day = today.replace(day=1) - timedelta(days=1)
    return last_day.replace(day=1), last_day


# Days said relative to today, in the bot's languages ("*" stands for any ending).
RELATIVE_DAYS: Dict[Callable[[date], Period], Tuple[str, ...]] = {
    _today: ("today", "今天", "сегодня", "hoy", "hoje", "วันนี้", "hôm nay", "hari ini"),
    _yesterday: ("yesterday", "昨天", "вчера", "ayer", "ontem", "เมื่อวาน", "hôm qua", "kemarin"),
    _last_week: (
        "last week",
        "上周",
        "上星期",
        "上个星期",
        "上個星期",
        "上週",
        "прошл* недел*",
        "semana pasada",
        "semana passada",
        "สัปดาห์ที่แล้ว",
        "อาทิตย์ที่แล้ว",
        "tuần trước",
        "minggu lalu",
    ),
    _last_month: (
        "last month",
        "上个月",
        "上個月",
        "прошл* месяц*",
        "mes pasado",
        "mês passado",
        "เดือนที่แล้ว",
        "tháng trước",
        "bulan lalu",
    ),
}
# "The first/second/third/last one": a place in the list of orders the bot offered.
# Only these few: a longer list is tapped, and "cuarto" or "quinta" mean other things too.
PLACE_WORDS: Dict[int, Tuple[str, ...]] = {
    1: ("first", "1st", "第一", "перв*", "primer*", "primeir*", "แรก", "đầu tiên", "thứ nhất", "pertama"),
    2: ("second", "2nd", "第二", "второ*", "втору*", "segund*", "ที่สอง", "thứ hai", "kedua"),
    3: ("third", "3rd", "第三", "трет*", "tercer*", "terceir*", "ที่สาม", "thứ ba", "ketiga"),
    LAST: (
        "last",
        "最后",
        "最後",
        "последн*",
        "últim*",
        "ultimo",
        "ultima",
        "สุดท้าย",
        "cuối cùng",
        "terakhir",
    ),
}


def _words(words: Sequence[str]) -> re.Pattern[str]:
    """Any of `words`, not glued to a letter or digit of a spaced script ("*": any ending)."""
    spelled = "|".join(re.escape(w).replace(r"\*", r"\w*") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![{_SPACED}])(?:{spelled})(?![{_SPACED}])")


RELATIVE_DAY_PATTERNS = tuple((period, _words(words)) for period, words in RELATIVE_DAYS.items())
PLACE_PATTERNS = {place: _words(words) for place, words in PLACE_WORDS.items()}
UNPAID_PATTERN, PAID_PATTERN = _words(UNPAID_WORDS), _words(PAID_WORDS)
NOT_ARRIVED_PATTERN, ARRIVED_PATTERN = _words(NOT_ARRIVED_WORDS), _words(ARRIVED_WORDS)
AT_CUSTOMS_PATTERN = _words(AT_CUSTOMS_WORDS)
Offered = TypeVar("Offered")


def received(order: OrderView) -> bool:
    """Delivered, or at least one parcel of it delivered (a split order)."""
    return order.status == "delivered" or any(
        s.latest is not None and s.latest.status == "delivered" for s in order.shipments
    )


def parcel_in_customs(order: OrderView) -> ShipmentView | None:
    """The order's parcel whose latest scan is customs, if one is held there."""
    return next((s for s in order.shipments if s.latest is not None and s.latest.status == "customs"), None)


def held_at_customs(order: OrderView) -> bool:
    return parcel_in_customs(order) is not None


@dataclass(frozen=True)
class Hints:
    amounts: FrozenSet[Decimal]
    dates: FrozenSet[DateHint]
    periods: FrozenSet[Period] = frozenset()
    places: FrozenSet[int] = frozenset()  # 1 for "the first one", LAST for "the last one"
    paid: bool | None = None  # "the one I paid": True; "the unpaid one": False
    arrived: bool | None = None  # "the one that came": True; "the one on its way": False
    at_customs: bool = False  # "the one at customs"

    def payment_fits(self, order: OrderView) -> bool:
        """The order is paid, or not, as the buyer said."""
        return self.paid is not None and (order.status != "unpaid") == self.paid

    def arrival_fits(self, order: OrderView) -> bool:
        """The order came (delivered, a parcel of it at least), or is still to come, as said."""
        if self.arrived is None:
            return False
        came = received(order)
        return came if self.arrived else not came and order.status not in ("cancelled", "refunded")

    def customs_fits(self, order: OrderView) -> bool:
        """The buyer named the one at customs, and a parcel of this order is held there."""
        return self.at_customs and held_at_customs(order)

    def amount_fits(self, order: OrderView) -> bool:
        """The order's total, or an item's price (one or all of its units), is an amount named."""
        prices = {order.total}
        for item in order.items:
            prices |= {item.unit_price, item.unit_price * item.quantity}
        return any(amount in prices for amount in self.amounts)

    def date_fits(self, order: OrderView) -> bool:
        """The order was placed or paid on a date named."""
        days = [_day(moment) for moment in (order.placed_at, order.paid_at) if moment is not None]
        return any(
            (year is None or year == day.year) and (month, number) == (day.month, day.day)
            for year, month, number in self.dates
            for day in days
        ) or any(first <= day <= last for first, last in self.periods for day in days)

    def at_place(self, offered: Sequence[Offered]) -> Offered | None:
        """The one of `offered` (as the bot listed them) at the place named, if one place is."""
        if len(self.places) != 1:
            return None
        (place,) = self.places
        index = len(offered) - 1 if place == LAST else place - 1
        return offered[index] if 0 <= index < len(offered) else None


def read_hints(text: str, today: date | None = None) -> Hints:
    folded = unicodedata.normalize("NFKC", strip_references(text)).casefold()
    dates: List[DateHint] = []
    spans: List[Tuple[int, int]] = []
    for found, span, dotted in _dates(folded):
        dates.extend(found)
        if not dotted:  # 15.06 may be a date or an amount; 15/06 and 3 марта are dates only
            spans.append(span)
    periods = []
    for period, span in _relative_days(folded, today or datetime.now(timezone.utc).date()):
        periods.append(period)
        spans.append(span)
    for start, end in reversed(sorted(spans)):
        folded = folded[:start] + " " + folded[end:]
    # Read after the days are taken out: "last week" is no place in a list.
    places = frozenset(place for place, pattern in PLACE_PATTERNS.items() if pattern.search(folded))
    return Hints(
        frozenset(_amounts(folded)),
        frozenset(dates),
        frozenset(periods),
        places,
        _paid(folded),
        _arrived(folded),
        bool(AT_CUSTOMS_PATTERN.search(folded)),
    )


def _paid(folded: str) -> bool | None:
    """True when the message says "paid", False when it says "not paid", else None."""
    if UNPAID_PATTERN.search(folded):
        return False
    return True if PAID_PATTERN.search(folded) else None


def _arrived(folded: str) -> bool | None:
    """True when the message says "came", False when it says "not come" or "on its way"."""
    if NOT_ARRIVED_PATTERN.search(folded):
        return False
    return True if ARRIVED_PATTERN.search(folded) else None


def _relative_days(text: str, today: date) -> Iterator[Tuple[Period, Tuple[int, int]]]:
    for period, pattern in RELATIVE_DAY_PATTERNS:
        for match in pattern.finditer(text):
            yield period(today), match.span()


def _dates(text: str) -> Iterator[Tuple[List[DateHint], Tuple[int, int], bool]]:
    taken: List[range] = []
    for pattern in (ISO_DATE, DAY_THEN_NAME, NAME_THEN_DAY, NUMERIC_DATE):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < span.stop and end > span.start for span in taken):
                continue
            readings = _readings(pattern, match)
            if readings:
                taken.append(range(*match.span()))
                yield readings, match.span(), match.groupdict().get("sep") == "."


def _readings(pattern: re.Pattern[str], match: re.Match[str]) -> List[DateHint]:
    parts = match.groupdict()
    year = _year(parts.get("year"))
    if pattern in (DAY_THEN_NAME, NAME_THEN_DAY):
        pairs = [(MONTHS[parts["month"]], int(parts["day"]))]
    elif pattern is ISO_DATE:
        pairs = [(int(parts["a"]), int(parts["b"]))]
    else:
        a, b = int(parts["a"]), int(parts["b"])
        pairs = [(b, a)] if parts["sep"] == "." else [(b, a), (a, b)]
    return [(year, month, day) for month, day in dict.fromkeys(pairs) if _valid(year, month, day)]


def _year(said: str | None) -> int | None:
    if said is None:
        return None
    year = int(said)
    if year < 100:
        return 2000 + year
    return year - BUDDHIST_ERA if year > 2400 else year


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2024, month, day)  # a leap year, so 29 February stays possible
    except ValueError:
        return False
    return True


def _amounts(text: str) -> Iterator[Decimal]:
    for match in AMOUNT.finditer(text):
        number, group, times = match.group("number"), match.group("group"), match.group("times")
        digits = number.replace(group, "") if group else number
        if not group and not times and len(digits) < 2 and not _after_currency(text, match.start()):
            continue  # "2 mugs" is a quantity; "$5" or "¥9" is money
        value = Decimal(digits.replace(",", "."))
        yield value * MULTIPLIERS[times] if times else value


def _after_currency(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and unicodedata.category(before[-1]) == "Sc"


def _day(moment: datetime) -> date:
    return (moment if moment.tzinfo is None else moment.astimezone(timezone.utc)).date()
