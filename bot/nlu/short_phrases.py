"""Greetings and thanks too short for a statistical model: a table says their language.

"olá", "obrigado", "terima kasih" are one or two words; character n-gram models
and fastText guess wildly on them (and our own model, having seen Russian buyers
write "thank you", called "thank you" Russian). A buyer's first message is very
often one of these, so the table decides them, and says which of them are sure:

- sure: only one of our languages writes it ("obrigado", "gracias", "cảm ơn");
- a guess: more than one does, or every market types it ("oi" is Portuguese
  but also Indonesian slang; "ola" is Portuguese unaccented or a misspelt
  "hola"; "thank you" is written by buyers of every country). A guess may give
  a new conversation its language but never switches one that has a language.

Thai, Chinese and Cyrillic greetings need no table: their script tells.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, Tuple

# Said around a greeting in every market; left out before looking a phrase up.
FILLER = {"ok", "oke", "okay", "shop", "admin", "seller", "kak", "ka", "pls", "please", "ạ", "a"}
_NOT_LETTER = re.compile(r"[^\w\s]|\d|_")
_WORD = re.compile(r"[^\W\d_]+")
# Words a question must keep after a leading greeting or thanks to be read on its own:
# "obrigado, já recebi" is a thank-you, not a question about the parcel.
MIN_WORDS_AFTER = 3
# Chinese runs its words together ("谢谢，那另一个包裹呢" is two "words"): its characters count.
MIN_HAN_AFTER = 4
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# The longest opening tried: the table's longest phrase (4 words) with fillers around it.
MAX_OPENING_WORDS = 8

SURE: Dict[str, Tuple[str, ...]] = {
    "pt": (
        "olá",
        "olá tudo bem",
        "oi tudo bem",
        "oi tudo bom",
        "tudo bem",
        "obrigado",
        "obrigada",
        "muito obrigado",
        "muito obrigada",
        "brigado",
        "brigada",
        "valeu",
        "bom dia",
        "boa tarde",
        "boa noite",
        "oi bom dia",
        "oi boa tarde",
        "oi boa noite",
        "olá bom dia",
        "olá boa tarde",
    ),
    "es": (
        "hola",
        "gracias",
        "muchas gracias",
        "mil gracias",
        "buenos días",
        "buenos dias",
        "buenas",
        "buenas tardes",
        "buenas noches",
        "hola buenas",
        "hola buenos días",
        "hola buenas tardes",
        "saludos",
    ),
    "vi": (
        "cam on",
        "cảm ơn",
        "cám ơn",
        "cam on shop",
        "xin chao",
        "xin chào",
        "chao shop",
        "chào shop",
        "chào",
        "alo shop",
        # "ơi" calls someone: "shop oi" was read as Portuguese "oi" and the chat went on in it.
        "shop oi",
        "shop ơi",
        "shop ui",
        "ad oi",
        "ad ơi",
        "alo ad",
        "dạ",
        "vâng",
    ),
    "id": (
        "terima kasih",
        "makasih",
        "trims",
        "trimakasih",
        "terimakasih",
        "halo kak",
        "hai kak",
        "selamat pagi",
        "selamat siang",
        "selamat sore",
        "selamat malam",
        "permisi",
    ),
    "ru": (
        "spasibo",
        "privet",
        "zdravstvuyte",
        "zdravstvuite",
        "dobryy den",
        "dobryi den",
        "спасибо",
        "спасибо большое",
        "большое спасибо",
        "спасибо огромное",
        "благодарю",
        "спс",
        "здравствуйте",
        "добрый день",
        "привет",
    ),
    # Thai, Chinese and Cyrillic say their language by their script (bot/nlu/language.py
    # never asks this table about them); they are here for the thanks before a question
    # ("ขอบคุณค่ะ แล้วอีกกล่องจะมาถึงเมื่อไหร่คะ" read as a thank-you alone, not understood).
    "th": (
        "ขอบคุณ",
        "ขอบคุณค่ะ",
        "ขอบคุณครับ",
        "ขอบคุณคะ",
        "ขอบคุณมาก",
        "ขอบคุณมากค่ะ",
        "ขอบคุณมากครับ",
        "ขอบใจ",
        "ขอบใจจ้า",
        "สวัสดี",
        "สวัสดีค่ะ",
        "สวัสดีครับ",
    ),
    "zh": (
        "谢谢",
        "谢谢你",
        "谢谢亲",
        "谢啦",
        "多谢",
        "感谢",
        "好的谢谢",
        "謝謝",
        "謝謝你",
        "多謝",
        "感謝",
        "好的謝謝",
        "你好",
        "您好",
        "亲",
        "在吗",
        "哈喽",
        "哈囉",
        "嗨",
        "亲在吗",
        "在嗎",
    ),
}
GUESSES: Dict[str, Tuple[str, ...]] = {
    "pt": ("oi", "ola", "obg"),
    # How Indonesian buyers call the shop: "kak" (sis/bro), "min" (admin), "gan" (boss), "P" (ping).
    "id": ("halo", "hai", "kak", "min", "gan", "sis", "p"),
    "vi": ("alo",),
    # English pleasantries every market types: they tell a new conversation
    # something, never enough to switch one.
    "en": (
        "thank you",
        "thank u",
        "thankyou",
        "thank you so much",
        "thank you very much",
        "thanks a lot",
        "many thanks",
        "thanks so much",
        "good morning",
        "good afternoon",
        "good evening",
        "good day",
        "hello there",
        "hi there",
        "hey there",
    ),
}


def _table() -> Dict[str, Tuple[str, bool]]:
    table: Dict[str, Tuple[str, bool]] = {}
    for sure, phrases_by_language in ((False, GUESSES), (True, SURE)):
        for language, phrases in phrases_by_language.items():
            for phrase in phrases:
                table[_key(phrase)] = (language, sure)
    return table


def _key(text: str) -> str:
    return " ".join(_NOT_LETTER.sub(" ", unicodedata.normalize("NFC", text).lower()).split())


PHRASES = _table()


def phrase_language(text: str) -> Tuple[str, bool] | None:
    """(language, sure) when the whole message is a greeting or thanks in the table, else None."""
    key = _key(text)
    if key in PHRASES:
        return PHRASES[key]
    core = " ".join(word for word in key.split() if word not in FILLER)
    return PHRASES.get(core) if core else None


def after_leading_phrase(text: str) -> int | None:
    """Where the rest of the message starts when it opens with a greeting or thanks in the
    table and goes on with at least MIN_WORDS_AFTER words besides fillers ("cam on shop.
    con don kia thi sao"), else None: the longest such opening wins."""
    words = list(_WORD.finditer(unicodedata.normalize("NFC", text)))
    # Only an opening as long as the table's longest phrase with fillers around it is tried:
    # trying every split made a 1,900-character message cost 35 ms (quadratic).
    longest = min(len(words) - 1, MAX_OPENING_WORDS)
    for count in range(longest, 0, -1):
        rest = [w.group(0) for w in words[count:] if w.group(0).lower() not in FILLER]
        if _says_more(rest) and phrase_language(" ".join(w.group(0) for w in words[:count])):
            return words[count - 1].end()
    return None


def _says_more(rest: list[str]) -> bool:
    """Is what follows the opening enough to be a question of its own?"""
    return len(rest) >= MIN_WORDS_AFTER or len(_HAN.findall("".join(rest))) >= MIN_HAN_AFTER
