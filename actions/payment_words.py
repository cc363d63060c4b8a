"""The words buyers use for "the one I paid" and "the unpaid one", in the bot's languages.

A buyer with a paid and an unpaid order, asked which one, answers with the difference they
know; actions/order_hints.py reads these words (not paid first, so "belum bayar" is never
read as paid).
"""

from __future__ import annotations

# "The one I paid" / "the unpaid one": a buyer with a paid and an unpaid order, asked which
# one, answers with the difference they know ("yg udh bayar kak" was not understood and the
# question asked again). Not paid is read first, so "belum bayar" is never read as paid.
UNPAID_WORDS = (
    "unpaid",
    "not paid",
    "haven't paid",
    "not yet paid",
    "未付款",
    "没付",
    "沒付",
    "还没付",
    "還沒付",
    "未付",
    "неоплач*",
    "не оплач*",
    "не оплатил*",
    "no pagad*",
    "sin pagar",
    "no he pagado",
    "não pag*",
    "nao pag*",
    "ยังไม่จ่าย",
    "ยังไม่ได้จ่าย",
    "ยังไม่ชำระ",
    "ยังไม่โอน",
    "chưa thanh toán",
    "chua thanh toan",
    "chưa trả tiền",
    "chua tra tien",
    "belum bayar",
    "blm bayar",
    "belum dibayar",
    "blm dibayar",
    "belum lunas",
)
PAID_WORDS = (
    "paid",
    "已付款",
    "已经付",
    "已經付",
    "付了款",
    "付过款",
    "付過款",
    "付款了",
    "оплачен*",
    "оплатил*",
    "pagad*",
    "pagué",
    "pague",
    "pago",
    "paguei",
    "จ่ายแล้ว",
    "จ่ายเงินแล้ว",
    "ชำระแล้ว",
    "โอนแล้ว",
    "đã thanh toán",
    "da thanh toan",
    "đã trả tiền",
    "da tra tien",
    "đã chuyển khoản",
    "da chuyen khoan",
    "sudah bayar",
    "sdh bayar",
    "udah bayar",
    "udh bayar",
    "sudah dibayar",
    "udah dibayar",
    "udh dibayar",
    "dibayar",
    "lunas",
)
