""" "Where can I track it?", in the bot's languages.

Played on `make run` (aliexpress-mx-001, a stalled parcel): "en que pagina lo rastreo" got the
carrier-check text again, with no site, though other buyers are given one. Matched with accents
folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

WHERE_TO_TRACK_WORDS = (
    "where can i track", "where do i track", "where to track", "which site", "which website",
    "tracking site", "tracking website", "tracking link", "link to track",
    "en que pagina", "donde lo rastreo", "donde puedo rastrear", "pagina para rastrear",
    "link de rastreo", "en que web",
    "onde rastreio", "onde rastrear", "onde posso rastrear", "site para rastrear", "link de rastreio",
    "qual site", "em que site",
    "где отследить", "где можно отследить", "на каком сайте", "ссылка для отслеживания",
    "在哪查物流", "在哪里查物流", "在哪裡查物流", "在哪查快递", "查询网址", "物流网站", "查物流的网站",
    "在哪里查询", "在哪裡查詢",
    "เช็คพัสดุที่ไหน", "ติดตามพัสดุที่ไหน", "ลิงก์ติดตาม", "เช็คได้ที่ไหน",
    "tra cuu o dau", "tra o dau", "link tra cuu", "web nao", "theo doi o dau",
    "lacak di mana", "lacak dimana", "cek resi di mana", "cek resi dimana", "link lacak", "web apa",
)  # fmt: skip
WHERE_TO_TRACK = phrases(WHERE_TO_TRACK_WORDS)
# The number tried on a site that does not know it: "ya lo puse en la pagina de correos de mexico y
# no sale nada" (aliexpress-mx-001, round 16) got the carrier search again. The number is the
# carrier's: where it is followed.
ON_A_SITE = phrases((
    "pagina", "sitio", "web", "site", "website", "correos", "correios", "сайт*", "网站", "網站", "官网",
    "官網", "เว็บ", "trang web", "situs",
))  # fmt: skip
NOTHING_SHOWS = phrases((
    "no sale nada", "no aparece", "no sale", "nothing comes up", "not found", "nao aparece", "nao acha",
    "не находит",
    "не отслеживается", "ничего не показывает", "查不到", "查无", "查無", "ไม่ขึ้น", "หาไม่เจอ",
    "khong ra", "ga ketemu", "gak ketemu", "tidak ditemukan", "ga muncul", "gak muncul",
))  # fmt: skip


def asks_where_to_track(text: str) -> bool:
    return said(WHERE_TO_TRACK, text) or (said(ON_A_SITE, text) and said(NOTHING_SHOWS, text))
