""" "Do I have to send it back, or do I keep it?" beside a refund still under review.

Played on `kefu run` (aliexpress-es-001, round 15): "¿ya aprobaron el reembolso de la funda? ¿y
tengo que devolverla o me la quedo?" got the refund pending review alone; asked again, "¿la
tengo que mandar de vuelta o no?" went to after-sales. Whether an item comes back is decided
when the request is reviewed: keep it until told, and after-sales says where and how (who pays
the return shipping: seller/shop.yml `returns`). Matched with accents folded.
"""

from __future__ import annotations

from actions.order_context import OrderContext
from bot.commerce.views import RefundView
from bot.nlu.said_words import phrases, said
from bot.seller.shop import load_shop

RETURN_NEEDED = "utter_return_needed"
RETURN_NEEDED_WORDS = (
    "do i have to return", "do i need to return", "do i have to send it back", "do i need to send it back",
    "should i send it back", "should i return it", "do i keep it", "can i keep it", "should i keep it",
    "tengo que devolver", "tengo que mandar", "hay que devolver", "debo devolver", "me la quedo",
    "me lo quedo", "tenho que devolver", "preciso devolver", "tenho que mandar de volta", "fico com el*",
    "нужно вернуть товар", "надо вернуть товар", "нужно отправлять обратно", "надо отправлять обратно",
    "нужно отправить обратно", "надо отправить обратно", "оставить себе", "要寄回", "需要寄回", "要不要寄回",
    "要退回去", "需要退回", "要不要退回", "ต้องส่งคืนไหม", "ต้องส่งคืนมั้ย", "ต้องส่งกลับไหม", "ต้องส่งของคืน",
    "co phai gui tra", "phai gui tra", "co can gui tra", "can gui lai", "phai tra hang", "harus dikembaliin",
    "harus dikembalikan", "harus dibalikin", "perlu dikembalikan", "perlu dibalikin", "harus dikirim balik",
)  # fmt: skip
ASKS_RETURN_NEEDED = phrases(RETURN_NEEDED_WORDS)


def asks_if_return_needed(text: str) -> bool:
    return said(ASKS_RETURN_NEEDED, text)


def told_if_it_comes_back(ctx: OrderContext, refund: RefundView) -> bool:
    """Keep the item until told, for "do I have to send it back?" about a delivered order whose
    refund is still under review; False (nothing said) otherwise."""
    text = ctx.tracker.latest_message.get("text") or ""
    if refund.status != "requested" or ctx.order.status != "delivered" or not asks_if_return_needed(text):
        return False
    ctx.say(RETURN_NEEDED, return_shipping=load_shop().returns.shipping_paid_by)
    return True
