"""The noun at the end of a compound title word, which is what buyers call the product.

"а кружку когда отправите?" (and the mug, when will you ship it?) about "Термокружка 450 мл"
(a thermo-mug) was not read as naming that order: "кружку" does not begin with "термокружк",
so "деньги за мышь не вернули, а кружку когда отправите?" got the mouse's refund alone, the
mug's question dropped (round 15). A title word made of a known first part and a noun long
enough to name something on its own also names the product by that noun (actions/order_choice.py).
"""

from __future__ import annotations

from typing import Iterable, Set

# First parts of compound product words, accents folded and lower case.
FIRST_PARTS = (
    "термо", "электро", "авто", "фото", "видео", "аудио", "радио", "микро", "мини", "вело", "мото",
    "аэро", "гидро", "стерео",
)  # fmt: skip
# The noun left must be a word of its own, not a piece ("термос" is no "с").
MIN_NOUN = 5


def with_compound_tails(words: Iterable[str]) -> Set[str]:
    """The words, and the noun each compound among them ends with."""
    found = set()
    for word in words:
        found.add(word)
        for part in FIRST_PARTS:
            if word.startswith(part) and len(word) - len(part) >= MIN_NOUN:
                found.add(word[len(part) :])
    return found
