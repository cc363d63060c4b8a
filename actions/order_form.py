"""The order-number form: which order the buyer means."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.commerce import buyer_of, db, repository
from actions.conversation import latest_order_topic
from actions.order_choice import choose
from actions.order_context import RECENT_ORDERS, ask_which_order
from bot.nlu.references import ORDER_ID_SHAPE


async def _choice(tracker: Tracker):
    orders = await db(repository().latest_orders, buyer_of(tracker), RECENT_ORDERS)
    return choose(latest_order_topic(tracker), orders, tracker.latest_message.get("text") or "")


class ValidateOrderForm(FormValidationAction):
    def name(self) -> str:
        return "validate_order_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        # A tracking number identifies the parcel as well as the order number, and
        # when the question fits only one of the buyer's orders they need not type it.
        if tracker.get_slot("tracking_number") or tracker.get_slot("order_id"):
            return []
        if tracker.get_slot("requested_slot") is None and (await _choice(tracker)).order is not None:
            return []
        return domain_slots

    def validate_order_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, str | None]:
        if isinstance(value, str) and ORDER_ID_SHAPE.match(value):
            return {"order_id": value}
        dispatcher.utter_message(response="utter_order_id_invalid")
        return {"order_id": None}


class ActionAskOrderId(Action):
    """Ask for the order number; a buyer with several fitting orders picks one by button."""

    def name(self) -> str:
        return "action_ask_order_id"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        choice = await _choice(tracker)
        ask_which_order(dispatcher, latest_order_topic(tracker), choice.candidates)
        return []
