""" "Can't you send it faster?": about the parcel just discussed, even once it has shipped.

Played on `make run` (aliexpress-br-001): told when the earbuds on their way should arrive,
"putz, nao tem como mandar mais rapido nao ne?" (no way to send it faster, right?) was read as
"when will you ship?", which fits an order not shipped yet: the answer moved to another order.
Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

FASTER = phrases((
    "faster", "quicker", "speed it up", "speed up", "express", "mais rapido", "mais rápido",
    "mais depressa", "más rápido", "mas rapido", "más pronto", "быстрее", "ускорить", "побыстрее",
    "快一点", "快一點", "快点", "快點", "加急", "เร็วกว่านี้", "เร็วขึ้น", "ด่วน", "nhanh hơn", "nhanh lên",
    "hỏa tốc", "lebih cepat", "dipercepat", "cepetin", "bilisan",
))  # fmt: skip


def asks_faster(text: str) -> bool:
    return said(FASTER, text)
