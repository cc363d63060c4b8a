"""A message of emoji alone, read as the word it stands for.

"👍" after an answer is "ok", "🙏" is "thanks": no buyer in our data wrote either alone, so the
classifier had nothing to read and asked "did you mean: something else / a person?". Only a
message made of these emoji (repeated, with skin tones or punctuation) is read so; an emoji
beside words leaves the words to speak ("ok 👍" was read as a yes already).
"""

from __future__ import annotations

import re
from typing import Dict

# The word each emoji stands for, in English: the classifier reads it in every language.
WORDS: Dict[str, str] = {
    "👍": "ok", "👌": "ok", "🆗": "ok", "✅": "ok", "✔": "ok", "☑": "ok", "🙆": "ok", "👏": "ok",
    "🙏": "thank you", "❤": "thank you", "💕": "thank you", "💖": "thank you", "🥰": "thank you",
    "😘": "thank you", "🌹": "thank you", "💐": "thank you",
    "👋": "hi",
    "👎": "no", "❌": "no", "🙅": "no",
}  # fmt: skip
# Skin tones, the emoji variation selector, the zero-width joiner, and gender signs after 🙆/🙅.
_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f\u200d\u2640\u2642]")
_PUNCTUATION = re.compile(r"[\s.!,~]")


def emoji_word(text: str) -> str | None:
    """The word a message of emoji alone stands for: one meaning only ("👍👍" is "ok"; "👍👎"
    says nothing)."""
    marks = _PUNCTUATION.sub("", _MODIFIERS.sub("", text))
    if not marks:
        return None
    words = {WORDS.get(mark) for mark in marks}
    return words.pop() if len(words) == 1 and None not in words else None
