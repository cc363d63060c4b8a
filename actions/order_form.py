"""The order-number form: which order the buyer means, and asking for it.

The validation action also asks the question. Rasa would otherwise call the action
server up to three times for one "where is my order?": to validate at activation, to
validate again, and to ask (`action_ask_order_id`); now once. It always names the slot
to ask for (`requested_slot`), which tells Rasa the form's slots were validated, and
the domain has no `action_ask_*` or `utter_ask_order_id` action for Rasa to ask with.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Dict, List, Sequence

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.commerce import buyer_of, recent_orders
from actions.conversation import ORDER_INTENTS, latest_order_topic
from actions.handoff import hand_off
from actions.order_choice import Choice, choose, picked_from
from actions.order_context import REFERENCE_SLOTS, ask_which_order
from actions.order_offers import answers_for_each, offer_answered, picks_every_order_offered
from actions.several_orders import questions_about_several
from actions.small_talk import acknowledgements_since_the_form_began
from bot.commerce.views import OrderView
from bot.nlu.references import ORDER_ID_SHAPE

REQUESTED_SLOT = "requested_slot"
# The buyer's orders are read once per action call: rasa_sdk asks required_slots
# three times in one validation. (A context variable: each call runs in its own task.)
_orders_of_this_call: ContextVar[Dict[str, Sequence[OrderView]] | None] = ContextVar(
    "buyer_orders", default=None
)


async def buyer_orders(tracker: Tracker) -> Sequence[OrderView]:
    memo = _orders_of_this_call.get()
    if memo is not None and "orders" in memo:
        return memo["orders"]
    orders = await recent_orders(buyer_of(tracker))
    if memo is not None:
        memo["orders"] = orders
    return orders


async def order_choice(tracker: Tracker) -> Choice:
    orders = await buyer_orders(tracker)
    return choose(latest_order_topic(tracker), orders, tracker.latest_message.get("text") or "")


async def order_picked_in_reply(tracker: Tracker) -> str | None:
    """The order a reply in words to "which order?" picks among the buttons it was offered
    ("the second one", "the earbuds", "the 25.90 one"): buyers answer as often as they tap."""
    if tracker.get_slot(REQUESTED_SLOT) != "order_id" or any(
        tracker.get_slot(slot) for slot in REFERENCE_SLOTS
    ):
        return None  # not asked, or answered with a number
    offer = offer_answered(tracker)
    if offer is None:
        return None
    orders = {o.order_number: o for o in await buyer_orders(tracker)}
    offered = [orders[number] for number in offer.order_numbers if number in orders]
    picked = picked_from(tracker.latest_message.get("text") or "", offered)
    return picked.order_number if picked else None


def asked_anew(tracker: Tracker) -> bool:
    """While the form asks which order, the buyer asks an order question of its own ("just
    cancel it" after "when will you ship?"): the form now finds the order for that one."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return tracker.get_slot(REQUESTED_SLOT) == "order_id" and intent in ORDER_INTENTS


def answered_for_each(tracker: Tracker, choice: Choice) -> bool:
    """Will action_order_answer answer for each order (answers_for_each)?"""
    return choice.order is None and bool(
        answers_for_each(tracker, latest_order_topic(tracker), choice.candidates)
    )


def acknowledged_twice(tracker: Tracker) -> bool:
    """Has the buyer answered "which order?" with small talk ("yes", "ok thanks") twice now?
    (The rule "small talk while the bot waits for the order number" acknowledges each.)"""
    return (
        tracker.get_slot(REQUESTED_SLOT) == "order_id" and acknowledgements_since_the_form_began(tracker) >= 2
    )


def requested_slot(events: List[EventType]) -> str | None:
    """The slot the validation asks the buyer for (the last requested_slot it set)."""
    named = [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == REQUESTED_SLOT]
    return named[-1] if named else None


class ValidateOrderForm(FormValidationAction):
    def name(self) -> str:
        return "validate_order_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        memo = _orders_of_this_call.set({})
        try:
            picked = await order_picked_in_reply(tracker)
            if picked is not None:  # set here: rasa_sdk validates only what Rasa extracted
                return [SlotSet("order_id", picked), SlotSet(REQUESTED_SLOT, None)]
            every = asked_anew(tracker) or picks_every_order_offered(tracker)
            if every and answered_for_each(tracker, await order_choice(tracker)):
                # Asked again, still naming none, or "all of them": action_order_answer answers
                # for each. The
                # slot, still empty, is named as handled (Rasa rejects a form turn that filled
                # none, and the buyer read "sorry, I didn't get that").
                return [SlotSet("order_id", None), SlotSet(REQUESTED_SLOT, None)]
            events = await super().run(dispatcher, tracker, domain)
            if requested_slot(events) == "order_id":
                if acknowledged_twice(tracker):
                    # "iya", "sim" once more to "which order?": the same buttons a third time
                    # would loop; a person sorts out which order it is (as after a second "no").
                    return hand_off(dispatcher, tracker, "no_order_number")
                choice = await order_choice(tracker)
                if asked_anew(tracker) and choice.order is not None:
                    # The new question fits one order: that is the one.
                    return [SlotSet("order_id", choice.order.order_number), SlotSet(REQUESTED_SLOT, None)]
                # Ask here, not in a second call: a buyer with several fitting orders
                # picks one by button (actions/order_context.py).
                ask_which_order(dispatcher, latest_order_topic(tracker), choice.candidates)
                if asked_anew(tracker):
                    # Rasa rejects a form turn that filled no slot, and with no rule for it
                    # the buyer got "sorry, I didn't get that": the slot, still empty, is
                    # named as handled, and the form asks which order for the new question.
                    events.insert(0, SlotSet("order_id", None))
            return events
        finally:
            _orders_of_this_call.reset(memo)

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
        if tracker.get_slot(REQUESTED_SLOT) is None and (
            (await order_choice(tracker)).order is not None
            or questions_about_several(tracker, await buyer_orders(tracker))
            or answered_for_each(tracker, await order_choice(tracker))
        ):
            return []  # action_order_answer answers about each order named (several_orders), or all
        if asked_anew(tracker) and answered_for_each(tracker, await order_choice(tracker)):
            return []  # action_order_answer answers about each order offered
        return domain_slots

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType:
        """Always the slot to ask for next, or None when the form is done (rasa_sdk leaves
        it to Rasa when required_slots are the domain's, and Rasa then validates again)."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        missing = next((slot for slot in required if tracker.slots.get(slot) is None), None)
        return SlotSet(REQUESTED_SLOT, missing)

    def validate_order_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, str | None]:
        if isinstance(value, str) and ORDER_ID_SHAPE.match(value):
            return {"order_id": value}
        dispatcher.utter_message(response="utter_order_id_invalid")
        return {"order_id": None}
