"""Words about the photos a case waits for, said right after they were asked for.

"ส่งรูปยังไงคะ" (how do I send the photos?) right after the damage case asked for them read as
a product question (.65) and got the delivery of the order, "did you get it?"; "te mando la
foto ahora" was not understood. Whatever the classifier reads, a message that speaks of
photos then is about those photos: how to send them, or that they may come later. Matched
with accents folded (actions/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.after_sales import PHOTO_REQUESTS, awaiting_photos
from actions.conversation import said_in_the_turn_answered
from actions.photo_words import PHOTOS
from actions.question_words import asks_how
from actions.said_words import said


def answer_photo_talk(
    dispatcher: CollectingDispatcher, tracker: Tracker, photos_named: bool = True
) -> List[EventType] | None:
    """How to send the photos, or "send them when you're ready", when the latest message speaks
    of the photos just asked for (`photos_named`: in so many words; a message the classifier
    did not understand there is about them anyway); None otherwise."""
    awaited = awaiting_photos(tracker)
    text = tracker.latest_message.get("text") or ""
    if awaited is None or not said_in_the_turn_answered(tracker, PHOTO_REQUESTS):
        return None
    if photos_named and not said(PHOTOS, text):
        return None
    response = "utter_photos_how_to_send" if asks_how(text) else "utter_photos_when_ready"
    dispatcher.utter_message(response=response, case_id=awaited[1])
    return []
