"""A buyer's answer to the 1-5 satisfaction question, as buyers write it.

"5", "４", "๕", "3/5", "5⭐", "⭐⭐⭐⭐"; also the number as a word in the desk's languages
("five", "пять", "五", "cinco", "ห้า", "năm", "lima"), and a number of stars or points
followed by a comment ("5 stars, great service!", "五星好评", "5 звёзд", "4 estrelas"). A
number followed by anything else ("2 items are broken", "ok 5") is no rating: the message
goes to the bot as a new question.
"""

from __future__ import annotations

import re
import unicodedata

# Whole-message number words. Left out on purpose: Portuguese "um"/"uma" (the English
# filler "um" would rate 1) and Vietnamese "hai" (2, but "hai" is hello in Indonesian).
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "dois": 2, "duas": 2, "três": 3, "quatro": 4,
    "หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
    "một": 1, "ba": 3, "bốn": 4, "năm": 5,
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
}  # fmt: skip
_WORD = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
# What a rating may be counted in; after it, a comment may follow. Words end at a word's
# end; Chinese and Thai, written without spaces, run on into the comment ("五星好评").
_WORD_UNIT = r"(?:stars?|points?|sao|điểm|bintang|estrellas?|estrelas?|зв[её]зд\w*|балл\w*)(?!\w)"
_RUN_ON_UNIT = r"(?:星|分(?![钟鐘])|ดาว|⭐|★)"  # 分钟: minutes, not points
_NUMBER = rf"([1-5]|{_WORD})"
_ALONE = re.compile(rf"^\s*{_NUMBER}\s*(?:/\s*5)?\s*[^\w]*\s*$")
_STARS_ONLY = re.compile(r"^\s*([⭐★]{1,5})\s*$")  # "⭐⭐⭐⭐": as many as the rating
_COUNTED = re.compile(rf"^\s*{_NUMBER}\s*(?:/\s*5\s*)?(?:{_WORD_UNIT}|{_RUN_ON_UNIT})")


def parse_rating(text: str) -> int | None:
    """1-5 from a reply to the satisfaction question, else None."""
    folded = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and unicodedata.digit(ch, None) is not None else ch
        for ch in unicodedata.normalize("NFKC", text or "").casefold()
    )
    stars = _STARS_ONLY.match(folded)
    if stars is not None:
        return len(stars.group(1))
    match = _ALONE.match(folded) or _COUNTED.match(folded)
    if match is None:
        return None
    number = match.group(1)
    return int(number) if number.isdigit() else NUMBER_WORDS[number]
