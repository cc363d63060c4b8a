"""Asked again about a parcel waiting at the post office, right after being told it waits there:
where to collect it, the day to collect it by, why it is there, each once; anything else, a
person (delivery to the door or another pickup point is the carrier's to arrange)."""

from __future__ import annotations

from datetime import timedelta
from typing import List

from rasa_sdk.events import EventType

from actions.conversation import said_this_session
from actions.handoff import hand_off
from actions.order_context import OrderContext
from actions.pickup_words import asks_how_long_kept, asks_opening_hours, asks_where_to_collect, asks_why_there
from bot.commerce.template_values import iso
from bot.commerce.views import TrackingEventView
from bot.seller.hours import as_utc
from bot.seller.shop import load_shop

# "Where do I collect it?" about a parcel at the post office, once it was told it waits there.
PICKUP_PLACE = "utter_tracking_pickup_place"
# "How long will they keep it?" about it: the day to collect it by (seller/shop.yml pickup_hold_days).
PICKUP_BY = "utter_tracking_pickup_by"
# "Why is it at the post office? Nobody came": why parcels end up there, and the day to collect by.
PICKUP_WHY = "utter_tracking_pickup_why"
# "What time does the post office open? On Saturday?": the carrier shows its branch's hours.
PICKUP_HOURS = "utter_tracking_pickup_hours"


def collect_by_date(waiting: TrackingEventView) -> str | None:
    """The day a parcel waiting at the post office since `waiting` should be collected by."""
    return iso(as_utc(waiting.occurred_at) + timedelta(days=load_shop().pickup_hold_days))


def pickup_follow_up(ctx: OrderContext, values: dict, waiting: TrackingEventView) -> List[EventType]:
    """Asked again about a parcel at the post office, right after being told it waits there:
    where to collect it, or the day to collect it by, each once; anything else, a person."""
    text = ctx.tracker.latest_message.get("text") or ""
    number = values["tracking_number"]
    if asks_where_to_collect(text) and not said_this_session(
        ctx.tracker, [PICKUP_PLACE], tracking_number=number
    ):
        ctx.say(PICKUP_PLACE, **values)
        return []
    if asks_how_long_kept(text) and not said_this_session(ctx.tracker, [PICKUP_BY], tracking_number=number):
        ctx.say(
            PICKUP_BY,
            hold_days=load_shop().pickup_hold_days,
            collect_by_date=collect_by_date(waiting),
            **values,
        )
        return []
    if asks_why_there(text) and not said_this_session(ctx.tracker, [PICKUP_WHY], tracking_number=number):
        # "ทำไมไปอยู่ที่ไปรษณีย์ล่ะ ไม่มีคนมาส่งเลย" (why there? nobody came) went to a person.
        ctx.say(PICKUP_WHY, collect_by_date=collect_by_date(waiting), **values)
        return []
    if asks_opening_hours(text) and not said_this_session(
        ctx.tracker, [PICKUP_HOURS], tracking_number=number
    ):
        ctx.say(PICKUP_HOURS, collect_by_date=collect_by_date(waiting), **values)
        return []
    # "ต้องไปรับเองเหรอคะ ส่งถึงบ้านไม่ได้หรอ" right after "it waits at the post office" got that
    # answer word for word. Delivery to the door or another pickup point is the carrier's to
    # arrange: a person asks them.
    return hand_off(ctx.dispatcher, ctx.tracker, "awaiting_pickup")
