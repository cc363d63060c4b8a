"""Low confidence: ask once which of the two likeliest intents was meant (what happened, for a
photo); then a person."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import photos_in
from actions.conversation import FALLBACK_INTENT, ranked_intents, user_intents
from actions.disagreement import answer_pushback
from actions.handoff import hand_off


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
        # The NLG turns the intent names into buttons in the buyer's language.
        dispatcher.utter_message(response="utter_clarify", intents=ranked_intents(tracker, 2))
        return []
