"""An order past its ship-by date that has not shipped: said so, whichever way the buyer asks
("when will you ship?", "where is it?"), and not twice.

Asked as "where is my order?", it was told "paid, will ship by 2 Dec" on the 4th, a date
already gone. Asked again after the apology, a person takes it up with the warehouse: the
same apology once more tells the buyer nothing.
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.disputes import bot_said
from actions.handoff import hand_off
from actions.order_context import OrderContext

LATE = "utter_ship_overdue"


def tell_late(ctx: OrderContext) -> List[EventType]:
    if bot_said(ctx.tracker, [LATE], ctx.order.order_number):
        return hand_off(ctx.dispatcher, ctx.tracker, "late_shipment")
    ctx.say(LATE)
    return []
