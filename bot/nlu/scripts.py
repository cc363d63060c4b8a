"""Which writing system each part of a message uses.

Both the tokenizer (segment Chinese and Thai runs, split the rest on spaces) and
the language detector (a Thai or Cyrillic run decides the language) need this.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Iterator, Tuple

HAN, THAI, CYRILLIC, LATIN, KANA, HANGUL, OTHER_LETTER, DIGIT, OTHER = (
    "han",
    "thai",
    "cyrillic",
    "latin",
    "kana",
    "hangul",
    "other_letter",
    "digit",
    "other",
)


def script_of(char: str) -> str:
    code = ord(char)
    if char.isdigit():
        return DIGIT
    if 0x0E00 <= code <= 0x0E7F:
        return THAI
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return HAN
    if 0x3040 <= code <= 0x30FF:
        return KANA
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return HANGUL
    if 0x0400 <= code <= 0x052F:
        return CYRILLIC
    if char.isalpha():
        name = unicodedata.name(char, "")
        return LATIN if name.startswith("LATIN") else OTHER_LETTER
    if unicodedata.category(char) in ("Mn", "Mc"):
        # Combining marks (Thai vowels and tones, Vietnamese tones typed apart)
        # belong to the letter before them; the tokenizer keeps them attached.
        return OTHER_LETTER
    return OTHER


def script_runs(text: str) -> Iterator[Tuple[str, int, int]]:
    """(script, start, end) for each maximal run of one script; combining marks join the run."""
    start, current = 0, None
    for index, char in enumerate(text):
        script = script_of(char)
        if script == OTHER_LETTER and current in (THAI, LATIN, CYRILLIC) and not char.isalpha():
            continue
        if script != current:
            if current is not None:
                yield current, start, index
            start, current = index, script
    if current is not None:
        yield current, start, len(text)


def letter_counts(text: str) -> Counter:
    """How many letters of each script the text has (digits and symbols left out)."""
    counts: Counter = Counter()
    for char in text:
        script = script_of(char)
        if script not in (DIGIT, OTHER):
            counts[script] += 1
    return counts
