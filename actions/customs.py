"""customs_duty: the declared value, why the buyer pays, a goodwill coupon; disputes go to a person."""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.disputes import is_dispute
from actions.handoff import hand_off
from actions.order_context import OrderContext
from bot.seller.shop import load_shop


async def answer(ctx: OrderContext) -> List[EventType]:
    if is_dispute(ctx.tracker, "disputes_customs_duty", ctx.order.order_number):
        # The buyer already had the explanation and comes back: they dispute it.
        return hand_off(ctx.dispatcher, ctx.tracker, "disputes_customs_duty")
    shop = load_shop()
    ctx.say("utter_customs_duty")
    if shop.coupon_code:
        ctx.say("utter_customs_goodwill", coupon_amount=shop.coupon_amount, coupon_code=shop.coupon_code)
    return []
