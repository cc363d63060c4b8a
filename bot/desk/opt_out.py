"""Whether a buyer asked for no more promos: a short message of theirs that is, or says,
"stop" / "unsubscribe" in one of our languages. Kept simple on purpose: no sign-up state,
the journal is the record (the buyer's own words), and only promos ask (parcel notices
are about the buyer's order).
"""

from __future__ import annotations

import re

# The whole (short) message is one of these...
STOP_WORDS = frozenset(
    {
        "stop",
        "stop it",
        "stop please",
        "please stop",
        "unsub",
        "停",
        "停止",
        "стоп",
        "хватит",
        "para",
        "parar",
        "pare",
        "alto",
        "basta",
        "หยุด",
        "dừng",
        "dừng lại",
        "ngừng",
        "berhenti",
        "stop kirim",
    }
)
# ... or the message says one of these anywhere.
STOP_PHRASES = (
    "unsubscribe",
    "opt out",
    "opt-out",
    "no more messages",
    "no more promo",
    "stop sending",
    "退订",
    "取消订阅",
    "отпис",  # отписаться, отпишите
    "не присылайте",
    "darme de baja",
    "dar de baja",
    "cancelar suscripción",
    "descadastrar",
    "cancelar inscrição",
    "não envie",
    "ยกเลิกรับข่าวสาร",
    "ไม่ต้องส่ง",
    "hủy đăng ký",
    "đừng gửi",
    "berhenti langganan",
    "jangan kirim",
)
MAX_OPT_OUT_CHARS = 80  # a longer message is about something else, even if it says "stop"
_NOISE = re.compile(r"[\s!.,;:?¡¿。！？，]+")


def asks_to_stop(text: str) -> bool:
    words = _NOISE.sub(" ", text.casefold()).strip()
    if not words or len(words) > MAX_OPT_OUT_CHARS:
        return False
    return words in STOP_WORDS or any(phrase in words for phrase in STOP_PHRASES)
