"""urge_shipment: when the order ships; in a big promotion, the volume apology too."""

from __future__ import annotations

from datetime import date
from typing import List

from rasa_sdk.events import EventType

from actions import tracking
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
    overdue = order.ship_by is not None and order.ship_by < today
    ctx.say("utter_ship_overdue" if overdue else "utter_ship_by")
    promotion = load_shop().promotion_on(today)
    if promotion:
        ctx.say("utter_promotion_apology", promotion=promotion.name)
    return []
