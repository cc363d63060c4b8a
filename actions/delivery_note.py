"""A buyer's delivery instructions: "可以放门卫吗", "pode deixar na portaria?", "gửi bảo vệ
cũng được", "call me before you come", and "I won't be home" ("我不在家怎么办").

Read as where the parcel is, they got the parcel's dates, were asked back, or went to the
product team. How a parcel on its way is handed over is the courier's: the buyer is told
whom to tell, with the tracking number, and where the parcel is now. An order not shipped
yet, or the same wish again after that answer (or "you tell the courier"), goes to a person
(tier 1): the seller can write it on the parcel, or ask the carrier. Matched with accents
folded (bot/nlu/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.conversation import ranked_intents, said_in_the_turn_answered, said_this_session
from actions.handoff import hand_off
from actions.order_context import OrderContext
from actions.order_offers import asked_now_or_before_offer
from bot.commerce.views import NOT_YET_SHIPPED
from bot.nlu.said_words import phrases, said

DELIVERY_NOTE = "utter_tracking_delivery_note"
HANDOFF_REASON = "delivery_note"

# Who may take the parcel, where it may be left, when or how the courier should come.
INSTRUCTION_WORDS = (
    # en
    "leave it with", "leave it at", "leave it outside", "leave it by the door", "leave the parcel",
    "leave the package", "front desk", "reception", "security guard", "concierge", "doorman",
    "my neighbour", "my neighbor", "call me before", "call before", "parcel locker",
    "deliver it to my office", "deliver to my office", "deliver it after", "deliver after",
    "delivered after", "come after", "deliver in the", "deliver it in the", "bring it in the",
    "ring me first", "guardhouse",
    # zh
    "放门卫", "门卫", "放门口", "放前台", "前台", "快递柜", "丰巢", "驿站", "物业", "保安",
    "放邻居", "先打电话", "提前打电话", "送到公司", "警衛", "管理室", "放門口", "櫃台", "管理員", "驛站",
    "先打个电话", "先打電話", "下午送可以", "上午送可以", "晚上送可以", "改到下午送", "改到晚上送",
    # ru
    "оставьте у", "оставить у", "оставьте на", "консьерж", "охран", "соседям", "соседу",
    "позвоните перед", "позвонить перед", "позвоните заранее", "позвонит заранее", "постамат",
    "на работу", "приехать после", "привезти после", "перед доставкой", "привезти вечером",
    "привезти утром", "доставить вечером",
    # pt
    "portaria", "porteiro", "zelador", "deixar com", "deixa com", "deixar na", "deixa na",
    "deixar no", "deixa no", "vizinho", "vizinha", "ligar antes", "liga antes", "recepcao",
    "entregar no trabalho", "entregar no meu trabalho", "vir depois", "entregar depois",
    # es
    "portero", "conserje", "dejar con", "dejarlo con", "dejenlo con", "dejar en la puerta",
    "dejarlo en", "vecino", "vecina", "llamen antes", "llamar antes", "llamarme antes",
    "vigilante", "caseta", "llame antes", "en mi trabajo", "venir despues", "traer en la tarde",
    "traerlo en la tarde", "entregar en la tarde", "entregarlo en la tarde",
    # vi
    "gui bao ve", "bao ve nhan", "bao ve toa", "bao ve chung cu", "le tan", "truoc cua",
    "hang xom", "goi truoc", "goi dien truoc", "gio hanh chinh", "giao buoi toi", "giao vao buoi",
    "giao den cong ty", "giao toi cong ty", "phong bao ve", "giao buoi chieu", "giao buoi sang",
    # id
    "satpam", "titip ke", "titip di", "titipin", "dititip", "resepsionis", "tetangga",
    "taruh di", "telpon dulu", "telepon dulu", "hubungi dulu", "antar ke kantor",
    "diantar ke kantor", "kirim ke kantor", "pos jaga", "antar sore", "antar pagi", "antar malam",
    # th
    "ฝากไว้", "ฝากยาม", "ป้อมยาม", "รปภ", "ฝากนิติ", "นิติบุคคล", "เพื่อนบ้าน", "วางไว้",
    "หน้าบ้าน", "โทรก่อน", "ส่งที่ทำงาน", "ล็อบบี้", "โทรหาก่อน", "โทรมาก่อน", "ส่งช่วงบ่าย",
    "ส่งช่วงเย็น", "ส่งช่วงเช้า", "ส่งตอนเย็น",
)  # fmt: skip
# "我不在家怎么办" (I won't be home, what do I do?) after "out for delivery today" got the
# delivery dates again: who takes the parcel is the courier's to arrange, as for instructions.
NOT_HOME_WORDS = (
    "won't be home", "wont be home", "will not be home", "i'm not home", "im not home",
    "i am not home", "not at home", "nobody at home", "no one at home", "nobody will be home",
    "no one will be home",
    "不在家", "家里没人", "家裡沒人", "没人在家", "沒人在家",
    "не будет дома", "нет дома", "никого не будет",
    "não estou em casa", "não vou estar em casa", "não estarei em casa", "ninguém em casa",
    "não vai ter ninguém",
    "no estoy en casa", "no voy a estar en casa", "no estaré en casa", "no hay nadie en casa",
    "no va a haber nadie",
    "không có nhà", "ko có nhà", "k có nhà", "không ở nhà", "ko ở nhà", "vắng nhà",
    "nhà không có ai", "nhà ko có ai",
    "tidak di rumah", "gak di rumah", "ga di rumah", "nggak di rumah", "gk di rumah",
    "rumah kosong", "gak ada orang di rumah", "ga ada orang di rumah", "tidak ada orang di rumah",
    "ไม่อยู่บ้าน", "ไม่มีใครอยู่บ้าน", "ไม่มีคนอยู่บ้าน",
)  # fmt: skip
# "司机说找不到我家" (the driver can't find my house), "能不能叫他明天再送" (can he come
# tomorrow?) got "out for delivery today" twice: what to tell the courier, and how.
COURIER_LOST_WORDS = (
    "can't find my house", "cant find my house", "can't find my address", "cant find my address",
    "couldn't find my house", "couldn't find my address", "deliver tomorrow", "come back tomorrow",
    "找不到我家", "找不到地址", "找不到我的地址", "明天再送", "改天送", "明天送",
    "не может найти", "не нашел адрес", "не нашёл адрес", "привезти завтра", "доставить завтра",
    "não achou meu endereço", "não encontrou meu endereço", "não acha meu endereço", "entregar amanhã",
    "no encuentra mi casa", "no encontró mi dirección", "no encuentra mi dirección", "entregar mañana",
    "không tìm thấy nhà", "không tìm được nhà", "giao ngày mai", "mai giao",
    "gak nemu alamat", "ga nemu alamat", "tidak menemukan alamat", "kurir nyasar", "antar besok",
    "หาบ้านไม่เจอ", "หาที่อยู่ไม่เจอ", "ส่งพรุ่งนี้",
)  # fmt: skip
INSTRUCTIONS = phrases(INSTRUCTION_WORDS + NOT_HOME_WORDS + COURIER_LOST_WORDS)
# "那你们帮我跟快递说一下吧" right after that answer: the buyer wants the shop to tell the courier.
COURIER_WORDS = (
    "courier", "driver", "carrier", "快递员", "快遞員", "跟快递说", "跟快遞說", "告诉快递", "通知快递",
    "联系快递", "快递小哥", "派送员", "курьер", "entregador", "transportadora", "repartidor",
    "paqueteria", "shipper", "kurir", "kurirnya", "ekspedisi", "ekspedisinya", "พนักงานส่ง", "คนส่ง", "บอกขนส่ง",
)  # fmt: skip
COURIER = phrases(COURIER_WORDS)


def gives_delivery_instructions(text: str) -> bool:
    return said(INSTRUCTIONS, text)


def about_delivery(tracker: Tracker) -> bool:
    """Is a message the classifier was unsure of about delivering the parcel: instructions
    with "where is my order" among its two likeliest readings ("deixa com o porteiro por
    favor"), or right after this answer, the wish again or "you tell the courier" ("а вы можете
    сами сказать курьеру?" fell back and was asked back)?"""
    text = tracker.latest_message.get("text") or ""
    if said_in_the_turn_answered(tracker, [DELIVERY_NOTE]):
        return gives_delivery_instructions(text) or said(COURIER, text)
    return "track_order" in ranked_intents(tracker, 2) and gives_delivery_instructions(text)


def answered(ctx: OrderContext, values: dict | None) -> List[EventType] | None:
    """The answer to delivery instructions about `ctx.order` (its one parcel's `values`, None
    before it has any), or None when the message gives none."""
    instructions = asked_now_or_before_offer(ctx.tracker, gives_delivery_instructions)
    told = values is not None and said_this_session(
        ctx.tracker, [DELIVERY_NOTE], tracking_number=values["tracking_number"]
    )
    if told and (instructions or said(COURIER, ctx.tracker.latest_message.get("text") or "")):
        return hand_off(ctx.dispatcher, ctx.tracker, HANDOFF_REASON)  # the same wish, or "you tell them"
    if instructions is None:
        return None
    if ctx.order.status in NOT_YET_SHIPPED or values is None:
        return hand_off(ctx.dispatcher, ctx.tracker, HANDOFF_REASON)
    ctx.say(DELIVERY_NOTE, **values)
    return []
