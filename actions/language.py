"""Keep the conversation in the buyer's language.

Runs after every buyer message (the `language` slot's custom mapping): the
language the NLU pipeline detected becomes the conversation's language. A
message too short to tell ("ok", "👍", an order number) detects None and the
conversation keeps its language; a buyer who switches is followed.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionFollowLanguage(Action):
    def name(self) -> str:
        return "action_follow_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        detected = tracker.latest_message.get("language")
        if detected and detected != tracker.get_slot("language"):
            return [SlotSet("language", detected)]
        return []
