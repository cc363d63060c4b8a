"""The words buyers use for "where do I collect it?", in the bot's languages.

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
