"""Import VAT or duty asked when no order of the buyer's will cross a border: the rule in general.

Round 12 (wish-gb-001, whose one order was cancelled before it was paid): "will I have to pay
UK VAT on it?" got "your order … was declared at £6.00 … customs in United Kingdom inspect every
parcel", the customs text of an order that will never ship. A cancelled or refunded order is no
customs question's subject: with no other order (or none at all), who pays import VAT or duty
and how it is worked out, without an order.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, recent_orders
from actions.conversation import latest_order_topic
from actions.order_context import names_an_order

DUTY_IN_GENERAL = "utter_customs_duty_general"
# Orders that will never be sent: nothing of theirs meets customs.
NEVER_SENT = ("cancelled", "refunded")


async def duty_in_general(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """The general answer to a customs question that names no number, when every order of the
    buyer's was cancelled or refunded (or there is none), also one discussed just before; else
    None (an order's own answer)."""
    if latest_order_topic(tracker) != "customs_duty" or names_an_order(tracker):
        return None
    orders = await recent_orders(buyer_of(tracker))
    if any(order.status not in NEVER_SENT for order in orders):
        return None
    dispatcher.utter_message(response=DUTY_IN_GENERAL)
    return []
