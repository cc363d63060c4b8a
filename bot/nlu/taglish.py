"""Taglish: Filipino buyers mix Tagalog into English ("pwede po ba icancel order ko?").

We answer Filipino buyers in English (Lazada and Shopee Philippines run in English),
but no language model of ours knows Tagalog: "pwede po ba palitan address ko" was
read, surely, as Indonesian, and a VIP buyer's chat went on in Indonesian. Two or
more of these words, which Indonesian, Malay and our other Latin-script languages
do not use on their own, say the message is Taglish, so English.
"""

from __future__ import annotations

import re

# Tagalog function words and chat staples. Left out because our other languages use them
# too: Indonesian "ko" (slang for "kok"), "kasi" ("kasi tau"), "sana", "pede", "di", "na",
# "pa", "sa", "ka"; Portuguese "ano", "dito", "pag".
TAGALOG_WORDS = frozenset(
    {
        "po", "opo", "ba", "yung", "iyong", "naman", "pwede", "puwede", "sige", "salamat",
        "pano", "paano", "asan", "nasaan", "saan", "magkano", "wala", "hindi", "mga", "ang",
        "ng", "ako", "nyo", "niyo", "ninyo", "lang", "muna", "kayo", "natin", "namin", "ito",
        "iyan", "bakit", "kelan", "kailan", "talaga", "nga", "din", "rin", "daw", "raw",
        "kung", "ulit", "padala", "bayad",
    }
)  # fmt: skip
MIN_TAGALOG_WORDS = 2
WORD = re.compile(r"[^\W\d_]+")


def is_taglish(text: str) -> bool:
    words = WORD.findall(text.casefold())
    return sum(word in TAGALOG_WORDS for word in words) >= MIN_TAGALOG_WORDS
