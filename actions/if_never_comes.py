""" "What if it never comes?" about a parcel on its way: the day it should have come by, and
that a parcel not come by then is looked for, then refunded or sent again if lost.

Asked as a refund ("如果下周还没到可以退款吗") and, since the playtest of 2026-12-07, as where it
is: "ok noted thanks. if by 10 dec still never come how?" (shopee-sg-001, read as track_order)
got the same estimate again.
"""

from __future__ import annotations

from datetime import datetime, timezone

from rasa_sdk import Tracker

from actions.arrival_words import NEVER_COMES_WORDS, NOT_ARRIVED_WORDS
from actions.order_context import OrderContext
from actions.parcel_state import usual_arrival
from actions.question_words import IF_POSSIBLE, asks_what_if
from bot.commerce.template_values import iso
from bot.nlu.said_words import phrases, said
from bot.seller.shop import load_shop

IF_IT_NEVER_COMES = "utter_refund_if_never_arrives"
NEVER_COMES = phrases(NEVER_COMES_WORDS + NOT_ARRIVED_WORDS)
# "if" with a day between it and the rest ("if 10 dec still never come then how?"), which the
# what-if phrases, read whole, miss: beside words for never coming (not for "hasn't come": "it
# hasn't come, can you check if…" asks where it is) it asks the same.
IF = phrases(("if", "se", "si", "если", "如果", "要是", "ถ้า", "nếu", "neu", "kalau", "kalo", "jika"))
WILL_NEVER_COME = phrases(NEVER_COMES_WORDS + ("lost", "super late", "very late", "too late"))


def asks_if_it_never_comes(tracker: Tracker) -> bool:
    """ "What if it never comes?" ("if by 10 dec still never come how?": a day, but not the day
    it is needed by)."""
    text = tracker.latest_message.get("text") or ""
    if asks_what_if(text) and said(NEVER_COMES, text):
        return True
    return said(IF, text) and not said(IF_POSSIBLE, text) and said(WILL_NEVER_COME, text)


def told_if_it_never_comes(ctx: OrderContext) -> bool:
    """ "What if it hasn't come by next week, can I get a refund?" ("如果下周还没到可以退款吗" got
    "parcels on their way can't be refunded yet"): the day it should have come by, and that a
    parcel not come by then is looked for and refunded or sent again if lost. Said for an
    order whose parcels shipped on a known day to a country with usual delivery days."""
    window = load_shop().delivery_window(ctx.order.destination_country)
    # The latest parcel's shipping day, else the order's.
    sent = [p.shipped_at for p in ctx.order.shipments if p.shipped_at is not None]
    shipped_at = max(sent, default=None) or ctx.order.shipped_at
    if not asks_if_it_never_comes(ctx.tracker) or window is None or shipped_at is None:
        return False
    now = datetime.now(timezone.utc)
    _, latest = usual_arrival(shipped_at, window, now)
    if latest < now:
        return False  # later than usual already: where it is, and what happens then
    ctx.say(IF_IT_NEVER_COMES, expected_to_date=iso(latest), longest_days=window.longest)
    return True
