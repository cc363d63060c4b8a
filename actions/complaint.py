"""A complaint about an order's trouble: what the order shows, then a person.

Played on `make run` (aliexpress-mx-001, a parcel with no scan for 9 days): "esto es una
vergüenza, mi paquete lleva 9 días sin moverse y nadie me responde" went to a person with
nothing said about the parcel, and no one asked the carrier to look for it; "where is my
parcel?" would have done both. A complaint that names an order's trouble (actions/complaint_words)
now gets the answer that question gets about the order it means, and then the person, who
reads it above the buyer's words. Only an order found without asking: a complaint is not
answered with "which of your orders?".
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, db, recent_orders, repository
from actions.complaint_words import complained_topic
from actions.confirmation import AWAITING
from actions.conversation import ranked_intents
from actions.handoff import hand_off, paused
from actions.order_answer import answer_resolved
from actions.order_choice import choose
from actions.order_context import ONLY_ORDER, Resolution, names_an_order
from bot.commerce.template_values import order_values
from bot.commerce.views import OrderView


async def hand_off_complaint(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """What the order shows, when the complaint names its trouble, then the person (unless that
    answer handed the chat over itself: a parcel never received)."""
    facts = await order_facts(dispatcher, tracker)
    if paused(facts):
        return facts
    # A yes/no the bot waits on, or one the answer asked ("shall I cancel it?"), is the person's.
    asked = any(e.get("event") == "slot" and e.get("name") == AWAITING for e in facts)
    events = hand_off(dispatcher, tracker, "complaint")
    if asked or tracker.get_slot(AWAITING):
        events = [SlotSet(AWAITING, None), *events]
    return [*facts, *events]


def complaint_read_unsurely(tracker: Tracker) -> bool:
    """Not understood, a complaint among the two likeliest readings, and an order's trouble
    named: "shop làm ăn kiểu gì vậy, đơn hàng giao chậm quá" (delivery too slow) was asked "did
    you mean: a wrong item / a complaint?"."""
    text = tracker.latest_message.get("text") or ""
    return "complaint" in ranked_intents(tracker, 2) and complained_topic(text) is not None


async def order_facts(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The answer about the order a complaint names the trouble of (none when it names no
    trouble, or the order is not clear without asking)."""
    text = tracker.latest_message.get("text") or ""
    topic = complained_topic(text)
    if topic is None:
        return []
    order = await _order_meant(tracker, topic, text)
    if order is None:
        return []
    dispatcher.utter_message(response=ONLY_ORDER, **order_values(order))
    chosen = Resolution(order, [SlotSet("order_id", order.order_number)])
    return await answer_resolved(dispatcher, tracker, chosen, topic=topic)


async def _order_meant(tracker: Tracker, topic: str, text: str) -> OrderView | None:
    buyer = buyer_of(tracker)
    discussed = tracker.get_slot("order_id")
    if names_an_order(tracker) and discussed:
        # Another buyer's number or an unknown one finds nothing, as everywhere.
        return await db(repository().order_for_buyer, buyer, discussed)
    return choose(topic, await recent_orders(buyer), text, discussed).order
