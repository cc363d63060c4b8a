"""Hand the conversation to a person: pause the bot, record why and for which tier."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.confirmation import AWAITING
from actions.conversation import latest_order_topic, previous_handoffs
from bot.seller.routing import Escalation, choose_tier, queue_of

# The buyer's own words that need a person, by intent; anything else the bot
# could not settle is "low_confidence".
REASON_BY_INTENT = {
    "complaint": "complaint",
    "human_handoff": "human_handoff",
    "product_question": "pre_sale",
    "deny": "no_order_number",
}


def escalation_for(tracker: Tracker, reason: str) -> Escalation:
    metadata = tracker.latest_message.get("metadata") or {}
    return Escalation(
        reason=reason,
        topic=latest_order_topic(tracker),
        # Only a JSON true: "false" or "no" from a channel would be truthy.
        vip=metadata.get("vip") is True,
        previous_escalations=previous_handoffs(tracker),
        opened_from=queue_of(metadata.get("opened_from")),
    )


def tier_for(tracker: Tracker, reason: str) -> int:
    """The agent tier the seller's routing rules choose for this escalation."""
    return choose_tier(escalation_for(tracker, reason))


def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> List[EventType]:
    """Events that pause the bot and queue the conversation for the chosen tier."""
    tier = tier_for(tracker, reason)
    dispatcher.utter_message(response="utter_handoff", tier=tier)
    return [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("handoff_reason", reason),
        SlotSet("handoff_tier", tier),
        ConversationPaused(),
    ]


def hand_off_as_asked(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Hand off for the reason the buyer's latest intent gives; a question the bot was waiting
    on (a yes/no) is the person's now."""
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    events = hand_off(dispatcher, tracker, REASON_BY_INTENT.get(intent, "low_confidence"))
    return [SlotSet(AWAITING, None), *events] if tracker.get_slot(AWAITING) else events


def paused(events: List[EventType]) -> bool:
    """Did these events hand the chat to a person (who then answers the rest)?"""
    return any(isinstance(e, dict) and e.get("event") == "pause" for e in events)
