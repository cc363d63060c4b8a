"""Where a buyer signs a message with their name ("att, João", "Cheers, Emma", "- Maria",
"С уважением, Ольга"), for personal_data.py to mask.

A sign-off closes the message: the name is the last one to three capitalised words, after a
closing phrase or a dash. A closing that is also a plain "thanks" takes a name only after a
comma or a line break ("thanks, Peter"; "thank you Shop" is no name), and words buyers
address the shop with ("Admin", "Kak", "Shop") or end a message with ("Urgent", "Pro Max")
are never taken for one. The closing itself
stays: it is what the classifier reads as thanks.
"""

from __future__ import annotations

import re
from typing import Iterator, Tuple

# Phrases only ever followed by the writer's name.
_SIGN_OFFS = (
    r"regards|best regards|kind regards|sincerely|yours truly|cheers",  # en
    r"att|att\.|atte\.?|atenciosamente|abraços",  # pt
    r"saludos|un saludo|atentamente|cordialmente",  # es
    r"с уважением|всего доброго",  # ru
    r"trân trọng",  # vi
    r"hormat saya|salam",  # id
)
# Thanks, which may as well be said to someone: a name only behind a comma or a line break.
_THANKS = (
    r"thanks|thank you|thx|obrigad[oa]|valeu|gracias|muchas gracias|спасибо|cảm ơn|cám ơn"
    r"|terima kasih|makasih|trims|abs|grat[oa]"
)
_WORD = r"[^\W\d_][\w'’-]*"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})[ \t]*[.!]*\s*$"
_SIGNED = re.compile(
    r"(?:(?<!\w)(?i:" + "|".join(_SIGN_OFFS) + r")(?!\w)[ \t]*[,.!:;]?\s*"
    r"|(?<!\w)(?i:" + _THANKS + r")(?!\w)[ \t]*[!.]*[ \t]*(?:,|\n)\s*"
    r"|(?:^|\s)[-–—~]+[ \t]*)" + _NAME
)
# Capitalised words that end messages without naming the writer: whom buyers address, and
# what follows a dash in "where is it? - Urgent" or "iPhone 15 - Pro Max".
_NOT_NAMES = {
    *("admin", "kak", "shop", "seller", "team", "sir", "madam", "min", "gan", "bro", "sis"),
    *("urgent", "asap", "please", "pls", "help", "thanks", "thx", "ok", "okay"),
    *("pro", "max", "plus", "mini", "ultra", "lite", "size", "color", "colour", "black", "white"),
}


def signed_names(text: str) -> Iterator[Tuple[int, int]]:
    """(start, end) of the name a message is signed with, if it is."""
    for match in _SIGNED.finditer(text):
        words = match.group("name").split()
        if all(word[0].isupper() and word.casefold() not in _NOT_NAMES for word in words):
            yield match.start("name"), match.end("name")
