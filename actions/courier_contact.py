"""The courier's phone number asked about a parcel on its way: not ours to give, but the carrier
and the tracking number to reach them with are.

Round 13 (lazada-my-001, a parcel out for delivery): "can you give me the courier's phone
number?" got "good news: it's out for delivery today" again, and nothing on the number.
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.contact_words import asks_courier_number
from actions.conversation import said_this_session
from actions.order_context import OrderContext

COURIER_CONTACT = "utter_courier_contact"


def answered(ctx: OrderContext, values: dict) -> List[EventType] | None:
    """Who to reach for parcel `values` and how, when the latest message asks the courier's
    number and this session has not told it yet (asked again, the parcel's own answer); else None."""
    if not asks_courier_number(ctx.tracker.latest_message.get("text") or ""):
        return None
    if said_this_session(ctx.tracker, [COURIER_CONTACT], tracking_number=values.get("tracking_number")):
        return None
    ctx.say(COURIER_CONTACT, **values)
    return []
