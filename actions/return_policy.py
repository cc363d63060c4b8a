""" "What's your returns policy?", "how many days do I have?", "who pays the return shipping?".

Played on `make run` (wish-gb-001): "can you tell me your returns policy? how many days do i
have" was out of scope, and "is return postage free" was told the cancelled order had nothing
to refund. The seller's policy (seller/shop.yml returns: days after delivery, who pays the
return shipping) answers it, whatever the classifier read. Matched with accents folded.
"""

from __future__ import annotations

from actions.exchange import asks_exchange
from actions.question_words import asks_what_if
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
    # When the return window starts: "15 ngay doi tra la tinh tu ngay nhan hang ha shop?" was
    # read as where the parcel is, and a not-received case was opened on the other order.
    "đổi trả là tính từ", "đổi trả tính từ", "tính từ ngày nhận", "ngày đổi trả", "count from the day",
    "counted from the day", "from the day i receive", "from delivery or from", "นับจากวันที่ได้รับ",
    "นับจากวันที่รับ", "从签收开始算", "從簽收開始算", "签收后几天", "簽收後幾天", "dihitung dari",
    "dihitung sejak", "conta a partir", "contam a partir", "cuenta desde", "cuentan desde",
    "считая с", "считается с",
)  # fmt: skip
# "颜色不喜欢可以退吗" (I don't like the colour, can I return it?) was taken for the damage
# case of another chat: a change of mind with a return or refund asks the returns policy.
CHANGE_OF_MIND = phrases((
    "don't like", "dont like", "didn't like", "didnt like", "changed my mind", "change of mind",
    "no me gusta", "no me gustó", "no me gusto", "cambié de opinión", "não gostei", "nao gostei",
    "mudei de ideia", "не понравил*", "передумал*", "不喜欢", "不喜歡", "不想要了", "不要了",
    "ไม่ชอบ", "เปลี่ยนใจ", "không thích", "đổi ý", "gak suka", "ga suka", "nggak suka", "tidak suka",
    "kurang suka", "berubah pikiran", "ayaw ko",
))  # fmt: skip
RETURN_OR_REFUND = phrases((
    "return*", "refund*", "send it back", "devolv*", "devolu*", "reembols*",
    "вернуть", "возврат*", "退", "คืน", "trả", "hoàn", "retur*", "balikin", "ibalik",
))  # fmt: skip
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
    return (
        said(ASKS_RETURN_POLICY, text)
        or (said(SENDING_BACK, text) and said(SHIPPING_COST, text))
        or (said(CHANGE_OF_MIND, text) and said(RETURN_OR_REFUND, text))
        # "đổi size thì mình có phải trả tiền ship ko shop" (if I exchange the size, do I pay the
        # shipping?; lazada-vn-001, round 17) right after the photos were asked for got "send
        # them when you can": the returns policy says who pays it.
        or (asks_exchange(text) and said(SHIPPING_COST, text))
    )


def asks_who_pays_shipping(text: str) -> bool:
    return said(WHO_PAYS_SHIPPING, text)


def asks_policy_anyway(text: str) -> bool:
    """A what-if or a change of mind: the policy, also when read as a broken or wrong item."""
    return asks_what_if(text) or said(CHANGE_OF_MIND, text)
