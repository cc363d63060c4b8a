"""An item that came in a size that does not fit: a wrong size, not damage.

"oye la funda me queda pequeña, en vez del reembolso me la podéis cambiar por la de 17 pulgadas?"
(aliexpress-es-001, round 17) was told "we check every item before it ships, so it was most likely
damaged on the way: photos of the item and the packaging". A sleeve too small for the laptop was
not hurt in the post: it asks another size (actions/exchange.py), and told as a problem with what
came it is the wrong item's case, photos of the item and its label (actions/after_sales.py).
Accents optional.
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

DOES_NOT_FIT_WORDS = (
    "too small", "too big", "too large", "too tight", "too short", "too long", "doesnt fit",
    "doesn't fit", "does not fit", "dont fit", "don't fit", "wrong size", "not my size",
    "ficou pequeno", "ficou pequena", "ficou grande", "muito pequeno", "muito pequena", "muito grande",
    "nao serve", "não serve", "nao coube", "não coube", "nao cabe", "não cabe", "tamanho errado",
    "me queda pequeno", "me queda pequena", "me queda chico", "me queda chica", "me queda grande",
    "queda pequeña", "queda chica", "queda grande", "es pequeña", "es pequeno", "muy pequeño",
    "muy pequeña", "muy grande", "no me cabe", "no cabe", "no entra", "talla equivocada",
    "talla incorrecta",
    "маленький размер", "мала", "велик", "велика", "великоват*", "маловат*",
    "не подошел по размеру", "не подошла по размеру", "не подходит по размеру", "не тот размер",
    "不合身", "太小", "太大", "偏小", "偏大", "小了", "大了", "尺码不对", "尺碼不對",
    "穿不下", "装不下", "裝不下",
    "เล็กไป", "ใหญ่ไป", "ไม่พอดี", "ใส่ไม่ได้", "ไซส์ผิด",
    "chat qua", "chật quá", "rong qua", "rộng quá", "khong vua", "không vừa", "ko vua", "ko vừa",
    "k vua", "sai size", "nho qua", "nhỏ quá",
    "kekecilan", "kebesaran", "gak muat", "ga muat", "nggak muat", "tidak muat",
    "salah ukuran", "ukurannya salah",
)  # fmt: skip
DOES_NOT_FIT = phrases(DOES_NOT_FIT_WORDS)


def says_it_does_not_fit(text: str) -> bool:
    """Does the message say the item came in a size that does not fit ("me queda pequeña")?"""
    return said(DOES_NOT_FIT, text)
