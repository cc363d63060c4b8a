"""The words buyers use for "all my orders" ("cadê meus pedidos?", "мои заказы"), in the bot's
languages: a question about each of them, not "which of your orders?". Matched with accents
folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

ALL_ORDERS_WORDS = (
    "my orders",
    "my parcels",
    "my packages",
    "both orders",
    "both parcels",
    "both of them",
    "all my orders",
    "meus pedidos",
    # aliexpress-br-001: "quais pedidos meus ainda nao chegaram?" got "which order?" twice.
    "quais pedidos",
    "quais os pedidos",
    "pedidos meus",
    "which orders",
    "which of my orders",
    "cuales pedidos",
    "que pedidos",
    "какие заказы",
    "哪些订单",
    "哪些訂單",
    "pesanan mana aja",
    "don nao cua minh",
    "minhas encomendas",
    "minhas compras",
    "os dois pedidos",
    "mis pedidos",
    "mis paquetes",
    "mis compras",
    "los dos pedidos",
    "мои заказы",
    "мои посылки",
    "оба заказа",
    "все заказы",
    "cac don",
    "may don",
    "ca hai don",
    "tat ca don",
    "semua pesanan",
    "pesanan-pesanan",
    "kedua pesanan",
    "dua pesanan",
    "两个订单",
    "兩個訂單",
    "几个订单",
    "幾個訂單",
    "所有订单",
    "所有訂單",
    "两个包裹",
    "兩個包裹",
    "ทุกออเดอร์",
    "ออเดอร์ทั้งหมด",
    "ทั้งสองออเดอร์",
    "ทั้ง 2 ออเดอร์",
)
ALL_ORDERS = phrases(ALL_ORDERS_WORDS)


def asks_about_all(text: str) -> bool:
    """Does the message ask about all the buyer's orders ("where are my orders?")?"""
    return said(ALL_ORDERS, text)
