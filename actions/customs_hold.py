""" "Where is it?" about a parcel held at customs: held since when, released once the duty is
paid; asked again, how the carrier asks for the duty.

Played (aliexpress-br-001): "o pedido ... ta parado faz tempo" about a parcel held at customs
since two days got "on its way", then the delivery window twice ("mas eu nao recebi nenhum
aviso dos correios"); no word of the duty. Kept apart from actions/customs.py (the duty
question itself), which imports the tracking answer this is part of.
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.conversation import said_this_session
from actions.order_context import OrderContext
from bot.seller.shop import load_shop

CUSTOMS_RELEASE, CUSTOMS_HOW_TO_PAY = "utter_customs_release", "utter_customs_how_to_pay"


def tell_release(ctx: OrderContext, values: dict) -> None:
    """Held since when (`values`: the held parcel's), released once the duty is paid."""
    ctx.say(CUSTOMS_RELEASE, tracking_site=load_shop().tracking_site, **values)


def held_at_customs_answer(ctx: OrderContext, values: dict) -> List[EventType]:
    if said_this_session(ctx.tracker, [CUSTOMS_RELEASE], order_number=ctx.order.order_number):
        ctx.say(CUSTOMS_HOW_TO_PAY)
    else:
        tell_release(ctx, values)
    return []
