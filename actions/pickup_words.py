"""The words buyers use for "where do I collect it?" and "how long is it kept there?", in the
bot's languages.

Asked again about a parcel waiting at the post office, a buyer who asks where to collect it
wants the place once more, not a person: "ไปรับที่ไหนคะ" right after "it waits at the post
office" was handed to the agents. Any other second question about it ("can't you deliver it
to my home?") still goes to a person (actions/tracking.py). Matched with accents folded
(bot/nlu/said_words).
"""

from __future__ import annotations

from actions.question_words import WHY
from actions.refusal_words import COSTS
from bot.nlu.said_words import phrases, said

WHERE_WORDS = (
    "where",
    "which post office",
    "address",
    "哪里",
    "哪裡",
    "哪儿",
    "哪個",
    "哪个",
    "在哪",
    "什么地方",
    "什麼地方",
    "地址",
    "где",
    "куда",
    "какое отделение",
    "адрес",
    "onde",
    "endereco",
    "donde",
    "direccion",
    "que oficina",
    "o dau",
    "cho nao",
    "dia chi",
    "buu cuc nao",
    "di mana",
    "dimana",
    "kantor pos mana",
    "alamat",
    "ที่ไหน",
    "ตรงไหน",
    "สาขาไหน",
    "ที่อยู่",
    "ไปรษณีย์ไหน",
    "สาขาอะไร",
)
WHERE_TO_COLLECT = phrases(WHERE_WORDS)


def asks_where_to_collect(text: str) -> bool:
    return said(WHERE_TO_COLLECT, text)


# "ถ้าไม่ไปรับภายในกี่วันจะตีกลับคะ" (within how many days before it goes back?) right after
# "it waits at the post office" went to a person: the day to collect it by is the answer.
KEPT_WORDS = (
    "how long", "how many days", "until when", "sent back", "send it back", "returned",
    "กี่วัน", "ตีกลับ", "ส่งคืน", "ถึงวันไหน", "ถึงเมื่อไหร่", "ภายในวันไหน", "วันไหน",
    "几天", "幾天", "退回", "多久", "保留",
    "quantos dias", "devolvid", "ate quando", "cuantos dias", "devuelv", "hasta cuando",
    "сколько дней", "вернут", "до какого", "bao lau", "may ngay", "hoan ve", "tra ve",
    "berapa hari", "dikembalikan", "sampai kapan", "diretur",
    # Not collected in time: "แล้วถ้าไปรับไม่ทันจะเป็นยังไงคะ" went to a person.
    "ไปรับไม่ทัน", "รับไม่ทัน", "ไม่ทันล่ะ", "ไม่ทันจะ", "can't collect it in time", "don't pick it up in time",
    "not collected",
    "não buscar a tempo", "no lo recojo a tiempo", "не успею забрать", "来不及取", "來不及取", "没去取",
    "không kịp lấy", "ga sempat ambil", "tidak sempat ambil",
)  # fmt: skip
HOW_LONG_KEPT = phrases(KEPT_WORDS)


def asks_how_long_kept(text: str) -> bool:
    return said(HOW_LONG_KEPT, text)


# "ทำไมไปอยู่ที่ไปรษณีย์ล่ะ ไม่มีคนมาส่งเลย" (why is it at the post office? nobody came) right
# after "it waits at the post office" went to a person: why parcels end up there is the answer.
NOBODY_CAME_WORDS = (
    "nobody came", "no one came", "nobody tried", "never tried to deliver", "didn't even try",
    "ไม่มีคนมาส่ง", "ไม่มีใครมาส่ง", "ไม่เห็นมาส่ง", "ไม่มาส่ง", "没人送", "没有人来送", "快递员没来",
    "沒人送", "沒有人來送", "никто не приходил", "курьер не приходил", "никто не звонил",
    "ninguem veio", "nao tentaram entregar", "nadie vino", "no intentaron entregar",
    "khong ai giao", "shipper khong toi", "khong thay ai giao", "gak ada yang nganter",
    "ga ada yang nganter", "kurir gak dateng", "kurir ga dateng", "tidak ada kurir",
    # "ขนส่งไม่เคยมาส่งเลย อยู่บ้านทั้งวัน" (the courier never came, I was home all day).
    "ไม่เคยมาส่ง", "ทำไมไม่มาส่ง", "อยู่บ้านทั้งวัน", "never came to deliver", "i was home all day",
    "was at home all day", "i was home the whole day", "estava em casa o dia todo",
    "estaba en casa todo el día", "я был дома весь день", "я была дома весь день", "我一直在家",
    "我整天都在家", "em ở nhà cả ngày", "saya di rumah seharian", "aku di rumah seharian",
)  # fmt: skip
NOBODY_CAME = phrases(NOBODY_CAME_WORDS)


def says_nobody_came(text: str) -> bool:
    return said(NOBODY_CAME, text)


def asks_why_there(text: str) -> bool:
    """ "Nobody came", or why it is at the post office: asked first too, "ทำไมไม่ส่งถึงบ้าน ให้ไปรับเองที่
    ไปรษณีย์" (why not to my home? round 16) got where to collect it, which the buyer knew."""
    return said(WHY, text) or says_nobody_came(text)


# "ไปรษณีย์เปิดกี่โมงคะ วันเสาร์เปิดไหม" (what time does the post office open? on Saturday?) right
# after "it waits at the post office" went to a person (round 16): the carrier shows its hours.
OPENING_HOURS_WORDS = (
    "opening hours", "what time does", "what time do they", "open on saturday", "open on sunday",
    "open on weekends", "when does it open", "when do they open", "business hours",
    "เปิดกี่โมง", "ปิดกี่โมง", "เปิดวัน", "เวลาทำการ", "เวลาเปิด",
    "几点开门", "幾點開門", "几点关门", "幾點關門", "营业时间", "營業時間", "周末开", "週末開",
    "que horas abre", "horario de funcionamento", "abre sabado", "a que hora abre", "horario de atencion",
    "abre el sabado", "часы работы", "во сколько открывается", "до скольки работает", "работает в субботу",
    "jam buka", "buka jam berapa", "buka hari sabtu", "jam operasional", "may gio mo cua", "gio mo cua",
    "mo cua thu bay", "anong oras bukas", "anong oras magsasara",
)  # fmt: skip
OPENING_HOURS = phrases(OPENING_HOURS_WORDS)


def asks_opening_hours(text: str) -> bool:
    return said(OPENING_HOURS, text)


# Round 17: "ถ้าไม่ไปรับที่ไปรษณีย์ จะได้เงินคืนไหมคะ กี่วัน" (if I don't collect it at the post office, do
# I get my money back, how many days?) about the earbuds waiting there got where to collect them:
# left there, it goes back to the shop after the days it is kept, and the refund follows.
NOT_COLLECTING = phrases((
    "ถ้าไม่ไปรับ", "ไม่ไปรับได้ไหม", "if i don't pick it up", "if i dont pick it up", "if i don't collect",
    "if i dont collect", "if i never pick", "se eu nao buscar", "se eu nao retirar", "se nao buscar",
    "si no lo recojo", "si no voy a recoger", "si no lo retiro", "если не заберу", "если не забрать",
    "не буду забирать", "如果不去取", "不去取", "不取件", "不去拿", "neu khong ra lay", "neu khong di lay",
    "khong ra lay", "kalau gak diambil", "kalau tidak diambil", "kalo ga diambil", "gak aku ambil",
))  # fmt: skip


def asks_if_not_collected(text: str) -> bool:
    """Does the message ask whether the money comes back if the parcel waiting at the post office
    is not collected? ("ถ้าไม่ไปรับภายในกี่วันจะตีกลับ", how many days until it goes back, asks
    the day to collect it by.)"""
    return said(NOT_COLLECTING, text) and said(COSTS, text)
