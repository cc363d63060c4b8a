"""action_handoff: the buyer asked for a person or complained; a person takes the chat."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.complaint import hand_off_complaint
from actions.handoff import hand_off_as_asked


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if (tracker.latest_message.get("intent") or {}).get("name") == "complaint":
            # What the order shows first, when the complaint names its trouble (actions/complaint.py).
            return await hand_off_complaint(dispatcher, tracker)
        return hand_off_as_asked(dispatcher, tracker)
