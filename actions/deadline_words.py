"""The day a buyer needs their order by ("мне к пятнице надо", "will it arrive before the
20th?", "kịp thứ bảy không shop"), in the bot's languages.

A day counts only right after a word for "by" or "before" (or, in Chinese, right before 前 /
之前): "thứ hai" is also "the second", "minggu" also "a week", and "on Friday I paid" asks
nothing about a deadline. Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Dict, Tuple

from actions.order_hints import read_hints
from bot.nlu.said_words import folded, phrases

# Monday is 0, as date.weekday() counts; tomorrow is TOMORROW.
TOMORROW = 7
DAY_WORDS: Dict[int, Tuple[str, ...]] = {
    0: ("monday", "понедельник", "lunes", "segunda-feira", "segunda feira", "วันจันทร์", "thu hai",
        "thu 2", "t2", "senin", "周一", "星期一", "礼拜一", "週一", "禮拜一"),
    1: ("tuesday", "вторник", "martes", "terca-feira", "terca feira", "terca", "วันอังคาร", "thu ba",
        "thu 3", "t3", "selasa", "周二", "星期二", "礼拜二", "週二", "禮拜二"),
    2: ("wednesday", "сред", "miercoles", "quarta-feira", "quarta feira", "วันพุธ",
        "thu tu", "thu 4", "t4", "rabu", "周三", "星期三", "礼拜三", "週三", "禮拜三"),
    3: ("thursday", "четверг", "jueves", "quinta-feira", "quinta feira", "วันพฤหัส", "thu nam",
        "thu 5", "t5", "kamis", "周四", "星期四", "礼拜四", "週四", "禮拜四"),
    4: ("friday", "пятниц", "viernes", "sexta-feira", "sexta feira", "sexta", "วันศุกร์", "thu sau",
        "thu 6", "t6", "jumat", "jum'at", "jumaat", "周五", "星期五", "礼拜五", "週五", "禮拜五"),
    5: ("saturday", "суббот", "sabado", "วันเสาร์", "thu bay", "thu 7", "t7", "sabtu", "周六", "星期六",
        "礼拜六", "週六", "禮拜六"),
    6: ("sunday", "воскресень", "domingo", "วันอาทิตย์", "chu nhat", "cn", "hari minggu", "周日", "星期日",
        "星期天", "礼拜天", "週日", "禮拜天"),
    TOMORROW: ("tomorrow", "завтра", "manana", "amanha", "พรุ่งนี้", "ngay mai", "besok", "明天"),
}  # fmt: skip
# Before the day: "by Friday", "к пятнице", "antes del viernes", "até sexta", "ก่อนวันศุกร์",
# "trước thứ sáu", "sebelum jumat"; Chinese says it after the day: "周五前", "星期五之前", and
# "needed on the day" too: "我週五要用" (shopee-tw-001 got the ship date alone), "周六急用".
BY_WORDS = (
    "by", "before", "until", "till", "in time for", "к", "до", "para el", "para el dia", "antes del",
    "antes de", "antes do", "antes da", "para", "pra", "ate", "ate a", "ate o", "ก่อน", "ภายใน", "ทัน",
    "truoc", "kip", "sebelum", "sampai", "paling lambat",
    # Taglish (lazada-ph-001): "aabot po ba before dec 15?", "aabot ba sya ng dec 15?"
    "aabot ba sya ng", "aabot po ba sya ng", "aabot ba ng", "aabot po ba ng", "aabot ng",
    # Round 16: "aabot po ba bago mag 20?" (will it make it before the 20th?).
    "bago mag", "bago ang", "bago", "aabot ba sa", "aabot po ba sa", "aabot sa",
)  # fmt: skip
AFTER_DAY_WORDS = ("之前", "以前", "前", "要用", "需要", "急用", "就要")

_DAYS = {folded(word): day for day, words in DAY_WORDS.items() for word in words}
_DAY = "|".join(re.escape(w) for w in sorted(_DAYS, key=len, reverse=True))
_BY = "|".join(re.escape(folded(w)) for w in sorted(BY_WORDS, key=len, reverse=True))
_AFTER = "|".join(re.escape(w) for w in AFTER_DAY_WORDS)
# A word for "by", then (maybe "el", "o", "dia", "this", "วัน" between) the day; no Latin or
# Cyrillic letter glued before the "by" word or after the day ("к" is not the end of "как").
_LETTER = "a-z\u0400-\u04ff"
BY_DAY = re.compile(
    rf"(?<![{_LETTER}])(?:{_BY})\s*(?:(?:el|la|o|a|dia|this|next|este|esta|essa|hari|วัน)\s+)?"
    rf"(?P<day>{_DAY})[\u0400-\u04ff]*(?![a-z])"  # a Russian day with its ending: "к пятнице"
)
DAY_BEFORE = re.compile(rf"(?P<day>{_DAY})\s*(?:{_AFTER})")
# The date in digits, or a month's name then digits ("before dec 15").
BY_DATE = re.compile(
    rf"(?<![{_LETTER}])(?:{_BY})\s*(?:(?:el|la|o|a|dia|the|วันที่|ngay|tanggal)\s*)?(?=\d|[a-z]{{3,9}}\.?\s*\d)"
)

# The day of the month alone after a "by" word: "by the 12th", "antes del 12", "até dia 12",
# "к 12 числу", "trước ngày 12", "sebelum tanggal 12" (lazada-ph-001: "will it arrive by the
# 12th?" got the ship date alone). Not a number of days or hours ("within 3 days", "by 5pm").
UNITS = (
    "am", "pm", "h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
    "dia", "dias", "semana", "semanas", "mes", "meses", "hora", "horas", "hari", "minggu", "bulan", "jam",
    "ngay", "tuan", "thang", "gio", "дн", "день", "дня", "недел", "месяц", "час", "天", "日", "号", "號",
    "周", "週", "个", "個", "小时", "วัน", "สัปดาห์", "เดือน", "ชั่วโมง",
    # "by the 2nd parcel": which one, not when.
    "parcel", "package", "order", "item", "one", "box", "time",
)  # fmt: skip
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
DAY_OF_MONTH = re.compile(
    rf"(?P<day>[12]?\d|3[01])(?:st|nd|rd|th|-?го|-?му|-?е)?(?![a-z\d.,:/\-]|\s*(?:{_UNIT})(?![a-z]))"
)

# Chinese says the day of the month before "before": "12号前", "12號之前", "12日以前".
DAY_NUMBER_BEFORE = re.compile(rf"(?<![\d月])(?P<day>[12]?\d|3[01])\s*[号號日]\s*(?:{_AFTER})")
# With its month: "12月12號前收得到嗎" (shopee-tw-001, round 15, got the ship date alone).
MONTH_DAY_BEFORE = re.compile(
    rf"(?<!\d)(?P<month>1[0-2]|0?[1-9])\s*月\s*(?P<day>[12]?\d|3[01])\s*[号號日]?\s*(?:{_AFTER})"
)

# A day said as a particular one ("next Saturday", "下週六", "sábado que vem", "sabtu depan"),
# with "in time" or "before then" elsewhere in the message: "我下週六要出國，來得及在那之前收到嗎"
# (shopee-tw-001, round 15, got the ship date alone), "I fly out next Saturday, will it arrive
# in time?". A day word alone stays no deadline ("thứ hai" is also "the second").
DAY_MARKS_BEFORE = (
    "next", "this", "this coming", "coming", "el proximo", "proximo", "proxima", "este", "esta",
    "neste", "nesta", "esse", "essa", "в следующую", "в следующий", "в следующее", "в эту", "в этот",
    "в ближайшую", "в ближайший", "下", "下个", "下個", "这", "這", "这个", "這個", "本",
)  # fmt: skip
DAY_MARKS_AFTER = (
    "que vem", "que viene", "tuan sau", "tuan toi", "tuan nay", "nay", "depan", "ini", "หน้า", "นี้",
)  # fmt: skip
IN_TIME_WORDS = (
    "in time", "before then", "by then", "before that", "a tiempo", "antes de eso", "para entonces",
    "a tempo", "antes disso", "ate la", "к тому времени", "к этому времени", "до этого", "успеет",
    "успеете", "来得及", "來得及", "赶得上", "趕得上", "在那之前", "那之前", "ทันไหม", "ทันมั้ย",
    "ก่อนหน้านั้น", "kip khong", "kip ko", "truoc do", "keburu", "sempat", "sebelum itu",
)  # fmt: skip
IN_TIME = phrases(IN_TIME_WORDS)
_MARK_BEFORE = "|".join(re.escape(folded(w)) for w in sorted(DAY_MARKS_BEFORE, key=len, reverse=True))
_MARK_AFTER = "|".join(re.escape(folded(w)) for w in sorted(DAY_MARKS_AFTER, key=len, reverse=True))
MARKED_DAY = re.compile(
    rf"(?<![{_LETTER}])(?:{_MARK_BEFORE})\s*(?P<day>{_DAY})(?![a-z])"
    rf"|(?<![{_LETTER}])(?P<day_then>{_DAY})[\u0400-\u04ff]*\s*(?:{_MARK_AFTER})(?![a-z])"
)


# Taglish "sa 20" (on the 20th) beside "when will it come?" or a gift: "kelan po darating yung robot
# vacuum? pang birthday gift ko po kay mama sa 20" (lazada-ph-001, round 16) got the ship date alone.
ON_DAY_TAGALOG = re.compile(rf"(?<![{_LETTER}])sa\s+(?=\d)")
WHEN_TAGALOG = phrases(("kelan", "kailan", "darating", "dadating", "aabot", "birthday", "bday", "regalo"))


def _on_day_tagalog(said: str, today: date) -> date | None:
    found = ON_DAY_TAGALOG.search(said) if WHEN_TAGALOG.search(said) else None
    alone = DAY_OF_MONTH.match(said[found.end() :]) if found is not None else None
    return _day_of_month(int(alone.group("day")), today) if alone is not None else None


def _marked_day_in_time(said: str) -> str | None:
    """The day word of a particular day said beside "in time" or "before then"."""
    if not IN_TIME.search(said):
        return None
    found = MARKED_DAY.search(said)
    return None if found is None else found.group("day") or found.group("day_then")


def needed_by(text: str, today: date) -> date | None:
    """The day the message says the order is needed by, if it says one."""
    said = folded(text)
    found = BY_DAY.search(said) or DAY_BEFORE.search(said)
    if found is None:
        marked = _marked_day_in_time(said)
        if marked is not None:
            return _next(_DAYS[marked], today)
    if found is not None:
        return _next(_DAYS[found.group("day")], today)
    by_date = BY_DATE.search(said)
    if by_date is not None:
        dates = sorted(read_hints(said[by_date.end() :], today).dates, key=lambda d: (d[1], d[2]))
        if dates:
            year, month, day = dates[0]
            return _on_or_after(year, month, day, today)
        alone = DAY_OF_MONTH.match(said[by_date.end() :])
        if alone is not None:
            return _day_of_month(int(alone.group("day")), today)
    on_day = _on_day_tagalog(said, today)
    if on_day is not None:
        return on_day
    dated = MONTH_DAY_BEFORE.search(said)
    if dated is not None:
        return _on_or_after(None, int(dated.group("month")), int(dated.group("day")), today)
    before = DAY_NUMBER_BEFORE.search(said)
    return _day_of_month(int(before.group("day")), today) if before is not None else None


def _next(day: int, today: date) -> date:
    if day == TOMORROW:
        return today + timedelta(days=1)
    return today + timedelta(days=(day - today.weekday()) % 7 or 7)


def _on_or_after(year: int | None, month: int, day: int, today: date) -> date | None:
    """The date said, in the year given, else its next one from today on."""
    try:
        said = date(year or today.year, month, day)
        if year is None and said < today:
            said = date(today.year + 1, month, day)
    except ValueError:
        return None
    return said


def _day_of_month(day: int, today: date) -> date | None:
    """That day of this month, else of the next month it is not past in."""
    month, year = today.month, today.year
    for _ in range(3):
        if day >= 1:
            said = _on_or_after(year, month, day, today)
            if said is not None and said >= today:
                return said
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return None
