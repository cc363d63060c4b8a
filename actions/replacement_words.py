""" "Not a refund, send me a new one": the case's replacement, not its refund.

Sixth playtest round: "照片等下发 可以直接换个红色的吗 不要退钱" (shopee-sg-001), "minh ko can hoan tien
dau, gui bu 1 cai op cho minh la dc" (lazada-vn-001) and "but replacement right? not refund"
(wish-us-001), right after the damage or missing-item case asked for photos, were read as a
refund and told "your refund is part of case N", word for word, every time. The buyer is told
the replacement is noted with the case (the agent reads it in the chat). Matched with accents
folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

NOTED_PHOTOS_FIRST = "utter_replacement_noted_photos"  # the case waits for its photos
NOTED = "utter_replacement_noted"  # the case is with the team
WANTS_REPLACEMENT = phrases((
    "replacement", "send a new one", "send me a new one", "new one instead", "not refund", "not a refund",
    "no refund", "don't want a refund", "dont want a refund", "dont want refund",
    "不要退钱", "不要退款", "不退款", "不用退款", "不用退钱", "换一个", "换个新的", "补发", "補發", "換一個",
    "換個新的", "重新发一个", "重新寄一个", "直接寄", "不要退錢",
    "gui bu", "doi cai moi", "ko can hoan tien", "khong can hoan tien", "k can hoan tien", "gui lai cai",
    "ganti baru", "kirim ulang", "tukar baru", "gak mau refund", "ga mau refund", "nggak mau refund",
    "ga usah refund", "gak usah refund",
    "ขอเปลี่ยนใหม่", "เปลี่ยนชิ้นใหม่", "ส่งชิ้นใหม่", "ไม่เอาเงินคืน", "ไม่ต้องคืนเงิน",
    "заменить на новый", "замену", "замена", "не нужен возврат", "не надо возвращать деньги",
    "отправьте новый", "пришлите новый", "mandar outro", "enviar outro", "manda outro", "trocar por um novo",
    "nao quero reembolso", "nao quero o reembolso", "reenviar", "que me manden otro", "enviar otro",
    "mandar otro", "manden otro", "cambio por uno nuevo", "no quiero reembolso", "no quiero el reembolso",
    "reponer",
    # Round 12: "quiero cancelar el reembolso y que me mandéis los rosas" (the right colour instead).
    "que me mandeis", "que me mandéis", "me mandeis los", "cambio al color", "en vez del reembolso",
    "instead of the refund", "instead of a refund", "send me the right", "send the right one",
    "send me the correct", "the right colour instead", "the right color instead", "em vez do reembolso",
    "вместо возврата",
    "而不是退款", "แทนการคืนเงิน", "thay vì hoàn tiền", "daripada refund",
))  # fmt: skip


def wants_replacement(text: str) -> bool:
    return said(WANTS_REPLACEMENT, text)
