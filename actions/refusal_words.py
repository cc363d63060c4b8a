""" "If I refuse the parcel, do I pay anything?": nothing, and the refund once it is back.

Played on `make run` (lazada-vn-001): told that an order already shipped can't be cancelled
but can be refused at the door, "tu choi thi em co bi mat phi gi ko shop?" (if I refuse it, do
I lose any fee?) got where the parcel is, then "did you mean…?". Matched with accents folded
(bot/nlu/said_words).
"""

from __future__ import annotations

from actions.question_words import asks_what_if
from bot.nlu.said_words import phrases, said

REFUSING_THE_PARCEL = "utter_refusing_the_parcel"
REFUSE_PARCEL = phrases((
    "refuse the parcel", "refuse it", "refuse delivery", "refuse the delivery", "reject the parcel",
    "recusar a encomenda", "recusar o pacote", "recusar a entrega", "se eu recusar", "rechazar el paquete",
    "rechazar la entrega", "si lo rechazo", "rechazarlo", "отказаться от посылки", "откажусь от посылки",
    "отказаться от получения", "если откажусь", "拒收", "ปฏิเสธการรับ", "ไม่รับพัสดุ", "ไม่รับของ",
    "từ chối nhận", "từ chối", "tolak paket", "menolak paket", "tolak pesanan", "kalau ditolak",
))  # fmt: skip
COSTS = phrases((
    "fee", "cost", "charge", "pay anything", "lose", "money back", "refund", "taxa", "custo", "cobr*",
    "pagar algo", "dinheiro de volta", "reembolso", "costo", "cargo", "plat*", "деньги", "вернут",
    "费", "費", "退款", "扣钱", "扣錢", "ค่า", "เสียเงิน", "เงินคืน", "phí", "mất tiền", "hoàn tiền",
    "biaya", "bayar", "dana kembali", "refund",
    # "那我拒收吧，钱多久能退回来？" (round 17) got "it's on its way, nothing to refund yet".
    "钱", "錢", "退回", "คืนเงิน",
))  # fmt: skip


def asks_about_refusing(text: str) -> bool:
    """Does the message ask what refusing the parcel costs or brings back?"""
    asks = "?" in text or "？" in text
    return said(REFUSE_PARCEL, text) and (said(COSTS, text) or asks_what_if(text) or asks)
