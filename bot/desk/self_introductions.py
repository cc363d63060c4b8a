"""Where a buyer gives their own name ("my name is Ana Souza", "меня зовут Иван", "我叫王伟"),
for personal_data.py to mask.

Names have no shape of their own, unlike e-mail addresses or phone numbers; what marks
one in a buyer's message is the phrase that introduces it. Only phrases that introduce
nothing but a name are listed ("I am" is followed by "angry" as often as by a name). In
scripts with capitals the name is the capitalised words after the phrase (up to three),
or the one word there when the buyer writes in lower case; in Chinese two or three Han
characters; in Thai, which has no spaces between words, the run of Thai letters up to
the next space.
"""

from __future__ import annotations

import re
from typing import Iterator, Tuple

# "my name is", per language; matched case-insensitively, on word boundaries.
_CASED_PHRASES = (
    r"my name is|my name's|name's",  # en
    r"me llamo|mi nombre es",  # es
    r"meu nome é|me chamo|chamo-me",  # pt
    r"меня зовут|мо[её] имя",  # ru
    r"tên (?:tôi|mình|em|anh|chị) là|(?:tôi|mình|em|anh|chị) tên là",  # vi
    r"nama (?:saya|aku|ku)",  # id
)
_WORD = r"[^\W\d_][\w'’-]*"  # a letter, then letters, digits, apostrophes or hyphens
_CASED = re.compile(
    r"(?<!\w)(?i:" + "|".join(_CASED_PHRASES) + r")[:,]?\s+"
    rf"(?P<name>{_WORD}(?: {_WORD}){{0,2}})"
)
_CHINESE = re.compile(r"(?:我叫|我的名字(?:是|叫))\s*(?P<name>[\u4e00-\u9fff]{2,3})")
_THAI = re.compile(r"(?:ผม|ฉัน|ดิฉัน|หนู|เรา|พี่)\s*ชื่อ\s*(?P<name>[\u0E00-\u0E7F]+)")

Span = Tuple[int, int]


def introduced_names(text: str) -> Iterator[Span]:
    """(start, end) of each name a buyer introduces themselves with."""
    for match in _CASED.finditer(text):
        start = match.start("name")
        yield start, start + len(_name_words(match.group("name")))
    for pattern in (_CHINESE, _THAI):
        for match in pattern.finditer(text):
            yield match.start("name"), match.end("name")


def _name_words(words: str) -> str:
    """The capitalised words a name is made of; in a lower-case message, the first word."""
    parts = words.split(" ")
    capitalised = 0
    while capitalised < len(parts) and parts[capitalised][0].isupper():
        capitalised += 1
    return " ".join(parts[: capitalised or 1])
