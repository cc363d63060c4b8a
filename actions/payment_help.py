""" "How do I pay?" from a buyer with an order waiting for payment: where to pay it.

Told "your order hasn't been paid yet", lazada-id-001 asked "gimana caranya bayar?" and got
"did you mean: customs duty / something else?" (no intent is about paying an order, and
"bayar" is mostly customs duty in the training data). The buyer's unpaid order says what
they mean; a question about paying customs or a tax is left to the classifier.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.charge_words import says_charged, says_payment_failed
from actions.commerce import buyer_of, recent_orders
from actions.order_hints import read_hints
from bot.commerce.template_values import order_values
from bot.nlu.said_words import folded, phrases, said

HOW_TO_PAY = "utter_how_to_pay"
# "My card got declined": the order waits unpaid; try again, another way (not a refund).
PAYMENT_FAILED = "utter_payment_failed"
# With no order waiting for payment: at checkout, never in chat (actions/buy_again.py).
PAY_AT_CHECKOUT = "utter_pay_at_checkout"
HOW_TO_PAY_WORDS = (
    # "udh checkout tp blm bayar, bayarnya gmn ya? bisa pake dana gak" got who pays import duty.
    "bayarnya gmn",
    "bayarnya bagaimana",
    "bayar pake apa",
    "bisa pake dana",
    "bisa pakai dana",
    "bisa bayar pake",
    "bisa bayar pakai",
    "how do i pay",
    "how to pay",
    "how can i pay",
    "how should i pay",
    "where do i pay",
    "how to make payment",
    "how do i make the payment",
    "怎么付款",
    "怎么付钱",
    "怎么支付",
    "如何付款",
    "如何支付",
    "在哪付款",
    "在哪里付款",
    "怎麼付款",
    "怎麼付錢",
    "怎麼支付",
    "如何付費",
    "как оплатить",
    "как оплачивать",
    "как заплатить",
    "как платить",
    "где оплатить",
    "como pago",
    "como pagar",
    "como puedo pagar",
    "como hago para pagar",
    "como se paga",
    "donde pago",
    "como faco para pagar",
    "como faco pra pagar",
    "como posso pagar",
    "como eu pago",
    "onde pago",
    "จ่ายยังไง",
    "จ่ายเงินยังไง",
    "จ่ายเงินได้ยังไง",
    "ชำระเงินยังไง",
    "ชำระยังไง",
    "ชำระเงินอย่างไร",
    "โอนเงินยังไง",
    "จ่ายตรงไหน",
    "thanh toan the nao",
    "thanh toan sao",
    "thanh toan nhu nao",
    "thanh toan kieu gi",
    "thanh toan bang cach nao",
    "lam sao de thanh toan",
    "lam sao thanh toan",
    "tra tien the nao",
    "tra tien sao",
    "gimana caranya bayar",
    "gimana cara bayar",
    "gmn cara bayar",
    "cara bayar",
    "cara bayarnya",
    "cara pembayaran",
    "cara pembayarannya",
    "bagaimana cara membayar",
    "bagaimana cara bayar",
    "gimana bayarnya",
    "gmn bayarnya",
    "bayarnya gimana",
    "bayar gimana",
    "bayar dimana",
    "bayarnya dimana",
    # "masih bisa bayar ga?" (can I still pay?) was asked "cancel it?"; "bayarnya pake apa aja"
    # (what can I pay with?) was asked for a yes or no.
    "masih bisa bayar",
    "masih bisa dibayar",
    "bayar pake apa",
    "bayarnya pake apa",
    "bayar pakai apa",
    "metode pembayaran",
    "can i still pay",
    "still pay for it",
    "payment methods",
    "pay with what",
    "ainda posso pagar",
    "ainda dá pra pagar",
    "todavía puedo pagar",
    "aun puedo pagar",
    "ещё можно оплатить",
    "еще можно оплатить",
    "还能付款",
    "還能付款",
    "还可以付款",
    "ยังจ่ายได้ไหม",
    "ยังชำระได้ไหม",
    "còn thanh toán được không",
    "con thanh toan duoc khong",
    # "kalo transfer bank bisa?" went to a colleague: the ways the app shows, never a transfer.
    "transfer bank",
    "bank transfer",
    "pay by transfer",
    "transferencia bancaria",
    "transferência",
    "transferencia",
    "банковский перевод",
    "переводом на карту",
    "转账",
    "轉帳",
    "โอนเข้าบัญชี",
    "chuyển khoản",
    "chuyen khoan",
    # Asking for a way to pay ("bisa COD aja ga?" was asked back): the ways shown are the ones.
    "cod",
    "cash on delivery",
    "pay on delivery",
    "bayar di tempat",
    "货到付款",
    "貨到付款",
    "наложенн",
    "оплата при получении",
    "contra reembolso",
    "pago contra entrega",
    "pagamento na entrega",
    "pagar na entrega",
    "เก็บเงินปลายทาง",
    "จ่ายปลายทาง",
    "thanh toan khi nhan hang",
    # A way to pay named: "klo bayar pake gopay bisa ga?" (lazada-id-001, round 15) got the
    # shipping fee asked beside it alone.
    "klo bayar pake", "kalo bayar pake", "kalau bayar pake", "klo bayar pakai", "kalo bayar pakai",
    "kalau bayar pakai", "bisa bayar via", "klo bayar via", "kalo bayar via", "kalau bayar via",
    "can i pay with", "can i pay by", "can i pay using", "if i pay with", "if i pay by",
    "posso pagar com", "da pra pagar com", "puedo pagar con", "se puede pagar con", "можно оплатить",
    "можно ли оплатить", "можно заплатить", "可以刷卡", "能刷卡", "用支付宝", "用支付寶", "用信用卡付",
    "จ่ายผ่าน", "ชำระผ่าน", "จ่ายด้วย", "thanh toan bang", "thanh toan qua",
)  # fmt: skip
# Fees other than the order's price: "cara bayar bea cukai" asks how to pay the duty.
OTHER_FEES = (
    "customs",
    "duty",
    "tax",
    "关税",
    "關稅",
    "税",
    "稅",
    "пошлин",
    "налог",
    "aduana",
    "impuesto",
    "alfandega",
    "imposto",
    "taxa",
    "ภาษี",
    "thue",
    "hai quan",
    "bea",
    "cukai",
    "pajak",
)
# "batas waktu bayar sampai kapan?" (until when can I pay?) got "not paid yet", twice.
PAYMENT_DEADLINE = "utter_payment_deadline"
PAYMENT_DEADLINE_WORDS = (
    "payment deadline", "pay by when", "until when can i pay", "how long do i have to pay",
    "when do i have to pay", "batas waktu bayar", "batas bayar", "batas bayarnya", "batas pembayaran",
    "batas pembayarannya", "bayar sampai kapan",
    "sampai kapan bayar", "prazo para pagar", "prazo de pagamento", "até quando posso pagar",
    "plazo para pagar", "hasta cuándo puedo pagar", "hasta cuando puedo pagar", "до какого числа оплатить",
    "сколько времени на оплату", "срок оплаты", "付款期限", "最晚什么时候付款", "最晚什麼時候付款",
    "几点前付款",
    "ชำระภายในวันไหน", "จ่ายได้ถึงเมื่อไหร่", "ต้องจ่ายภายใน", "hạn thanh toán", "thanh toán trước khi nào",
    # "aku bayarnya paling lambat kapan ya biar ga batal otomatis?" (read as a cancellation) was
    # asked "cancel it?", twice.
    "bayarnya paling lambat", "bayar paling lambat", "paling lambat bayar", "batal otomatis",
    "cancelled automatically", "auto cancel", "auto-cancel", "cancela sozinho", "se cancela solo",
    "自动取消", "自動取消", "ยกเลิกอัตโนมัติ", "tự động hủy", "tự hủy",
)  # fmt: skip
ASKS_HOW_TO_PAY = phrases(HOW_TO_PAY_WORDS)
ASKS_DEADLINE = phrases(PAYMENT_DEADLINE_WORDS)


def asks_payment_deadline(text: str) -> bool:
    return said(ASKS_DEADLINE, text)


OTHER_FEE = phrases(OTHER_FEES)


def asks_how_to_pay(text: str) -> bool:
    """Does the message ask how to pay, and not about customs or a tax?"""
    said = folded(text)
    return bool(ASKS_HOW_TO_PAY.search(said)) and not OTHER_FEE.search(said)


def payment_failed(text: str) -> bool:
    """Does the buyer say paying the order failed ("card declined"), not paying customs or a tax?"""
    return says_payment_failed(text) and not OTHER_FEE.search(folded(text))


def about_the_payment(text: str) -> bool:
    """Money taken or a payment that failed: an unpaid order's answer says what happens then."""
    return says_charged(text) or payment_failed(text)


async def how_to_pay(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """Where to pay the buyer's order waiting for payment, when the latest message asks how to
    pay and one order waits (the one discussed, else the only unpaid one); at checkout, when
    none waits; else None."""
    text = tracker.latest_message.get("text") or ""
    deadline = asks_payment_deadline(text)  # "pay by when so it isn't cancelled?" (not understood)
    failed = payment_failed(text)  # "kartu saya ditolak pas bayar": pay it another way
    if not (deadline or failed or asks_how_to_pay(text)):
        return None  # no look at the orders for anything else
    unpaid = [o for o in await recent_orders(buyer_of(tracker)) if o.status == "unpaid"]
    if not unpaid and deadline:
        return None
    if not unpaid:
        # "how do I pay this time" after a cancelled order: a new order is paid at checkout.
        dispatcher.utter_message(response=PAY_AT_CHECKOUT)
        return []
    discussed = [o for o in unpaid if o.order_number == tracker.get_slot("order_id")]
    chosen = discussed or unpaid
    if len(chosen) != 1:
        return None
    reply = PAYMENT_DEADLINE if deadline else PAYMENT_FAILED if failed else HOW_TO_PAY
    dispatcher.utter_message(response=reply, **order_values(chosen[0]))
    return [SlotSet("order_id", chosen[0].order_number)]


def payment_not_seen(text: str) -> str | None:
    """The reply to "I paid" about an unpaid order, if the buyer says so: "udah saya bayar
    barusan" right after how to pay read "hasn't been paid yet" as not believed (the payment
    may still be on its way to the shop); "saldo udah kepotong" (the wallet was charged) is told
    what happens to money that does not go through, and not to pay twice."""
    if says_charged(text):
        return "utter_payment_charged_not_confirmed"
    return "utter_payment_not_seen_yet" if read_hints(text).paid else None


def unpaid_reply(text: str) -> str:
    """What to tell about an order waiting for payment, as the buyer asked: "gimana caranya
    bayar pesanannya?" (read as where is it) is how to pay, not only "unpaid"."""
    if asks_payment_deadline(text):
        return PAYMENT_DEADLINE
    if payment_failed(text):  # "my card got declined when paying" (read as a refund question)
        return PAYMENT_FAILED
    if asks_how_to_pay(text):
        return HOW_TO_PAY
    return payment_not_seen(text) or "utter_order_unpaid"
