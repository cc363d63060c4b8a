""" "Can I buy it again?": a new order, paid at checkout.

Played on `make run` (wish-gb-001, an unpaid order they had cancelled): "hi, can I reorder the
same thing?" was read as a refund request and told "nothing was charged", and "how do I pay
this time" was out of scope. Buying again is a new order placed in the app, paid at checkout;
"how do I pay?" with no order waiting for payment gets the same checkout answer (and that the
shop never asks for payment in chat) rather than nothing (actions/payment_help.py).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

BUY_AGAIN = "utter_buy_again"
# "I cancelled it by mistake, can you reopen it?": no, and how to buy it again.
REOPEN_AS_NEW_ORDER = "utter_reopen_as_new_order"
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


# "i cancelled my yoga mat order by mistake, can i get it back?" (wish-gb-001) got "nothing
# was charged" twice: a cancelled order can't be reopened; buying again is a new order.
BY_MISTAKE_WORDS = (
    "cancelled by mistake", "canceled by mistake", "cancelled it by mistake", "canceled it by mistake",
    "order by mistake", "undo the cancel", "reopen the order", "restore the order", "uncancel",
    "cancelei sem querer", "cancelei por engano", "cancelé por error", "cancele por error",
    "отменил по ошибке", "отменила по ошибке", "取消错了", "不小心取消", "取消錯了", "不小心取消了",
    "ยกเลิกผิด", "hủy nhầm", "huỷ nhầm", "salah cancel", "ga sengaja cancel", "kepencet cancel",
    # "now i actually want it lol. can you put it back through?" was asked back.
    "put it back through", "can i still pay for it", "i actually want it", "now i want it",
    # Undoing a cancellation, sixth playtest round: "da pra desfazer o cancelamento?" got "already
    # cancelled, nothing to cancel", "можно вернуть заказ обратно?" the return window, "bisa
    # dibalikin lg gak pesanannya?" a "did you mean: a refund / when it ships?" three times.
    "un-cancel", "undo my cancel", "undo the cancellation", "reactivate it", "reactivate the order",
    "desfazer o cancelamento", "desfazer cancelamento", "descancelar", "reativar o pedido",
    "voltar o pedido", "deshacer la cancelacion", "reactivar el pedido", "revertir la cancelacion",
    "recuperar el pedido", "вернуть заказ обратно", "восстановить заказ", "отменить отмену",
    "вернуть отменённый заказ", "вернуть отмененный заказ", "передумала отменять", "передумал отменять",
    "恢复订单", "恢復訂單", "撤销取消", "撤銷取消", "不想取消了", "ยกเลิกการยกเลิก", "กู้คืนคำสั่งซื้อ",
    "khôi phục đơn", "hoàn tác hủy", "batal cancel", "batalin cancel", "batal pembatalan",
    "dibalikin lg", "dibalikin lagi", "balikin pesanan", "aktifkan lagi pesanan",
    # Round 11: "я мышку отменил зря, можно вернуть заказ … обратно в работу?" got its refund's
    # status, then a cancel offer for the buyer's other order.
    "cancelled by accident", "canceled by accident", "cancelled my order by accident",
    "cancelled it by accident", "accidentally cancelled", "accidentally canceled", "cancelei sem querer",
    "обратно в работу", "снова активным", "снова активный", "возобновить заказ", "отменил зря",
    "отменила зря", "зря отменил*", "reativar", "volver a activar", "kích hoạt lại đơn",
    # Round 10: "Можно его восстановить?", "can u restore my cancelled order pls".
    "его восстановить", "восстановить его", "можно восстановить", "restore my cancelled order",
    "restore my order", "reopen it", "reopen my order",
)  # fmt: skip
BY_MISTAKE = phrases(BY_MISTAKE_WORDS)


def cancelled_by_mistake(text: str) -> bool:
    return said(BY_MISTAKE, text)


# "Will it be the same price?" about buying again: the listing's price at checkout. Round 11:
# "will the price be the same?" and "at the sale price?" got how coupons work, twice.
PRICE_ON_REORDER = "utter_price_on_reorder"
SAME_PRICE = phrases((
    "same price", "price be the same", "price the same", "sale price", "old price", "mesmo preço",
    "mesmo preco", "preço de antes", "preco de antes", "mismo precio", "precio de antes",
    "та же цена", "по той же цене", "старой цене", "同样的价格", "同樣的價格", "价格一样", "價格一樣",
    "原价", "原價", "ราคาเดิม", "ราคาเท่าเดิม", "giá cũ", "gia cu", "giá như cũ", "harga sama",
    "harga yang sama", "harga lama", "parehong presyo", "same presyo",
))  # fmt: skip


def asks_same_price(text: str) -> bool:
    return said(SAME_PRICE, text)
