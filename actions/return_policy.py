""" "What's your returns policy?", "how many days do I have?", "who pays the return shipping?".

Played on `make run` (wish-gb-001): "can you tell me your returns policy? how many days do i
have" was out of scope, and "is return postage free" was told the cancelled order had nothing
to refund. The seller's policy (seller/shop.yml returns: days after delivery, who pays the
return shipping) answers it, whatever the classifier read. Matched with accents folded.
"""

from __future__ import annotations

from actions.said_words import phrases, said

RETURN_POLICY = "utter_return_policy"
RETURN_POLICY_WORDS = (
    "return policy", "returns policy", "days do i have to return", "long do i have to return",
    "return window", "return shipping", "return postage", "returns free", "return free",
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


def asks_return_policy(text: str) -> bool:
    return said(ASKS_RETURN_POLICY, text)
