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
# A short answer to "which of your orders?" picking every button: "todos" got "Claro!" and
# the same buttons, "all of them" got "Bye!" (round 10). Only as such an answer, and only in a
# few words: "all" and "все" mean other things in a sentence ("that's all, thanks").
ALL_OF_THEM = phrases((
    "all", "all of them", "all of it", "both", "both of them", "both please", "each", "every one",
    "todos", "todas", "os dois", "as duas", "ambos", "ambas", "los dos", "las dos", "cada uno",
    "оба", "обе", "все", "про все", "по всем", "оба заказа", "全部", "都", "两个都", "兩個都", "每个",
    "每個", "ทั้งหมด", "ทั้งสอง", "ทั้งคู่", "ทุกอัน", "semua", "semuanya", "dua-duanya", "dua duanya",
    "keduanya", "dua2nya", "ca hai", "tat ca", "ca 2", "het", "lahat", "pareho", "dalawa",
    # Round 11: "todos eles mano", "os 3" got a fallback, then a person.
    "todos eles", "todas elas", "os 3", "os tres", "as 3", "as tres", "los 3", "los tres", "all 3",
    "all three", "все три", "все 3", "三个都", "三個都", "ทั้ง 3", "ทั้งสาม", "ketiganya", "ca 3",
))  # fmt: skip
SHORT_ANSWER_WORDS = 5


def asks_about_all(text: str) -> bool:
    """Does the message ask about all the buyer's orders ("where are my orders?")?"""
    return said(ALL_ORDERS, text)


def picks_every_offered(text: str) -> bool:
    """Does a reply to the order buttons pick all of them ("todos", "both please", "都")?"""
    return asks_about_all(text) or (said(ALL_OF_THEM, text) and len(text.split()) <= SHORT_ANSWER_WORDS)
