"""Answer an order question once the order is known.

For now this acknowledges the order; answers from the seller's order and
logistics data plug in per topic (actions/<topic>.py) when bot.commerce exists.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_order_topic


class ActionOrderAnswer(Action):
    def name(self) -> str:
        return "action_order_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reference = tracker.get_slot("order_id") or tracker.get_slot("tracking_number")
        dispatcher.utter_message(
            response="utter_order_noted", reference=reference, topic=latest_order_topic(tracker)
        )
        return []
