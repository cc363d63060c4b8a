"""Accent folding for Latin-script text.

Buyers type Vietnamese without tone marks ("khong dau") and Spanish or
Portuguese without accents; folding makes "không" and "khong" share features.
Marks on Thai or other scripts are kept: there they are letters, not accents.
"""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "ß": "ss"})


def fold_accents(text: str) -> str:
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) == "Mn" and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_EXTRA)
