"""The words buyers use for "part of my order is missing", in the bot's languages.

wrong_item covers both a wrong item and a missing one (DESIGN.md); the case differs: a part
missing is a missing_item case, and with a parcel of the order still on its way no case at
all (actions/after_sales.py). "显示签收了 但是只收到一个" opened a wrong-item case asking for
photos of the wrong item received. Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

MISSING_WORDS = (
    "missing",
    "only got",
    "only received",
    "only one arrived",
    "only one came",
    "only half",
    "只收到",
    "只到了",
    "只到一",
    "只来了",
    "只來了",
    "少了",
    "少发",
    "少發",
    "漏发",
    "漏發",
    # "两把雨伞呢？？包裹里面只有杯子罢了 是不是漏寄了" (shopee-sg-001) opened a case and asked for
    # photos, with the split order's other parcel still on its way.
    "漏寄",
    "少寄",
    "里面只有",
    "裡面只有",
    "缺了",
    "缺少",
    "не хватает",
    "недоложили",
    "пришл только",
    "пришел только",
    "только один",
    "только одна",
    "falta",
    "faltando",
    "faltou",
    "veio so",
    "so veio",
    "so chegou",
    "chegou so",
    "solo llego",
    "solo me llego",
    "solo recibi",
    "ขาด",
    "ได้แค่",
    "มาแค่",
    "มาไม่ครบ",
    "ไม่ครบ",
    "thieu",
    "chi nhan duoc",
    "chi co",
    "kurang",
    "cuma dapat",
    "cuma datang",
    "hanya datang",
    "tidak lengkap",
    "gak lengkap",
    # "Only one box came, where is the other one?" about an order sent in two parcels opened a
    # wrong-item case asking for photos: the other parcel is the rest of the order.
    "only one box",
    "only one parcel",
    "only one package",
    "only 1 box",
    "only 1 parcel",
    "the other box",
    "the other parcel",
    "the other package",
    "second box",
    "second parcel",
    "a outra caixa",
    "o outro pacote",
    "a outra encomenda",
    "la otra caja",
    "el otro paquete",
    "другая посылка",
    "другой посылки",
    "вторая посылка",
    "второй посылки",
    "另一个包裹",
    "另外一个包裹",
    "另一個包裹",
    "另一箱",
    "另一件包裹",
    "kien con lai",
    "kien kia",
    "thung con lai",
    "paket satunya",
    "paket yang lain",
    "paket lainnya",
    "กล่องที่เหลือ",
    "อีกกล่อง",
    "พัสดุอีกกล่อง",
)
MISSING = phrases(MISSING_WORDS)


def says_part_missing(text: str) -> bool:
    """Does the message say part of the order did not come ("只收到一个", "falta uma peça")?"""
    return said(MISSING, text)


# Something other than what was ordered came: "wrong", "not what I ordered", "sent the wrong one".
# Of a split order with a parcel still on its way, a wrong_item reading without these words is
# about the parcel still coming: "only 1 of my parcels came so far, where is the other one"
# opened a wrong-item case and asked for photos (round 11).
WRONG_THING = phrases((
    "wrong", "not what i ordered", "different item", "different product", "not the one i ordered",
    "errad*", "trocad*", "equivocad*", "incorrect*", "no es lo que", "não é o que", "nao e o que",
    "不对", "不對", "错", "錯", "发错", "發錯", "не тот", "не та", "не то", "перепутал*", "другой товар",
    "ผิด", "ไม่ตรง", "sai", "nham", "nhầm", "khong dung", "không đúng", "salah", "beda", "keliru",
))  # fmt: skip


def says_wrong_thing(text: str) -> bool:
    return said(WRONG_THING, text)
