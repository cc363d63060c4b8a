"""An order not shipped yet, before its ship-by date: when it ships, and not the same sentence
twice ("when will u ship?", "pls ship faster", "still nothing??" got it three times)."""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.disputes import bot_said
from actions.handoff import hand_off
from actions.order_context import OrderContext

SHIP_BY, SHIP_BY_AGAIN = "utter_ship_by", "utter_ship_by_again"
# The status answer to "where is my order?" says the same date.
STATUS_UNSHIPPED = "utter_order_status_unshipped"


def tell_ship_date(ctx: OrderContext, first: str = SHIP_BY) -> List[EventType]:
    """`first` the first time; asked again, the date said as an answer to the hurry; asked once
    more, a person, who can ask the warehouse."""
    number = ctx.order.order_number
    if bot_said(ctx.tracker, [SHIP_BY_AGAIN], number):
        return hand_off(ctx.dispatcher, ctx.tracker, "urge_shipment")
    told = bot_said(ctx.tracker, [SHIP_BY, STATUS_UNSHIPPED], number)
    ctx.say(SHIP_BY_AGAIN if told else first)
    return []
