"""The order-number form: which order the buyer means."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.nlu.references import ORDER_ID_SHAPE


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
        # A tracking number identifies the parcel just as well as the order number.
        if tracker.get_slot("tracking_number"):
            return []
        return domain_slots

    def validate_order_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, str | None]:
        if isinstance(value, str) and ORDER_ID_SHAPE.match(value):
            return {"order_id": value}
        dispatcher.utter_message(response="utter_order_id_invalid")
        return {"order_id": None}
