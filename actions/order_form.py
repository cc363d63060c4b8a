"""The order-number form: which order the buyer means."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.commerce import buyer_of, db, repository
from bot.nlu.references import ORDER_ID_SHAPE


async def _open_orders(tracker: Tracker) -> list:
    return await db(repository().open_orders, buyer_of(tracker))


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
        # a buyer with exactly one open order need not type it.
        if tracker.get_slot("tracking_number") or tracker.get_slot("order_id"):
            return []
        if tracker.get_slot("requested_slot") is None and len(await _open_orders(tracker)) == 1:
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
    """Ask for the order number; a buyer with several open orders picks one by button."""

    def name(self) -> str:
        return "action_ask_order_id"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        orders = await _open_orders(tracker)
        if len(orders) > 1:
            buttons = [
                {"title": o.order_number, "payload": f'/inform{{"order_id": "{o.order_number}"}}'}
                for o in orders
            ]
            dispatcher.utter_message(response="utter_which_order", buttons=buttons)
            return []
        dispatcher.utter_message(response="utter_ask_order_id")
        return []
