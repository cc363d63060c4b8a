"""How a seller's keyword finds a buyer's message, and which keywords are too short to.

A keyword in a spaced script matches as a whole word ("id" is not in "idea"); one in
Thai or CJK, written without spaces between words, matches anywhere in the text. So a
short keyword fires on almost every message: a single letter is a word of its own ("a"),
one Chinese character is inside many words (码 in 号码, 密码, 尺码), and two Thai letters
inside many more (ส่ง in ขายส่ง, จัดส่ง, ส่งของ). Such keywords are refused when saved and
skipped when an older save or the file still has them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Sequence

from bot.nlg.chinese_script import to_simplified

# Scripts written without spaces between words: a keyword there is any part of the text.
UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
THAI = re.compile(r"[\u0e00-\u0e7f]")
CHINESE = re.compile(r"[\u3400-\u9fff]")
# Letters a keyword needs (combining vowel and tone marks not counted), by how it matches.
MIN_WHOLE_WORD_LETTERS = 2
MIN_CJK_LETTERS = 2
MIN_THAI_LETTERS = 3


def fold(text: str) -> str:
    """What keywords and messages are compared as: width and case folded, and Chinese in
    Simplified characters (the seller's 批发 is a Taiwanese buyer's 批發)."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return to_simplified(folded) if CHINESE.search(folded) else folded


@lru_cache(maxsize=4096)
def _folded_keyword(keyword: str) -> str:
    return fold(keyword)


def min_letters(keyword: str) -> int:
    if THAI.search(keyword):
        return MIN_THAI_LETTERS
    return MIN_CJK_LETTERS if UNSPACED.search(keyword) else MIN_WHOLE_WORD_LETTERS


def letters(keyword: str) -> int:
    return sum(1 for char in keyword if not char.isspace() and unicodedata.category(char) != "Mn")


def too_short(keyword: str) -> bool:
    return letters(keyword) < min_letters(keyword)


def keyword_matches(keyword: str, text: str) -> bool:
    """A keyword as a whole word, or anywhere in Thai and CJK text; never a too-short one."""
    if too_short(keyword):
        return False
    if UNSPACED.search(keyword):
        return keyword in text
    return re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", text) is not None


def matches_any(keywords: Sequence[str], text: str) -> bool:
    folded = fold(text)
    return any(keyword_matches(_folded_keyword(k), folded) for k in keywords)
