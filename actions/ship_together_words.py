""" "Can it ship with the earbuds?": two orders in one parcel.

Played on `kefu run` (aliexpress-br-001, round 15): after keeping the phone cases, "só queria
saber se dá pra mandar junto com o fone" (can it be sent together with the earbuds?) got
"OK, anything else?". Each order is packed and sent on its own, with its own tracking number;
one already on its way can't wait for another. Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

SHIP_TOGETHER = "utter_ship_together"
SHIP_TOGETHER_WORDS = (
    "ship together", "ship them together", "ship it together", "send together", "send them together",
    "can it ship with", "could it ship with", "can you ship it with", "can it be shipped with",
    "can it be sent with", "can you send it with", "in one parcel", "in the same parcel", "in one package",
    "in the same package", "combine my orders", "combine the orders", "combine orders",
    "mandar junto", "enviar junto", "manda junto", "envia junto", "mandar juntos", "enviar juntos",
    "mandar tudo junto", "no mesmo pacote", "na mesma caixa", "juntar os pedidos",
    "mandarlo junto", "enviarlo junto", "mandarla junto", "enviarla junto", "mandarlos juntos",
    "enviarlos juntos", "en el mismo paquete", "en un solo paquete", "juntar los pedidos",
    "отправить вместе", "отправьте вместе", "одной посылкой", "в одной посылке", "объединить заказы",
    "一起寄", "一起发", "一起發", "一起出货", "一起出貨", "合并发货", "合併出貨", "合并寄", "合併寄",
    "同一个包裹", "同一個包裹", "ส่งพร้อมกัน", "ส่งรวมกัน", "รวมส่ง", "แพ็ครวม",
    "gui chung", "giao chung", "ship chung", "gop don", "gui cung",
    "dikirim bareng", "kirim bareng", "dikirim barengan", "digabung", "gabung pengiriman",
    "dikirim sekalian", "kirim sekalian",
)  # fmt: skip
ASKS_SHIP_TOGETHER = phrases(SHIP_TOGETHER_WORDS)


def asks_ship_together(text: str) -> bool:
    return said(ASKS_SHIP_TOGETHER, text)


# "aku mau tambah 1 batik lagi ukuran XL, bisa digabung ke pesanan yg belum dibayar?" (lazada-id-001,
# round 16) got that orders ship on their own, then "so a new checkout?" not understood: an item is
# not added to an order placed; a new order, or the unpaid one cancelled and all bought together.
ADD_TO_ORDER = "utter_add_to_order"
ADD_TO_ORDER_WORDS = (
    "add another", "add one more", "add to my order", "add it to my order", "add to the order",
    "add an item", "add 1 more", "add more items",
    "tambah 1", "tambah satu", "nambah 1", "nambah satu", "tambah ke pesanan", "ditambah ke pesanan",
    "tambahin ke pesanan", "tambahin 1", "tambah lagi",
    "adicionar ao pedido", "adicionar mais um", "adicionar mais uma", "acrescentar ao pedido",
    "agregar al pedido", "anadir al pedido", "agregar otro", "anadir otro", "agregar uno mas",
    "добавить в заказ", "добавить ещё", "добавить еще", "докинуть в заказ",
    "加一件", "再加一", "加到订单", "加到訂單", "追加一", "订单里加", "訂單裡加",
    "them vao don", "them 1 cai", "mua them vao don",
    "เพิ่มในออเดอร์", "เพิ่มสินค้าในออเดอร์", "สั่งเพิ่มในออเดอร์",
    "idagdag sa order", "dagdag pa",
)  # fmt: skip
ASKS_TO_ADD = phrases(ADD_TO_ORDER_WORDS)


def asks_to_add_an_item(text: str) -> bool:
    return said(ASKS_TO_ADD, text)
