""" "Can I buy it again?": a new order, paid at checkout.

Played on `make run` (wish-gb-001, an unpaid order they had cancelled): "hi, can I reorder the
same thing?" was read as a refund request and told "nothing was charged", and "how do I pay
this time" was out of scope. Buying again is a new order placed in the app, paid at checkout;
"how do I pay?" with no order waiting for payment gets the same checkout answer (and that the
shop never asks for payment in chat) rather than nothing (actions/payment_help.py).
"""

from __future__ import annotations

from actions.said_words import phrases, said

BUY_AGAIN = "utter_buy_again"
BUY_AGAIN_WORDS = (
    "buy it again", "buy this again", "buy the same", "buy again", "order again", "reorder",
    "re-order", "order the same", "order another", "buy another", "order it again", "order this again",
    "comprar de novo", "comprar outra vez", "pedir outra vez", "pedir de novo", "repetir o pedido",
    "volver a comprar", "comprar otra vez", "comprarlo de nuevo", "comprar de nuevo", "pedir otra vez",
    "volver a pedir", "repetir el pedido",
    "заказать ещё раз", "заказать еще раз", "заказать снова", "заказать повторно", "повторить заказ",
    "купить снова", "купить ещё раз", "купить еще раз", "оформить заново", "оформить снова",
    "再买", "再買", "重新下单", "重新下單", "再下单", "再下單", "回购", "回購", "再拍", "再來一單",
    "再来一单",
    "สั่งซื้ออีก", "สั่งอีก", "ซื้ออีก", "ซื้อซ้ำ", "สั่งใหม่",
    "mua lại", "đặt lại", "đặt hàng lại", "mua thêm",
    "beli lagi", "order lagi", "pesan lagi", "repeat order", "beli ulang", "pesan ulang",
)  # fmt: skip
BUYING_AGAIN = phrases(BUY_AGAIN_WORDS)


def asks_to_buy_again(text: str) -> bool:
    return said(BUYING_AGAIN, text)
