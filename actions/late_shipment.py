"""An order past its ship-by date that has not shipped: said so, whichever way the buyer asks
("when will you ship?", "where is it?"), and not twice.

Asked as "where is my order?", it was told "paid, will ship by 2 Dec" on the 4th, a date
already gone. Asked again after the apology, the buyer may cancel it for a full refund
(the cancellation's own yes/no question, actions/cancellation.py): "udah bayar dari kemarin"
went straight to a person, and "kalau gitu batalin aja" (then just cancel it) met a chat a
person held. Asked once more, a person takes it up with the warehouse.
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType, SlotSet

from actions.cancellation import QUESTION as CANCEL_QUESTION
from actions.confirmation import AWAITING
from actions.disputes import bot_said
from actions.handoff import hand_off
from actions.keep_words import says_keep_it
from actions.order_context import OrderContext

LATE = "utter_ship_overdue"
CANCEL_OFFER = "utter_ship_overdue_cancel_offer"
STILL_URGENT = "utter_ship_overdue_waiting"


def tell_late(ctx: OrderContext) -> List[EventType]:
    number = ctx.order.order_number
    if not bot_said(ctx.tracker, [LATE], number):
        ctx.say(LATE)
        return []
    if says_keep_it(ctx.tracker.latest_message.get("text") or ""):
        # "ya udah aku tunggu aja deh kak, tp tolong dipercepat ya" (I'll wait, please hurry) was
        # offered to cancel: it stays flagged urgent, and the buyer waits.
        ctx.say(STILL_URGENT)
        return []
    if not bot_said(ctx.tracker, [CANCEL_OFFER], number):
        ctx.say(CANCEL_OFFER)
        return [SlotSet(AWAITING, CANCEL_QUESTION)]
    return hand_off(ctx.dispatcher, ctx.tracker, "late_shipment")
