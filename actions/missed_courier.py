""" "The courier called and I missed it": call them back, or they try again.

Played (lazada-my-001, a parcel out for delivery): "快递员打来我没接到 怎么办" got "good news,
it comes today, keep your phone nearby", and "他会再送吗" (will he come again?) went to the
catalogue colleague. The carrier arranges another try: call them back with the tracking
number, or wait for the next working day. Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.order_context import OrderContext
from bot.commerce.template_values import shipment_values
from bot.nlu.said_words import phrases, said
from bot.seller.shop import load_shop

MISSED_CALL = "utter_missed_courier_call"
MISSED_OR_AGAIN = phrases((
    "missed the call", "missed his call", "missed the courier", "didn't pick up", "didnt pick up",
    "didn't answer the", "couldn't answer", "deliver again", "try again", "come again", "redeliver",
    "perdi a ligação", "perdi a ligacao", "não atendi", "nao atendi", "entregar de novo", "tentar de novo",
    "no contesté", "no conteste", "perdí la llamada", "perdi la llamada", "vuelve a pasar",
    "intentar de nuevo",
    "не взял трубку", "не взяла трубку", "пропустил звонок", "пропустила звонок", "привезут повторно",
    "没接到", "沒接到", "没接电话", "沒接電話", "漏接", "再送", "重新派送", "再派送",
    "ไม่ได้รับสาย", "รับสายไม่ทัน", "ส่งใหม่", "มาส่งอีก",
    "không nghe máy", "khong nghe may", "lỡ cuộc gọi", "giao lại", "giao lai",
    "ga angkat", "gak angkat", "tidak angkat", "ga ke angkat", "kirim ulang", "diantar lagi", "antar ulang",
    # "那如果快递来了我不在家怎么办？会不会直接退回去？" (if I'm out when he comes?) went to a person.
    "不在家怎么办", "不在家怎麼辦", "if i'm not home", "if im not home", "if i am not home",
    "se eu não estiver em casa", "si no estoy en casa", "если меня не будет дома", "ถ้าไม่อยู่บ้าน",
    "nếu em không có nhà", "kalau aku ga di rumah", "kalau tidak ada di rumah",
))  # fmt: skip


def asks_about_a_missed_courier(text: str) -> bool:
    return said(MISSED_OR_AGAIN, text)


def asks_after_the_courier(tracker: Tracker) -> bool:
    """Read as anything, a missed call or "will they come again?" about the order discussed."""
    return bool(tracker.get_slot("order_id")) and asks_about_a_missed_courier(
        tracker.latest_message.get("text") or ""
    )


def missed_call_answered(ctx: OrderContext) -> List[EventType] | None:
    """Call the carrier back or wait for the next try, about the order's parcel still to be
    delivered; None when the message says no such thing or no parcel is out."""
    text = ctx.tracker.latest_message.get("text") or ""
    coming = [s for s in ctx.order.shipments if s.latest is not None and s.latest.status != "delivered"]
    if not coming or not asks_about_a_missed_courier(text):
        return None
    ctx.say(MISSED_CALL, tracking_site=load_shop().tracking_site, **shipment_values(coming[0]))
    return []
