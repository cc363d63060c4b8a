""" "Will you compensate me for the delay?": a person decides, after what the order shows.

Sixth playtest round: "ช้าแบบนี้ชดเชยอะไรให้บ้างมั้ย โค้ดส่วนลดก็ได้" (lazada-th-001) got how coupons
work, and asked a third time "did you mean…?"; "me van a compensar algo por el retraso?"
(aliexpress-mx-001) and "minimal kasih kompensasi lah" (lazada-id-001) were answered about the
parcel alone. Goodwill for a late order is the seller's call: where the order stands is told,
and a person (tier 2, reason compensation) answers the rest. Matched with accents folded
(bot/nlu/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import hand_off, paused
from bot.nlu.said_words import phrases, said

REASON = "compensation"
COMPENSATION = phrases((
    "compensat*", "make up for", "for the delay", "for the inconvenience", "ชดเชย", "ค่าเสียเวลา",
    "补偿", "補償", "赔偿", "賠償", "компенсац*", "компенсир*", "compensação", "compensacao", "compensar",
    "compensación", "compensacion", "indemniz*", "bồi thường", "đền bù", "kompensasi", "ganti rugi",
    # "me dan algo por la espera, un cupon o algo?" got how coupons work, twice.
    "por la espera", "por el retraso", "pela demora", "pelo atraso", "за задержку", "за ожидание",
    # A part of the price back: "pls i-refund nyo yung difference" (a VIP's 15% voucher not
    # applied) was offered the whole order's cancellation (round 11).
    "the difference", "price difference", "partial refund", "refund the discount", "refund the voucher",
    "差价", "差價", "退差", "ส่วนต่าง", "คืนส่วนลด", "la diferencia", "reembolso parcial", "a diferença",
    "a diferenca", "reembolso parcial", "разницу", "частичный возврат", "selisih", "refund sebagian",
    "tiền chênh lệch", "hoàn tiền chênh", "hoàn phần chênh", "yung difference",
))  # fmt: skip


def asks_compensation(text: str) -> bool:
    return said(COMPENSATION, text)


def then_compensation(
    dispatcher: CollectingDispatcher, tracker: Tracker, events: List[EventType]
) -> List[EventType]:
    """An order answer's `events`, and a person after it when the message asks for amends."""
    if paused(events) or not asks_compensation(tracker.latest_message.get("text") or ""):
        return events
    return [*events, *hand_off(dispatcher, tracker, REASON)]
