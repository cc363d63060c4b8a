"""Low confidence: ask once which of the two likeliest intents was meant (what happened, for a
photo); then a person."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after_sales import ASK_PHOTOS, awaiting_photos
from actions.commerce import photos_in
from actions.conversation import (
    FALLBACK_INTENT,
    bot_turn_before_latest_message,
    ranked_intents,
    said_in_the_turn_answered,
    user_intents,
)
from actions.disagreement import answer_pushback
from actions.handoff import hand_off
from actions.order_answer import ActionOrderAnswer, answer_resolved
from actions.order_context import order_named_alone, resolve_order
from actions.tracking import CARRIER_CHECKING

# Questions whose answer only tells where the order stands: an unsure reading of one of these
# right after an answer about an order is taken as asked about that order.
PROGRESS_TOPICS = ("track_order", "urge_shipment")
# Told the carrier is looking for a parcel with no scan for days, the buyer asks what comes
# next: "y si no aparece qué pasa?", "cuánto tiempo más tengo que esperar??" were not
# understood and got "did you mean: this is my order number / where is my order?". The
# tracking answer once more tells what happens if it is not found, or hands it to a person.
STALLED_PARCEL_ANSWERS = ("utter_tracking_stalled", CARRIER_CHECKING)


def missed_twice(tracker: Tracker) -> bool:
    """Was the buyer's message before this one also not understood?"""
    intents = user_intents(tracker)
    return len(intents) >= 2 and intents[-2] == FALLBACK_INTENT


class ActionLowConfidence(Action):
    def name(self) -> str:
        return "action_low_confidence"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        named = await order_named_alone(tracker)
        if named is not None:
            # "la funda" after "tengo un problema con mi pedido" (not understood either) handed
            # the chat to a person, and a first "o smartwatch" got "did you mean: the item is
            # damaged / a product question": the buyer named their order; ask what about it.
            dispatcher.utter_message(response="utter_what_about_order", reference=named)
            return [SlotSet("order_id", named)]
        if missed_twice(tracker):
            return hand_off(dispatcher, tracker, "low_confidence")
        if photos_in(tracker):
            # A photo with no words (or none we understood) and no case waiting for it: ask
            # what happened; the case that answer opens takes the photo (after_sales).
            dispatcher.utter_message(response="utter_photo_what_happened")
            return []
        pushback = answer_pushback(dispatcher, tracker)
        if pushback is not None:  # not understood right after a customs, refund or cancel refusal
            return pushback
        awaited = awaiting_photos(tracker)
        if awaited is not None and said_in_the_turn_answered(tracker, ASK_PHOTOS.values()):
            # "te mando la foto ahora" right after the photos were asked for got "did you mean:
            # something else / when will you ship?".
            dispatcher.utter_message(response="utter_photos_when_ready", case_id=awaited[1])
            return []
        if said_in_the_turn_answered(tracker, STALLED_PARCEL_ANSWERS) and tracker.get_slot("order_id"):
            return await ActionOrderAnswer().run(dispatcher, tracker, domain)
        best = ranked_intents(tracker, 1)
        if best and best[0] in PROGRESS_TOPICS and _answered_about_the_order(tracker):
            # "how long will it take?", "e agora?" right after an answer about an order got "did
            # you mean: where is my order / a product question?": the order just discussed is
            # what it asks about, and that question's answer costs nothing if it was not meant.
            resolution = await resolve_order(dispatcher, tracker)
            return await answer_resolved(dispatcher, tracker, resolution, topic=best[0])
        # The NLG turns the intent names into buttons in the buyer's language.
        dispatcher.utter_message(response="utter_clarify", intents=ranked_intents(tracker, 2))
        return []


def _answered_about_the_order(tracker: Tracker) -> bool:
    """Did the turn the latest message answers tell something about the order discussed?"""
    discussed = tracker.get_slot("order_id")
    return bool(discussed) and any(
        (event.get("metadata") or {}).get("order_number") == discussed
        for event in bot_turn_before_latest_message(tracker)
    )
