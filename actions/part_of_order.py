""" "Only one of the two": cancelling or sending back part of an order of several items.

Played on `kefu run` (round 16): "posso cancelar só uma das capinhas? comprei 2 mas só preciso
de 1" (aliexpress-br-001) was asked "shall I cancel the order (R$ 39,80)?", both cases; "ok vậy
mình trả 1 cái nha, được hoàn bao nhiêu tiền?" (lazada-vn-001, return one of the two phone cases)
recorded a refund request for the whole order. An order is cancelled whole: the buyer may keep
it, or cancel it and buy just what they need (the cancel is theirs to ask). Sending back part of
an order delivered is after-sales' to arrange, with that part's refund: a person takes it (tier
2, reason request_refund). Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import hand_off
from actions.order_context import OrderContext
from bot.commerce.template_values import order_values
from bot.commerce.views import NOT_YET_SHIPPED, OrderView
from bot.nlu.said_words import phrases, said

CANCEL_WHOLE = "utter_cancel_whole_order"
RETURN_PART = "utter_return_part"
RETURN_REASON = "request_refund"

ONE_OF_WORDS = (
    "only one", "just one", "one of them", "only 1", "just 1", "1 of the", "1 of them",
    "so uma", "so um", "apenas uma", "apenas um", "uma das", "um dos", "somente uma", "somente um", "so 1",
    "solo una", "solo uno", "una de las", "uno de los", "nomas una", "nomas uno", "solo 1",
    "только одну", "только один", "одну из", "один из", "одну штуку",
    "其中一", "只要一", "只退一", "只取消一", "退一个", "退一件", "取消一个", "取消一件", "一个就好", "只要1",
    "其中1", "退一個", "取消一個", "一個就好",
    "1 cai", "mot cai", "chi 1", "chi mot",
    "satu aja", "satu saja", "1 aja", "salah satu", "cuma satu", "cuma 1", "satunya aja",
    "อันเดียว", "ชิ้นเดียว", "1 ชิ้น", "ชิ้นนึง", "อันนึง",
    "isa lang", "isa na lang",
    # Round 17: "ja da pra cancelar uma delas?" was asked "cancel the order (R$ 39,80)?", and "não
    # não, só uma! comprei 2 e quero ficar com 1" to that was asked for a yes or no.
    "uma delas", "um deles", "ficar com uma", "ficar com um", "ficar com 1", "una de ellas", "uno de ellos",
    "quedarme con una", "quedarme con uno", "me quedo con una", "me quedo con uno", "keep one", "keep 1",
    "одну из них", "один из них", "оставить одну", "оставить один", "留一个", "留一個", "giu 1", "giu lai 1",
    "salah satunya", "simpan satu",
)  # fmt: skip
ONE_OF = phrases(ONE_OF_WORDS)


def asks_for_part(text: str, order: OrderView) -> bool:
    """Does the message ask about one of the order's several items, not the whole order?"""
    return sum(item.quantity for item in order.items) > 1 and said(ONE_OF, text)


def whole_order_told(dispatcher: CollectingDispatcher, order: OrderView, text: str) -> bool:
    """ "Only one of them!" while "shall I cancel the order?" waits: it is cancelled whole or kept
    (the question is dropped). False, and nothing said, for any other message."""
    if order.status not in NOT_YET_SHIPPED or not asks_for_part(text, order):
        return False
    quantity = sum(item.quantity for item in order.items)
    dispatcher.utter_message(response=CANCEL_WHOLE, **order_values(order), quantity=quantity)
    return True


def cancel_whole(ctx: OrderContext) -> bool:
    """ "Cancel just one of them" about an order not shipped: it is cancelled whole or kept.
    False, and nothing said, for any other message."""
    text = ctx.tracker.latest_message.get("text") or ""
    if not asks_for_part(text, ctx.order):
        return False
    ctx.say(CANCEL_WHOLE, quantity=sum(item.quantity for item in ctx.order.items))
    return True


def return_part(ctx: OrderContext) -> List[EventType] | None:
    """ "I'll send back one of them, how much is refunded?" about an order delivered: after-sales
    arranges it; None, and nothing said, for any other message."""
    text = ctx.tracker.latest_message.get("text") or ""
    if not asks_for_part(text, ctx.order):
        return None
    ctx.say(RETURN_PART)
    return hand_off(ctx.dispatcher, ctx.tracker, RETURN_REASON)
