""" "Not home till Sunday", "no idea yet": the buyer can't look for a parcel shown delivered.

Played (wish-us-001): "did my tripod get delivered? im out of town" -> "delivered on Dec 4,
front porch. Did you get it?" -> "no idea, not home till sunday" opened a not-received case
and handed the chat to a person. Nothing is missing yet: where it was left, and to say so
here if it isn't there. Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.order_context import OrderContext
from actions.parcel_state import where_left
from bot.commerce.template_values import shipment_values
from bot.commerce.views import ShipmentView
from bot.nlu.said_words import phrases, said

CHECK_WHEN_BACK = "utter_delivered_check_when_back"
CANNOT_CHECK_YET = phrases((
    "not home", "not at home", "out of town", "away from home", "haven't checked", "havent checked",
    "not checked yet", "no idea", "dont know yet", "don't know yet", "when i get back", "when i get home",
    "will check", "i'll check", "ill check", "won't be back", "wont be back", "not back", "dunno",
    "away till", "away until", "out of the country", "not sure yet", "haven't checked the", "ask her",
    "ask him", "ask my", "let me ask", "lemme ask", "my neighbor", "my neighbour", "neighbor grabs",
    "creo que lo recogió", "mi hermana", "mi vecino", "mi vecina",
    "vou perguntar", "meu vizinho", "minha vizinha", "спрошу", "соседи", "сосед",
    "问问邻居", "問問鄰居", "邻居", "鄰居", "家人拿了", "เพื่อนบ้าน", "ถามที่บ้าน", "hàng xóm", "hỏi người nhà",
    "tetangga", "tanya dulu", "nanya dulu",
    "não estou em casa", "nao estou em casa", "fora de casa", "ainda não vi", "ainda nao vi",
    "quando eu voltar", "quando chegar em casa", "vou verificar", "vou ver quando",
    "no estoy en casa", "fuera de casa", "todavía no he visto", "todavia no he visto", "cuando vuelva",
    "cuando llegue a casa", "voy a revisar",
    "не дома", "я не дома", "в отъезде", "ещё не проверял*", "еще не проверял*", "когда вернусь",
    "不在家", "还没回家", "還沒回家", "出差", "回家再看", "回去看看", "还没看", "還沒看",
    "ไม่อยู่บ้าน", "ยังไม่ได้กลับบ้าน", "ยังไม่ได้ดู", "กลับบ้านแล้วจะดู",
    "không có nhà", "khong co nha", "chưa về nhà", "chua ve nha", "đi vắng", "chưa kiểm tra",
    "lagi di luar kota", "belum pulang", "gak di rumah", "ga di rumah", "tidak di rumah", "belum cek",
    "nanti saya cek",
))  # fmt: skip


def cannot_check_yet(text: str) -> bool:
    return said(CANNOT_CHECK_YET, text)


def check_when_back(ctx: OrderContext, shipment: ShipmentView) -> List[EventType]:
    """Where the parcel was left, and to say here if it isn't there: no case yet."""
    latest = shipment.latest
    ctx.say(CHECK_WHEN_BACK, where_left=where_left(latest) if latest else "", **shipment_values(shipment))
    return []
