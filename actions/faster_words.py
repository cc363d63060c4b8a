""" "Can't you send it faster?": about the parcel just discussed, even once it has shipped.

Played on `make run` (aliexpress-br-001): told when the earbuds on their way should arrive,
"putz, nao tem como mandar mais rapido nao ne?" (no way to send it faster, right?) was read as
"when will you ship?", which fits an order not shipped yet: the answer moved to another order.
Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

FASTER = phrases((
    "faster", "quicker", "speed it up", "speed up", "express", "mais rapido", "mais rápido",
    "mais depressa", "más rápido", "mas rapido", "más pronto", "быстрее", "ускорить", "побыстрее",
    "快一点", "快一點", "快点", "快點", "加急", "เร็วกว่านี้", "เร็วขึ้น", "ด่วน", "nhanh hơn", "nhanh lên",
    "hỏa tốc", "lebih cepat", "dipercepat", "cepetin", "bilisan",
))  # fmt: skip


def asks_faster(text: str) -> bool:
    return said(FASTER, text)


# "Can I pay extra for express?": a faster service bought, not a hurry asked for. Round 10:
# "可以加錢改成快速到貨嗎", "can i pay extra para express shipping?" got the ship date, three
# times. Paying more alone is no such question ("não quero pagar mais taxa").
PAY_MORE = phrases((
    "pay extra", "pay more", "pay for express", "extra fee", "加钱", "加錢", "加价", "加價", "多付",
    "จ่ายเพิ่ม", "เสียเงินเพิ่ม", "trả thêm", "bayar lebih", "bayar tambahan", "tambah ongkir",
    "nambah ongkir", "доплат*", "заплачу больше", "pagar más", "pago extra", "pagar extra",
    "pagar a mais", "pagar mais", "dagdag bayad", "magbayad ng extra",
))  # fmt: skip
EXPRESS_SERVICE = phrases((
    "express shipping", "express delivery", "express option", "upgrade the shipping", "upgrade shipping",
    "快速到貨", "快速到货", "改快递", "改快遞", "改寄快遞", "顺丰", "順豐", "ส่งแบบด่วน", "ส่งด่วนพิเศษ",
    "ship hỏa tốc", "giao hỏa tốc", "kirim ekspres", "pengiriman ekspres", "экспресс-доставк*",
    "экспресс доставк*", "envío express", "envío exprés", "envio expresso", "frete expresso", "sedex",
))  # fmt: skip


def asks_paid_express(text: str) -> bool:
    """Does the buyer ask to pay for a faster delivery service?"""
    return said(EXPRESS_SERVICE, text) or (said(PAY_MORE, text) and asks_faster(text))
