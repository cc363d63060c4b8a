"""A long buyer message cut into its sentences and clauses.

Real buyers tell a story (praise, history, feelings) before or after what they ask, and
one bag of n-grams or one embedding of the whole text is dominated by the story. Cutting
the text where a sentence ends (Western and CJK punctuation, line breaks, the spaces Thai
puts between sentences) and before a contrast connective ("but", "mas", "nhưng", "tapi",
"但是", "แต่"), which in buyers' messages usually turns from the story to the request, lets
each part be read on its own. Used by scripts/measure_long_messages.py; the pipeline reads
messages whole, since no way of combining the parts won on unread real text
(docs/classifier-choice.md, round 9).
"""

from __future__ import annotations

import re
from typing import List

# Where a sentence ends: . ! ? … ; and their full-width forms, and line breaks. A dot
# ends one only before a space or the end ("1.5kg", "12.12", "t.co/x" are not cut).
_SENTENCE_END = re.compile(r"(?<=[!?…;！？。；\n])|(?<=\.)(?=\s|$)")
# Thai writes no sentence punctuation: a space (or several) ends a phrase.
_THAI_SPACE = re.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")
# Contrast connectives that open the part they belong to. Space-separated languages match
# whole words; Chinese and Thai ones are matched anywhere (no spaces to anchor them).
_CONNECTIVES_SPACED = (
    "but|however|though|although|mas|porém|porem|entretanto|contudo|pero|sin embargo|"
    "но|однако|nhưng|nhung|tuy nhiên|mà|tapi|namun|tetapi|padahal"
)
_CONNECTIVE = re.compile(rf"(?i)(?<!\w)(?=(?:{_CONNECTIVES_SPACED})(?!\w))|(?=但是|可是|不过|然而|แต่)")
_CLAUSE_COMMA = re.compile(r"(?<=[,，、])")
# A part of fewer words than this joins its neighbour: "ok." or "5 stars!" alone says
# nothing a classifier can use. Words as the tokenizer counts them, so that a Chinese or
# Thai clause (no spaces, few characters) is measured like any other.
MIN_PART_WORDS = 3


def _cut(pieces: List[str], pattern: re.Pattern) -> List[str]:
    return [piece for text in pieces for piece in pattern.split(text)]


def _words(text: str) -> int:
    from bot.nlu.tokenizer import split_words

    return len(split_words(text))


def _merge_short(pieces: List[str]) -> List[str]:
    parts: List[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if parts and (_words(piece) < MIN_PART_WORDS or _words(parts[-1]) < MIN_PART_WORDS):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def parts_of(text: str, commas: bool = False) -> List[str]:
    """The text's sentences and contrast clauses, in order; short ones joined to a neighbour.
    `commas` also cuts at commas (Chinese buyers often write a whole story in clauses)."""
    pieces = _cut([text], _SENTENCE_END)
    pieces = _cut(pieces, _THAI_SPACE)
    pieces = _cut(pieces, _CONNECTIVE)
    if commas:
        pieces = _cut(pieces, _CLAUSE_COMMA)
    return _merge_short(pieces)
