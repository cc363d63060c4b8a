"""The words buyers use for "where do I collect it?" and "how long is it kept there?", in the
bot's languages.

Asked again about a parcel waiting at the post office, a buyer who asks where to collect it
wants the place once more, not a person: "ไปรับที่ไหนคะ" right after "it waits at the post
office" was handed to the agents. Any other second question about it ("can't you deliver it
to my home?") still goes to a person (actions/tracking.py). Matched with accents folded
(actions/said_words).
"""

from __future__ import annotations

from actions.said_words import phrases, said

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
)
WHERE_TO_COLLECT = phrases(WHERE_WORDS)


def asks_where_to_collect(text: str) -> bool:
    return said(WHERE_TO_COLLECT, text)


# "ถ้าไม่ไปรับภายในกี่วันจะตีกลับคะ" (within how many days before it goes back?) right after
# "it waits at the post office" went to a person: the day to collect it by is the answer.
KEPT_WORDS = (
    "how long", "how many days", "until when", "sent back", "send it back", "returned",
    "กี่วัน", "ตีกลับ", "ส่งคืน", "ถึงวันไหน", "ถึงเมื่อไหร่", "几天", "幾天", "退回", "多久", "保留",
    "quantos dias", "devolvid", "ate quando", "cuantos dias", "devuelv", "hasta cuando",
    "сколько дней", "вернут", "до какого", "bao lau", "may ngay", "hoan ve", "tra ve",
    "berapa hari", "dikembalikan", "sampai kapan", "diretur",
)  # fmt: skip
HOW_LONG_KEPT = phrases(KEPT_WORDS)


def asks_how_long_kept(text: str) -> bool:
    return said(HOW_LONG_KEPT, text)
