"""Which order a question is about, and the context a topic answer works with."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, db, repository
from actions.handoff import hand_off
from bot.commerce.template_values import order_values
from bot.commerce.views import BuyerRef, OrderView
from bot.seller.shop import load_shop


@dataclass
class OrderContext:
    dispatcher: CollectingDispatcher
    tracker: Tracker
    buyer: BuyerRef
    order: OrderView
    events: List[EventType] = field(default_factory=list)

    def say(self, response: str, **values: Any) -> None:
        self.dispatcher.utter_message(response=response, **{**order_values(self.order), **values})


@dataclass
class Resolution:
    order: OrderView | None
    events: List[EventType]


async def resolve_order(dispatcher: CollectingDispatcher, tracker: Tracker) -> Resolution:
    """The order from the message or conversation, else the buyer's only open order.

    An order number that is unknown and one that belongs to another buyer get the
    very same answer; repeated misses in a conversation are slowed down and flagged.
    """
    buyer = buyer_of(tracker)
    repo = repository()
    reference = tracker.get_slot("order_id") or tracker.get_slot("tracking_number")
    if reference:
        order = await db(repo.order_for_buyer, buyer, reference)
        if order is not None:
            return Resolution(order, [SlotSet("order_id", order.order_number)])
        return await _missed(dispatcher, tracker, buyer, reference)
    open_orders = await db(repo.open_orders, buyer)
    if len(open_orders) == 1:
        only = open_orders[0]
        dispatcher.utter_message(response="utter_about_only_order", **order_values(only))
        return Resolution(only, [SlotSet("order_id", only.order_number)])
    dispatcher.utter_message(response="utter_ask_order_id")
    return Resolution(None, [])


async def _missed(dispatcher, tracker, buyer: BuyerRef, reference: str) -> Resolution:
    forget = [SlotSet("order_id", None), SlotSet("tracking_number", None)]
    limit = load_shop().max_failed_lookups
    # The buyer is flagged when handed off for guessing (counted per buyer, not per conversation).
    attempts = await db(repository().record_failed_lookup, buyer, flag_after=limit + 1)
    if attempts > limit:
        # Each further guess waits longer, which makes trying numbers pointless.
        await asyncio.sleep(min(5.0, 0.5 * (attempts - limit)))
        dispatcher.utter_message(response="utter_too_many_lookups")
        return Resolution(None, forget + hand_off(dispatcher, tracker, "lookup_abuse"))
    dispatcher.utter_message(response="utter_order_not_found", reference=reference)
    return Resolution(None, forget)
