"""Words about the photos a case waits for, said right after they were asked for.

"ส่งรูปยังไงคะ" (how do I send the photos?) right after the damage case asked for them read as
a product question (.65) and got the delivery of the order, "did you get it?"; "te mando la
foto ahora" was not understood. Whatever the classifier reads, a message that speaks of
photos then is about those photos: how to send them, or that they may come later. Matched
with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.after_sales import PHOTO_REQUESTS, awaiting_photos
from actions.conversation import said_in_the_turn_answered
from actions.photo_words import PHOTOS, says_box_gone, says_photo_sent
from actions.question_words import asks_how
from actions.replacement_words import NOTED_PHOTOS_FIRST, wants_replacement
from bot.nlu.said_words import said


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
    # "照片怎么发给你？" (how do I send them to you?) holds "给你" (here you go): a question first.
    sent = says_photo_sent(text) and not asks_how(text)
    if says_box_gone(text) and not sent:  # "hop em vut roi, chi chup anh cai op thoi co dc ko?"
        dispatcher.utter_message(response="utter_photos_item_enough", case_id=awaited[1])
        return []
    if photos_named and not said(PHOTOS, text) and not sent:
        return None
    if sent:  # "đây ạ", "já mandei" with no photo in the message: none came through
        response = "utter_photos_not_received"
    else:
        response = "utter_photos_how_to_send" if asks_how(text) else "utter_photos_when_ready"
    dispatcher.utter_message(response=response, case_id=awaited[1])
    if wants_replacement(text):
        # "照片怎么发给你？可以直接换一个新的吗，不要退款" (round 16) got how to send them alone.
        dispatcher.utter_message(response=NOTED_PHOTOS_FIRST, case_id=awaited[1])
    return []


# What a yes or thanks gets anywhere else (data/rules/conversation.yml).
SMALL_TALK_REPLIES = {"affirm": "utter_anything_else", "thank": "utter_you_are_welcome"}


class ActionPhotoTalk(Action):
    """A yes or thanks with no photo in answer to the photo request (bot/nlu/photos_policy.py):
    "ok" gets "send them when you're ready", "đây ạ" (here it is) "no photo came through"."""

    def name(self) -> str:
        return "action_photo_talk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        events = answer_photo_talk(dispatcher, tracker, photos_named=False)
        if events is not None:
            return events
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        dispatcher.utter_message(response=SMALL_TALK_REPLIES.get(intent, "utter_anything_else"))
        return []
