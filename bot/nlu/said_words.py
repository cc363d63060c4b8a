"""Finding a buyer's set phrases in a message, however they typed the accents.

Vietnamese, Spanish and Portuguese buyers often leave the accents out ("bao giao r",
"como faco pra pagar"), so phrases are matched with accents folded on both sides.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from bot.nlu.text_folding import fold_accents


def folded(text: str) -> str:
    return fold_accents(unicodedata.normalize("NFKC", text).casefold())


def phrases(words: Sequence[str]) -> re.Pattern[str]:
    """Any of `words`, not glued to a Latin letter ("ta entregue", not "esta entregue"); a
    Russian word may go on with its ending ("доставлено"); Chinese and Thai words are glued
    to what comes next; a trailing "*" stands for any ending ("atrasad*"). Match it against
    `folded(text)`."""
    spelled = "|".join(
        re.escape(folded(w)).replace(r"\*", r"\w*") for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<![a-z\u0400-\u04ff])(?:{spelled})(?![a-z])")


def said(pattern: re.Pattern[str], text: str) -> bool:
    """Does the message hold one of the phrases `pattern` (made by `phrases`) stands for?"""
    return bool(pattern.search(folded(text)))
