"""Small talk while the order form waits for the order ("sim", "ok thanks", "hi"): a
"Sure!" before the form asks which order again; nothing when the words pick one of the
orders offered (the form answers for it).

Said once. The second time the form hands the chat to a person instead of the same
question (actions/order_form.py, acknowledged_twice): a cheerful "Claro!" right before
"a person will take it from here" promised an answer the bot then did not give.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.not_that_order import events_since_the_form_began
from actions.order_offers import picks_every_order_offered

ACKNOWLEDGE = "action_acknowledge_small_talk"


def acknowledgements_since_the_form_began(tracker: Tracker) -> int:
    """How often this action has run since the order form was last activated."""
    since = events_since_the_form_began(tracker)
    return sum(1 for e in since if e.get("event") == "action" and e.get("name") == ACKNOWLEDGE)


class ActionAcknowledgeSmallTalk(Action):
    def name(self) -> str:
        return ACKNOWLEDGE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        from actions.order_form import order_picked_in_reply  # it imports this module

        if await order_picked_in_reply(tracker) is not None or picks_every_order_offered(tracker):
            # "o pedido que chegou" (the one that came, read as thanks) picks an order: the
            # form answers for it next, no "Sure!" first; so with "todos" (all of them).
            return []
        if acknowledgements_since_the_form_began(tracker) == 0:
            dispatcher.utter_message(response="utter_sure")
        return []
