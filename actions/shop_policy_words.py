"""Three questions about how the shop works that had no answer: shipping to another country,
the warranty, and cash on delivery.

Played on `make run`: "do you ship to Ireland?" (wish-gb-001) was asked back, then told the
cancelled order was cancelled; "vcs enviam pra Portugal?" got an order's ship date twice and
a person; "may warranty po ba yung item ko?" (lazada-ph-001) got the ship date twice; "bisa
bayar COD ga?" (lazada-id-001) got how to pay twice and a person. Matched with accents folded
(bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

SHIPS_ABROAD = "utter_ships_abroad"
WARRANTY = "utter_warranty"
CASH_ON_DELIVERY = "utter_cash_on_delivery"

SHIPS_ABROAD_WORDS = (
    "do you ship to", "do you deliver to", "can you ship to", "can you deliver to", "ship internationally",
    "ship abroad", "ship overseas", "ship to other countries", "ship to another country",
    "deliver to another country", "nagshi-ship ba kayo sa", "nagdedeliver ba kayo sa",
    "enviam pra", "enviam para", "entregam em", "entregam no", "entregam na", "mandam pra",
    "mandam para", "envia pra outro país", "outro país", "outros países", "envían a", "envian a",
    "hacen envíos a", "hacen envios a", "mandan a", "envían al extranjero", "otro país", "otros países",
    "доставляете в", "отправляете в", "доставка в другую страну", "за границу", "в другую страну",
    "能寄到", "可以寄到", "能寄去", "可以寄去", "寄国外", "寄國外", "寄海外", "发国外", "發國外",
    "寄到国外", "寄到國外", "其他国家", "其他國家",
    "ส่งต่างประเทศ", "ส่งไปต่างประเทศ", "ส่งไปประเทศ",
    "ship nước ngoài", "ship ra nước ngoài", "ship quốc tế", "ship sang", "gửi sang", "giao sang",
    "giao ra nước ngoài",
    "kirim ke luar negeri", "kirim luar negeri", "bisa kirim ke negara", "ke luar negeri",
)  # fmt: skip
WARRANTY_WORDS = (
    "warranty", "guarantee", "garantia", "garantía", "гаранти*", "保修", "保固", "质保", "質保", "保养期",
    "รับประกัน", "ประกันกี่", "bảo hành", "garansi",
)  # fmt: skip
CASH_ON_DELIVERY_WORDS = (
    "cod", "cash on delivery", "pay on delivery", "pay when it arrives", "pagamento na entrega",
    "pagar na entrega", "pago contra entrega", "contra reembolso", "pagar al recibir",
    # aliexpress-mx-001: "se puede pagar contra entrega?" was not understood, then read as customs.
    "contra entrega", "contraentrega", "en efectivo al recibir", "efectivo cuando llegue",
    "efectivo cuando me llegue", "pagar en efectivo", "pago en efectivo", "pagar cuando llegue",
    "оплата при получении", "оплатить при получении", "наложенным платежом", "наложенный платеж",
    "货到付款", "貨到付款", "到付", "เก็บเงินปลายทาง", "จ่ายปลายทาง", "thanh toán khi nhận",
    "trả tiền khi nhận", "bayar di tempat", "bayar ditempat",
)  # fmt: skip
ASKS_SHIPS_ABROAD = phrases(SHIPS_ABROAD_WORDS)
ASKS_WARRANTY = phrases(WARRANTY_WORDS)
ASKS_CASH_ON_DELIVERY = phrases(CASH_ON_DELIVERY_WORDS)


def asks_ships_abroad(text: str) -> bool:
    return said(ASKS_SHIPS_ABROAD, text)


def asks_warranty(text: str) -> bool:
    return said(ASKS_WARRANTY, text)


def asks_cash_on_delivery(text: str) -> bool:
    return said(ASKS_CASH_ON_DELIVERY, text)
