"""The words buyers use for "my other order", in the bot's languages.

Right after cancelling one order, ozon-ru-001 asked "а деньги за второй заказ когда вернут?"
(and the money for the other order?) and was told the refund of the order just cancelled
again: a refund question keeps the order discussed. Said in words, "the other order" sets
that order aside (actions/order_context.py). Only phrases with the word for an order: "the
other one" alone may be a parcel of the same order ("另一个呢" of a split order).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

OTHER_ORDER_WORDS = (
    "other order", "another order", "second order", "other purchase",
    "outro pedido", "segundo pedido", "outra compra", "outra encomenda",
    "otro pedido", "segundo pedido", "otra compra", "otra orden",
    "другой заказ", "другого заказа", "другому заказу", "другим заказом", "другом заказе",
    "второй заказ", "второго заказа", "второму заказу", "вторым заказом", "втором заказе",
    "đơn kia", "đơn còn lại", "đơn khác", "đơn thứ hai", "đơn hàng kia", "đơn hàng còn lại",
    "đơn hàng khác",
    "pesanan lain", "pesanan yang lain", "pesanan satunya", "pesanan yang satunya",
    "pesanan kedua", "orderan lain", "orderan satunya", "order yang satunya", "yg satunya",
    "yang satunya", "yg satunya lagi", "yang satunya lagi",
    "ออเดอร์อื่น", "อีกออเดอร์", "ออเดอร์ที่สอง", "คำสั่งซื้ออื่น", "อีกคำสั่งซื้อ",
    "另一个订单", "另外一个订单", "另一单", "另外一单", "第二个订单", "第二单", "其他订单",
    "另一個訂單", "另外一個訂單", "第二個訂單", "其他訂單", "別的訂單", "别的订单",
)  # fmt: skip
# "E os outros pedidos, já foram enviados?" right after the customs answer about one order got
# the switch notice and one order's answer: the question is about each of the others.
OTHER_ORDERS_WORDS = (
    "other orders", "other purchases", "rest of my orders", "outros pedidos", "outras compras",
    "outras encomendas", "demais pedidos", "otros pedidos", "otras compras", "demás pedidos",
    "другие заказы", "других заказов", "остальные заказы", "остальных заказов",
    "các đơn khác", "các đơn còn lại", "mấy đơn kia", "mấy đơn còn lại", "những đơn khác",
    "pesanan lainnya", "pesanan yang lainnya", "pesanan-pesanan lain", "orderan lainnya",
    "ออเดอร์อื่นๆ", "ออเดอร์อื่น ๆ", "ออเดอร์ที่เหลือ", "คำสั่งซื้ออื่นๆ",
    "其他几个订单", "其他幾個訂單", "剩下的订单", "剩下的訂單", "其余订单", "其餘訂單",
)  # fmt: skip
OTHER_ORDER = phrases(OTHER_ORDER_WORDS + OTHER_ORDERS_WORDS)
OTHER_ORDERS = phrases(OTHER_ORDERS_WORDS)


def says_the_other_order(text: str) -> bool:
    """ "The other order", or "the other orders": the order discussed is set aside."""
    return said(OTHER_ORDER, text)


def says_the_other_orders(text: str) -> bool:
    """ "The other orders": each of the buyer's orders but the one discussed."""
    return said(OTHER_ORDERS, text)
