"""Letters held for emphasis read as the word they stretch: "yesss", "simm", "дааа", "iyaaa".

Buyers stretch short answers in chat everywhere ("okk", "siii", "vângg", "ค่าา"). The
stretched form is a word the classifier never saw, so a "yesss" to "Shall I cancel it?"
fell back and the question was asked again. A word the model does not know is read as its
run-shortened form when the model knows that one; known words are never changed.
"""

from __future__ import annotations

import re
from typing import Collection, List

_REPEATED = re.compile(r"(\w)\1+")


def known_spellings(words: List[str], known: Collection[str]) -> List[str]:
    """`words`, each unknown one replaced by its shortened form that is known, if any."""
    return [word if word in known else _shortened(word, known) for word in words]


def _shortened(word: str, known: Collection[str]) -> str:
    # Runs cut to two letters first ("yesss" -> "yess", "cooool" -> "cool"), then to one
    # ("yess" -> "yes", "simm" -> "sim").
    for candidate in (_REPEATED.sub(r"\1\1", word), _REPEATED.sub(r"\1", word)):
        if candidate != word and candidate in known:
            return candidate
    return word
