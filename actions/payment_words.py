"""The words buyers use for "the one I paid" and "the unpaid one", in the bot's languages.

A buyer with a paid and an unpaid order, asked which one, answers with the difference they
know; actions/order_hints.py reads these words (not paid first, so "belum bayar" is never
read as paid).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

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
    "udah saya bayar",
    "sudah saya bayar",
    "barusan bayar",
    "baru bayar",
    "just paid",
    "刚付",
    "剛付",
    "только что оплатил*",
    "acabei de pagar",
    "acabo de pagar",
    "vừa thanh toán",
    "vua thanh toan",
    "เพิ่งจ่าย",
    "เพิ่งโอน",
    "udh bayar",
    "sudah dibayar",
    "udah dibayar",
    "udh dibayar",
    "dibayar",
    "lunas",
)


# "Saldo udah kepotong" (my balance was taken) about an order still unpaid: the money left the
# buyer, the payment did not reach the shop. Round 10 (lazada-id-001): "udah bayar lewat gopay…
# saldo udah kepotong", then "duitnya ilang gitu?" got "not paid yet" twice.
CHARGED = phrases((
    "deducted", "was charged", "been charged", "got charged", "money was taken", "money is gone",
    "lost my money", "kepotong", "terpotong", "udah kepotong", "saldo berkurang", "duitnya ilang",
    "udh berkurang", "udah berkurang", "sudah berkurang", "saldonya berkurang", "kedebet", "terdebet",
    "uangnya hilang", "扣款了", "扣了钱", "扣了錢", "钱扣了", "錢扣了", "已扣款", "钱没了", "錢沒了",
    "ตัดเงินแล้ว", "เงินถูกตัด", "เงินหาย", "bị trừ tiền", "đã trừ tiền", "mất tiền", "списали",
    "деньги списаны", "деньги пропали", "me cobraron", "ya me cobraron", "se descontó", "descontaram",
    "já descontou", "foi descontado", "cobraram", "nakaltas",
))  # fmt: skip


def says_charged(text: str) -> bool:
    """Does the buyer say the money already left them (a wallet or card charged)?"""
    return said(CHARGED, text)
