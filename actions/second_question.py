"""Two questions in one message: one about an order, one about coupons or a product.

The classifier reads one intent a message. Played on `make run`: "where is my order? and do you
have any discount code for my next purchase?" (lazada-ph-001) got the coupon answer alone, and
"quero cancelar o pedido do fone e também queria saber se tem cupom de desconto"
(aliexpress-br-001) the cancellation alone. When the other question is one of these two kinds,
it is answered after the first: how coupons work after an order answer, where the order is
after the coupon answer. Matched with accents folded (bot/nlu/said_words).

"Заказ 48392017-0031-1 когда отправите? Ещё вопрос: у вас есть такая же кружка но синяя?"
(ozon-ru-001) was read as a product question (0.51, urge_shipment 0.41) and went to a colleague
with the ship date unsaid. A message that names an order number, read unsurely as pre-sale
with an order question next, gets that order's answer before the colleague takes the rest.
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.conversation import text_of
from actions.several_orders import TELLING
from bot.nlu.said_words import folded, phrases, said

COUPON_WORDS = (
    "coupon", "coupons", "discount code", "discount codes", "promo code", "promo codes", "voucher",
    "vouchers", "cupom", "cupons", "cupon", "cupones", "codigo de desconto",
    "codigo de descuento", "codigo promocional", "купон", "промокод", "优惠券", "优惠码", "折扣码",
    "優惠券", "優惠碼", "kupon", "kode promo", "kode diskon", "ma giam gia", "ma khuyen mai",
    "โค้ดส่วนลด", "คูปอง",
)  # fmt: skip
WHERE_WORDS = (
    "where is my order", "where's my order", "where is my parcel", "where's my parcel",
    "where is my package", "where's my package", "cade meu pedido", "onde esta meu pedido",
    "onde ta meu pedido", "donde esta mi pedido", "donde esta mi paquete", "где мой заказ",
    "где моя посылка", "我的订单到哪", "我的快递到哪", "我的包裹到哪", "我的訂單到哪", "我的包裹在哪",
    "pesanan saya sampai mana", "paket saya sampai mana", "pesanan saya dimana", "don cua minh dau",
    "don hang cua minh dau", "don cua em dau", "don hang den dau", "ของถึงไหน", "พัสดุถึงไหน",
    "ออเดอร์ถึงไหน",
)  # fmt: skip
# A coupon question, not a coupon named in passing ("I used a coupon and still paid full price"):
# a question mark or words for "is there / do you have".
ASKING_WORDS = (
    "do you have", "is there", "are there", "any", "can i get", "tem", "teria", "existe", "saber se",
    "hay", "tienen", "tienes", "есть", "有没有", "有吗", "有優惠", "有优惠", "ada", "co ma", "co voucher",
    "มี",
)  # fmt: skip
COUPON = phrases(COUPON_WORDS)
ASKING = phrases(ASKING_WORDS)
WHERE = phrases(WHERE_WORDS)


def also_asks_coupons(tracker: Tracker) -> bool:
    """Does the message, answered as an order question, also ask about coupons?"""
    text = text_of(tracker)
    return said(COUPON, text) and ("?" in text or "？" in text or said(ASKING, text))


def also_asks_where(tracker: Tracker) -> bool:
    """Does the message, answered as a coupon question, also ask where the order is?"""
    return said(WHERE, text_of(tracker))


def where_asked_first(tracker: Tracker) -> bool:
    """Does the message ask where the order is before it asks about coupons? The answers come
    in the order of the questions."""
    said_text = folded(text_of(tracker))
    where, coupon = WHERE.search(said_text), COUPON.search(said_text)
    return where is not None and (coupon is None or where.start() < coupon.start())


# The order question beside an unsure pre-sale reading must be read at least this surely.
ORDER_QUESTION_BESIDE = 0.3


def order_question_beside_pre_sale(tracker: Tracker, sure_pre_sale: float) -> str | None:
    """The order topic (one that only tells where the order stands) of a message naming an order
    number, read as a product question below `sure_pre_sale` with that topic next."""
    latest = tracker.latest_message
    if (latest.get("intent") or {}).get("confidence", 1.0) >= sure_pre_sale:
        return None
    if not any(e.get("entity") == "order_id" for e in latest.get("entities") or []):
        return None
    ranking = [r for r in latest.get("intent_ranking") or [] if r.get("name") != "product_question"]
    best = next((r for r in ranking if r.get("name") != "nlu_fallback"), None)
    if best is None or best.get("name") not in TELLING or best.get("confidence", 0.0) < ORDER_QUESTION_BESIDE:
        return None
    return best["name"]
