"""urge_shipment: when the order ships; in a big promotion, the volume apology too."""

from __future__ import annotations

from datetime import date
from typing import List

from rasa_sdk.events import EventType

from actions import tracking
from actions.disputes import bot_said
from actions.handoff import hand_off
from actions.late_shipment import tell_late
from actions.order_context import OrderContext
from bot.seller.shop import load_shop


async def answer(ctx: OrderContext) -> List[EventType]:
    order = ctx.order
    if order.shipped:
        return await tracking.answer(ctx)
    if order.status == "unpaid":
        ctx.say("utter_order_unpaid")
        return []
    today = date.today()
    events = tell_late(ctx) if order.ship_overdue(today) else _ship_by(ctx)
    promotion = load_shop().promotion_on(today)
    if promotion and not events:  # a person has it now: they say what they need to
        ctx.say("utter_promotion_apology", promotion=promotion.name)
    return events


# "pls ship faster" right after "will ship by the 6th" got that sentence word for word.
SHIP_BY, SHIP_BY_AGAIN = "utter_ship_by", "utter_ship_by_again"


def _ship_by(ctx: OrderContext) -> List[EventType]:
    """The ship-by date; asked again, the same date said as an answer to the hurry; asked once
    more, a person, who can ask the warehouse."""
    number = ctx.order.order_number
    if bot_said(ctx.tracker, [SHIP_BY_AGAIN], number):
        return hand_off(ctx.dispatcher, ctx.tracker, "urge_shipment")
    ctx.say(SHIP_BY_AGAIN if bot_said(ctx.tracker, [SHIP_BY], number) else SHIP_BY)
    return []
