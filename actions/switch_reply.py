"""A reply in words to "I'm answering about your order A; if you meant another one, tap it below".

Played on `make run` (lazada-vn-001, one order on its way, one delivered): "cái chưa nhận" (the
one not received yet) right after that notice, about the order on its way, was not understood
and got "did you mean...?". Buyers say which order they mean as often as they tap: by a
product, an amount, a date, whether it came, paid or waits at customs (actions/order_hints.py).
One of the orders offered: the question asked, about that order, as its button would answer.
The order answered about: yes, that one.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, recent_orders
from actions.exchange import answer_exchange, wants_exchange
from actions.order_answer import answer_resolved
from actions.order_choice import named_among
from actions.order_context import SWITCH, Resolution
from actions.order_hints import read_hints
from actions.order_offers import Offer, offer_answered
from bot.commerce.views import OrderView


async def order_picked_after_switch(tracker: Tracker) -> OrderView | None:
    """The order a reply to the switch notice picks: the one answered about or one offered."""
    offer = offer_answered(tracker)
    discussed = tracker.get_slot("order_id")
    if offer is None or offer.response != SWITCH or not discussed:
        return None
    orders = {o.order_number: o for o in await recent_orders(buyer_of(tracker))}
    offered = [orders[n] for n in offer.order_numbers if n in orders and n != discussed]
    if discussed not in orders or not offered:
        return None
    text = tracker.latest_message.get("text") or ""
    hints = read_hints(text)
    if _about_customs(offer) and hints.paid:
        # "ja paguei ontem, quando libera?" after the duty was explained: paid (yesterday) is the
        # duty, not "the order I paid yesterday"; it picked a phone case not yet shipped.
        return None
    # "The second one" counts among the buttons, as the buyer saw them.
    return named_among(text, hints, [orders[discussed], *offered]) or hints.at_place(offered)


def _about_customs(offer: Offer) -> bool:
    return any((b.get("payload") or "").startswith("/customs_duty") for b in offer.buttons)


async def answer_switch_reply(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """The answer to a reply that picks an order after the switch notice; None if it picks none."""
    picked = await order_picked_after_switch(tracker)
    if picked is None:
        return None
    if picked.order_number == tracker.get_slot("order_id"):
        if _says_more_than_which(tracker.latest_message.get("text") or ""):
            # "вот 990, а я платил 1 189 с доставкой. доставку не возвращаете что ли?" named the
            # refund's amount and got "yes, that order": it asks about that order, as itself.
            return None
        dispatcher.utter_message(response="utter_that_order_yes", order_number=picked.order_number)
        return []
    if wants_exchange(tracker.latest_message.get("text") or ""):
        # "à mà cái ốp lưng bị chật quá ko vừa máy, đổi size lớn hơn đc ko" (the phone case is too
        # tight, a bigger size?) after the notice about the earbuds (round 17) got the case's
        # "delivered, did it come?": another size is after-sales' to arrange, for that order.
        return [SlotSet("order_id", picked.order_number), *(answer_exchange(dispatcher, tracker) or [])]
    chosen = Resolution(picked, [SlotSet("order_id", picked.order_number)])
    return await answer_resolved(dispatcher, tracker, chosen)


# More words than it takes to say which order ("the one not received yet", "o de 99 reais").
MAX_PICKING_WORDS = 6


def _says_more_than_which(text: str) -> bool:
    return "?" in text or "？" in text or len(text.split()) > MAX_PICKING_WORDS
