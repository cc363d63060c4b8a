"""A product named right after "order not found": the buyer's own order they meant.

aliexpress-br-001 (round 16, task 20) gave another buyer's order number, was told it was not
found, and wrote "ah desculpa, errei. o certo é o do relógio" (sorry, my mistake, the right one
is the watch one). Read unsurely (the damage or the wrong item), it got "did you mean…?"; read as
a number given, "what would you like to know about it?", though the question was asked with the
wrong number. The order the words name among the buyer's own (by a word of its title or by the
kind of product: actions/product_kinds.py) gets the answer that question was waiting for.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import said_in_the_turn_answered
from actions.order_answer import answer_resolved
from actions.order_context import Resolution, names_an_order, order_named_by_product

NOT_FOUND = "utter_order_not_found"


async def answer_correction(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """The question asked before "not found", about the order the latest message names by its
    product; None when the bot did not just say "not found" or the words name no one order."""
    if not said_in_the_turn_answered(tracker, [NOT_FOUND]) or names_an_order(tracker):
        return None  # a number given again is looked up as such
    named = await order_named_by_product(tracker)
    if named is None:
        return None
    chosen = Resolution(named, [SlotSet("order_id", named.order_number)])
    return await answer_resolved(dispatcher, tracker, chosen)
