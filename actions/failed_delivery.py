""" "What if the delivery fails?", "what if I can't collect it in time?": what happens to a parcel
nobody takes, and that the buyer's money is not lost (it comes back to us; we refund or resend).

Round 10: "如果送不成功呢…那如果第二次也没人在呢？", "neu giao that bai thi hang co bi tra ve shop
ko? em co mat tien ko" and "แล้วถ้าไปรับไม่ทันล่ะคะ จะเป็นยังไง" got where the parcel is again, and
the third asking went to a person. Said once per parcel; asked again, the usual answers follow.
"""

from __future__ import annotations

from actions.conversation import said_this_session, text_of
from actions.delivery_note import gives_delivery_instructions
from actions.if_never_comes import IF, told_if_it_never_comes
from actions.missed_courier import MISSED_CALL, asks_about_a_missed_courier
from actions.order_context import OrderContext
from actions.pickup_answers import collect_by_date
from actions.question_words import IF_POSSIBLE, asks_what_if
from bot.commerce.template_values import shipment_values
from bot.nlu.said_words import phrases, said

DELIVERY_FAILS = "utter_if_delivery_fails"
NOT_COLLECTED = "utter_if_not_collected"
HOW_MANY_DAYS = phrases((
    "how long", "how many days", "กี่วัน", "几天", "幾天", "多久", "сколько дней", "bao lau", "may ngay",
    "berapa hari", "quantos dias", "cuantos dias",
))  # fmt: skip
# Nobody there, the delivery failing, the parcel not collected or sent back: beside an "if".
FAILING = phrases((
    "nobody home", "no one home", "nobody is home", "not home", "not at home", "nobody there",
    "delivery fails", "delivery failed", "fails to deliver", "can't deliver", "cannot deliver",
    "not collected", "don't collect", "dont collect", "can't collect", "don't pick it up",
    "dont pick it up", "can't pick it up", "in time", "sent back", "send it back", "returned",
    "送不成功", "派送失败", "派送失敗", "没人在", "沒人在", "没人收", "沒人收", "不在家", "没人取",
    "沒人取", "来不及取", "來不及取", "没去取", "沒去取", "退回", "第二次也",
    "ไม่อยู่บ้าน", "ไม่มีคนรับ", "ไม่มีคนอยู่", "ไปรับไม่ทัน", "รับไม่ทัน", "ส่งไม่สำเร็จ", "ไม่ได้ไปรับ",
    "ตีกลับ", "ส่งไม่ได้",
    "khong co nha", "khong o nha", "giao that bai", "giao khong thanh cong", "giao ko dc",
    "giao khong duoc", "khong lay kip", "ko lay kip", "khong kip lay", "tra ve", "hoan ve",
    "ga ada orang", "gak ada orang", "tidak ada orang", "ga di rumah", "gak di rumah",
    "tidak di rumah", "gagal kirim", "pengiriman gagal", "gagal antar", "gagal diantar",
    "ga sempat ambil", "gak sempat ambil", "tidak sempat ambil", "telat ambil", "dikembalikan",
    "не будет дома", "нет дома", "не смогу забрать", "не успею забрать", "не заберу",
    "не доставят", "не застанет", "вернут обратно", "отправят обратно",
    "no estoy en casa", "no hay nadie", "falla la entrega", "la entrega falla", "no lo recojo",
    "no alcanzo a recoger", "no puedo recoger", "lo devuelven",
    "ninguem em casa", "nao tiver ninguem", "nao estiver em casa", "entrega falhar",
    "nao conseguir entregar", "nao buscar", "nao retirar", "nao der tempo de retirar", "devolvid",
))  # fmt: skip


def asks_if_delivery_fails(text: str) -> bool:
    """ "What if nobody is home / the delivery fails / I can't collect it in time?" """
    if said(IF_POSSIBLE, text) or not said(FAILING, text) or gives_delivery_instructions(text):
        return False  # "kalau ga ada orang titip satpam aja": whom to leave it with, not a what-if
    return said(IF, text) or asks_what_if(text)


def told_if_delivery_fails(ctx: OrderContext) -> bool:
    """Asked what happens if the parcel on its way (or waiting to be collected) is not taken:
    the carrier tries again or keeps it to collect, one nobody takes comes back to us, and we
    refund or send it again (for one waiting at the post office: by which day)."""
    text = text_of(ctx.tracker)
    if not asks_if_delivery_fails(text):
        return False
    coming = [p for p in ctx.order.shipments if p.latest is None or p.latest.status != "delivered"]
    if len(coming) != 1:
        return False
    parcel, values = coming[0], shipment_values(coming[0])
    waiting = parcel.latest if parcel.latest and parcel.latest.status == "awaiting_pickup" else None
    if waiting is not None and said(HOW_MANY_DAYS, text):
        return False  # "within how many days before it goes back?": the day to collect it by
    out = parcel.latest is not None and parcel.latest.status == "out_for_delivery"
    if out and asks_about_a_missed_courier(text) and not said_this_session(ctx.tracker, [MISSED_CALL]):
        return False  # on the day: call the courier back, or the next try (asked again: this)
    response = NOT_COLLECTED if waiting else DELIVERY_FAILS
    if said_this_session(ctx.tracker, [response], tracking_number=values["tracking_number"]):
        return False
    extra = {"collect_by_date": collect_by_date(waiting)} if waiting else {}
    ctx.say(response, **values, **extra)
    return True


def told_what_if(ctx: OrderContext) -> bool:
    """ "What if it never comes / the delivery fails / I can't collect it?" answered, if asked."""
    return told_if_it_never_comes(ctx) or told_if_delivery_fails(ctx)
