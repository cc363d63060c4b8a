"""action_handoff: the buyer asked for a person or complained; a person takes the chat."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.complaint import order_facts
from actions.confirmation import AWAITING
from actions.handoff import hand_off_as_asked, paused


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # A complaint about an order's trouble gets what the order shows first (actions/complaint.py).
        facts = await order_facts(dispatcher, tracker) if intent == "complaint" else []
        if paused(facts):  # the answer handed the chat over itself (a parcel never received)
            return facts
        events = hand_off_as_asked(dispatcher, tracker)
        if any(e.get("event") == "slot" and e.get("name") == AWAITING for e in facts):
            # A yes/no the answer asked ("shall I cancel it?") is the person's to settle.
            events = [SlotSet(AWAITING, None), *events]
        return [*facts, *events]
