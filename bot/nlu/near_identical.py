"""When two NLU lines are the same example in barely other words.

One test for both places that ask it: `make test`'s data check (an evaluation line nearly a
training line would measure what the model learnt) and the trainer's desk (a label nearly a
line of an evaluation set is not trained on). Two lines are near-identical when more than
80% of their letter trigrams (case, digits, spaces and punctuation folded) are shared, as
a Jaccard index of the two sets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from typing import Generic, Iterable, List, Sequence, Tuple, TypeVar

NEAR_IDENTICAL = 0.8
_NOT_LETTERS = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")
Item = TypeVar("Item")


@lru_cache(maxsize=65536)
def letter_trigrams(text: str) -> frozenset:
    letters = _NOT_LETTERS.sub("", _DIGIT.sub("0", unicodedata.normalize("NFKC", text).casefold()))
    return frozenset(letters[i : i + 3] for i in range(max(1, len(letters) - 2)))


def near_identical(ours: frozenset, theirs: frozenset) -> bool:
    shared = len(ours & theirs)
    return shared > NEAR_IDENTICAL * (len(ours) + len(theirs) - shared)  # of their union


class NearIndex(Generic[Item]):
    """Lines by their trigram sets, sorted by size: a query reads only the lines of a size
    that could match (Jaccard is at most the smaller set's size over the larger's), so a
    CSV import of thousands of rows against thousands of lines stays quick."""

    def __init__(self, lines: Iterable[Tuple[str, Item]]):
        rows = sorted(((letter_trigrams(text), item) for text, item in lines), key=lambda row: len(row[0]))
        self._sizes: List[int] = [len(grams) for grams, _ in rows]
        self._rows: Sequence[Tuple[frozenset, Item]] = rows

    def first_near(self, text: str) -> Item | None:
        """The item of the first line near-identical to `text`, or None."""
        grams = letter_trigrams(text)
        low = bisect.bisect_right(self._sizes, NEAR_IDENTICAL * len(grams))
        high = bisect.bisect_left(self._sizes, len(grams) / NEAR_IDENTICAL)
        for theirs, item in self._rows[low:high]:
            if near_identical(grams, theirs):
                return item
        return None
