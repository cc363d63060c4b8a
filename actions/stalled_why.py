""" "Why isn't my tracking updating?" about a parcel the carrier is already looking for.

Round 12 (aliexpress-mx-001, no scan for 9 days): asked why, the buyer got "I've asked the
carrier to check it", then "we've asked the carrier to look for your parcel" (the same search,
said again), then a person; the why was never answered. Asked why, once: what a gap in the scans
usually means, that this one is too long, when the carrier's answer is due and what happens if
the parcel is not found. Asked again, the search's other answers follow (actions/tracking.py).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk.events import EventType

from actions.disputes import bot_said
from actions.order_context import OrderContext
from actions.question_words import WHY_NOT_BECAUSE
from bot.nlu.said_words import said

STALLED_WHY = "utter_tracking_stalled_why"


def answered(ctx: OrderContext, values: dict, dates: Dict[str, Any] | None) -> List[EventType] | None:
    """Why parcel `values` shows no new scan, when the latest message asks why and this was not
    said yet about the order; `dates`: the carrier's search (asked on, answer due), None when
    there is no search still within its days (then None: the search's own answers)."""
    text = ctx.tracker.latest_message.get("text") or ""
    if dates is None or not said(WHY_NOT_BECAUSE, text):
        return None
    if bot_said(ctx.tracker, [STALLED_WHY], ctx.order.order_number):
        return None
    ctx.say(STALLED_WHY, **dates, **values)
    return []
