"""The words buyers use for "it says delivered" (but I never got it), in the bot's languages.

A buyer with a parcel on its way and one marked delivered who writes "bao giao r ma e chua
nhan dc" means the delivered one: the order that best fits "where is it?" (the one still
travelling) was answered instead. Vietnamese, Spanish and Portuguese buyers often leave
the accents out, so the words are matched with accents folded on both sides. A bare
"delivered" is too often part of "not delivered yet" or a question ("đã giao chưa?",
"has it been delivered?"); these words say what the status shows.
"""

from __future__ import annotations

import re
import unicodedata

from bot.nlu.text_folding import fold_accents

# Read first: "not delivered" says the opposite of what the words below say.
NOT_DELIVERED_WORDS = (
    "not delivered",
    "undelivered",
    "未签收",
    "没签收",
    "沒簽收",
    "未簽收",
    "未送达",
    "未送達",
    "не доставлен",
    "не вручен",
    "no entregado",
    "nao entregue",
    "ยังไม่สำเร็จ",
    "chua giao",
    "belum terkirim",
)
DELIVERED_WORDS = (
    "says delivered",
    "says it was delivered",
    "says it's delivered",
    "shows delivered",
    "shows as delivered",
    "showing delivered",
    "marked delivered",
    "marked as delivered",
    "status delivered",
    "status is delivered",
    "已签收",
    "显示签收",
    "签收了",
    "已簽收",
    "顯示簽收",
    "簽收了",
    "已送达",
    "已送達",
    "статус доставлен",
    "пишет доставлен",
    "написано доставлен",
    "отмечен как доставлен",
    "вручено",
    "вручен адресату",
    "aparece como entregado",
    "aparece entregado",
    "dice entregado",
    "dice que fue entregado",
    "dice que ya fue entregado",
    "figura como entregado",
    "marca entregado",
    "consta como entregue",
    "consta entregue",
    "aparece como entregue",
    "aparece entregue",
    "diz entregue",
    "diz que foi entregue",
    "ta entregue",
    "status entregue",
    "จัดส่งสำเร็จ",
    "ส่งสำเร็จ",
    "ขึ้นว่าส่งแล้ว",
    "ขึ้นว่าได้รับแล้ว",
    "bao giao",
    "bao da giao",
    "hien da giao",
    "ghi da giao",
    "giao thanh cong",
    "status terkirim",
    "statusnya terkirim",
    "katanya sudah sampai",
    "katanya udah sampai",
    "katanya sudah diterima",
    "tertulis diterima",
    "sudah terkirim",
    "udah terkirim",
)


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Not glued to a Latin letter ("ta entregue", not "esta entregue"); a Russian word may go
    # on with its ending ("доставлено"); Chinese and Thai words are glued to what comes next.
    spelled = "|".join(re.escape(_folded(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z\u0400-\u04ff])(?:{spelled})(?![a-z])")


def _folded(text: str) -> str:
    return fold_accents(unicodedata.normalize("NFKC", text).casefold())


NOT_DELIVERED, DELIVERED = _pattern(NOT_DELIVERED_WORDS), _pattern(DELIVERED_WORDS)


def says_marked_delivered(text: str) -> bool:
    """Does the message say the order shows as delivered ("bao giao r", "显示签收了")?"""
    folded = _folded(text)
    return not NOT_DELIVERED.search(folded) and bool(DELIVERED.search(folded))
