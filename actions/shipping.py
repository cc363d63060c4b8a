"""urge_shipment: when the order ships; in a big promotion, the volume apology too."""

from __future__ import annotations

from datetime import date
from typing import List

from rasa_sdk.events import EventType

from actions import address_change, tracking
from actions.late_shipment import tell_late
from actions.order_context import OrderContext
from actions.ship_date import tell_ship_date
from bot.seller.shop import load_shop


async def answer(ctx: OrderContext) -> List[EventType]:
    order = ctx.order
    if order.shipped:
        return await tracking.answer(ctx)
    # "alamat pengiriman bs diganti ga?" read as when it ships got the ship date (round 16): the
    # new address first, as "where is it?" gets (the ship date too when asked, address_change).
    moved = address_change.answered(ctx, None)
    if moved is not None:
        return moved
    if order.status == "unpaid":
        ctx.say("utter_order_unpaid")
        return []
    today = date.today()
    events = tell_late(ctx) if order.ship_overdue(today) else tell_ship_date(ctx)
    promotion = load_shop().promotion_on(today)
    if promotion and not events:  # a person has it now: they say what they need to
        ctx.say("utter_promotion_apology", promotion=promotion.name)
    return events
