""" "What's your returns policy?", "how many days do I have?", "who pays the return shipping?".

Played on `make run` (wish-gb-001): "can you tell me your returns policy? how many days do i
have" was out of scope, and "is return postage free" was told the cancelled order had nothing
to refund. The seller's policy (seller/shop.yml returns: days after delivery, who pays the
return shipping) answers it, whatever the classifier read. Matched with accents folded.
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

RETURN_POLICY = "utter_return_policy"
RETURN_POLICY_WORDS = (
    "return policy", "returns policy", "days do i have to return", "long do i have to return",
    "return window", "return shipping", "return postage", "returns free", "return free",
    "how do i return", "how to return", "how to refund if", "pano mag refund", "paano mag refund",
    "pano po mag refund", "paano po mag refund", "pwede ba ibalik", "pwede po ba ibalik",
    "trả hàng được không", "trả hàng dc ko", "trả hàng đc ko", "trả hàng được ko",
    "who pays the return", "who pays for the return", "shipping if i return", "shipping for return",
    "shipping for the return", "shipping to return", "if i return", "if i send it back",
    "política de devolução", "politica de devolucao", "prazo para devolver", "prazo de devolução",
    "frete de devolução", "frete da devolução", "quem paga a devolução", "quem paga o frete de volta",
    "política de devolución", "politica de devolucion", "plazo para devolver", "días tengo para devolver",
    "envío de devolución", "quién paga el envío de vuelta", "quien paga el envio de vuelta",
    "quién paga la devolución",
    "правила возврата", "условия возврата", "сколько дней на возврат", "срок возврата",
    "кто оплачивает возврат", "обратная доставка", "обратную доставку",
    "退货政策", "退貨政策", "几天内可以退", "幾天內可以退", "退货运费", "退貨運費", "七天无理由",
    "七天無理由", "退货要运费", "退貨要運費",
    "นโยบายการคืน", "คืนสินค้าได้กี่วัน", "คืนของได้กี่วัน", "ค่าส่งคืน",
    "chính sách đổi trả", "đổi trả trong bao lâu", "đổi trả mấy ngày", "phí gửi trả", "phí trả hàng",
    "kebijakan retur", "berapa hari bisa retur", "batas waktu retur", "ongkir retur", "ongkos retur",
)  # fmt: skip
ASKS_RETURN_POLICY = phrases(RETURN_POLICY_WORDS)
# Sending an item back, and what shipping costs, said apart: "tra hang thi mat phi ship ko"
# (if I return it, do I pay shipping?) was told the checkout's shipping fee.
SENDING_BACK = phrases((
    "return it", "send it back", "send back", "devolverlo", "devuelvo", "devolvo", "se eu devolver",
    "devolver el producto", "devolvê-lo",
    "devolver o produto", "devolução", "devolucao", "devolución", "devolucion", "вернуть товар",
    "отправить обратно", "退货", "退貨", "退回去", "คืนสินค้า", "ส่งคืน", "trả hàng", "trả lại hàng",
    "gửi trả", "hoàn hàng", "retur", "balikin barang", "kembalikan barang",
))  # fmt: skip
SHIPPING_COST = phrases((
    "shipping", "postage", "frete", "envío", "envio", "gastos de envío", "доставк*", "运费", "運費",
    "邮费", "郵費", "ค่าส่ง", "phí ship", "ship", "phí vận chuyển", "ongkir", "ongkos kirim",
))  # fmt: skip
# Who pays the shipping, asked about an order already here ("y los gastos de envío quién los
# paga?" after a broken item's answer, read as customs duty): the return's shipping.
WHO_PAYS_SHIPPING = phrases((
    "who pays the shipping", "who pays for shipping", "who pays shipping", "quién paga el envío",
    "quien paga el envio", "gastos de envío quién", "gastos de envio quien", "quem paga o frete",
    "frete quem paga", "кто оплачивает доставку", "кто платит за доставку", "运费谁出", "運費誰出",
    "ใครจ่ายค่าส่ง", "ai trả phí ship", "ai chịu phí ship", "siapa yang bayar ongkir",
))  # fmt: skip


def asks_return_policy(text: str) -> bool:
    return said(ASKS_RETURN_POLICY, text) or (said(SENDING_BACK, text) and said(SHIPPING_COST, text))


def asks_who_pays_shipping(text: str) -> bool:
    return said(WHO_PAYS_SHIPPING, text)
