"""customs_duty: the declared value, why the buyer pays, a goodwill coupon; disputes go to a person."""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.conversation import user_intents
from actions.handoff import hand_off
from actions.order_context import OrderContext
from bot.seller.shop import load_shop


async def answer(ctx: OrderContext) -> List[EventType]:
    asked_before = user_intents(ctx.tracker)[:-1].count("customs_duty") > 0
    if asked_before:
        # The buyer already had the explanation and comes back: they dispute it.
        return hand_off(ctx.dispatcher, ctx.tracker, "customs_duty")
    shop = load_shop()
    ctx.say("utter_customs_duty")
    if shop.coupon_code:
        ctx.say("utter_customs_goodwill", coupon_amount=shop.coupon_amount, coupon_code=shop.coupon_code)
    return []
