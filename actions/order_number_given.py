"""A number on its own, or words standing for one: the order question asked before, about it."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, recent_orders
from actions.conversation import asked_about_an_order_this_session, bot_turn_before_latest_message
from actions.invoice_details import details_handed_on
from actions.not_found_correction import answer_correction
from actions.order_answer import ActionOrderAnswer, answer_resolved
from actions.order_choice import only_one_named
from actions.order_context import REFERENCE_SLOTS, Resolution, another_order, names_an_order, resolve_order
from actions.order_form import REQUESTED_SLOT
from actions.question_words import asks_what_now
from actions.repeat_guard import unless_repeated
from bot.commerce.views import OrderView
from bot.nlu.references import strip_references


def number_just_answered_about(tracker: Tracker) -> str | None:
    """The order number the latest message is (a word or two of courtesy at most), when the
    bot's last answer was about that order."""
    text = tracker.latest_message.get("text") or ""
    # The numbers the NLU found in it (bot/nlu/reference_extractor.py), not found again here.
    named = [
        str(e.get("value"))
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") in REFERENCE_SLOTS and e.get("value")
    ]
    if len(named) != 1 or len(strip_references(text).split()) > 2:
        return None
    said = {
        (event.get("metadata") or {}).get(key)
        for event in bot_turn_before_latest_message(tracker)
        for key in ("order_number", "tracking_number")
    }
    return named[0] if named[0] in said else None


class ActionOrderNumberGiven(Action):
    """A number on its own ("sorry, it's 1000000009", often after "I couldn't find that order"):
    the answer to the order question asked earlier in this session, for this number; "and the
    other order?" (no number) after an answer: that question about another order; with no
    question before, "what would you like to know about it?"."""

    def name(self) -> str:
        return "action_order_number_given"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        details = details_handed_on(dispatcher, tracker)
        if details is not None:  # "ООО Ромашка ИНН 7701234567": no order number, the invoice's details
            return details
        corrected = await answer_correction(dispatcher, tracker)
        if corrected is not None:  # "o certo é o do relógio" right after "order not found"
            return corrected
        repeated = number_just_answered_about(tracker)
        if repeated is not None:
            # "512300458871201" pasted again right after the answer about that very order went to
            # a person as a second question: the buyer confirms which order they meant.
            dispatcher.utter_message(response="utter_that_order_yes", order_number=repeated)
            return []
        if asked_about_an_order_this_session(tracker):
            if names_an_order(tracker):
                return await ActionOrderAnswer().run(dispatcher, tracker, domain)
            discussed = tracker.get_slot("order_id")
            if discussed and asks_what_now(tracker.latest_message.get("text") or ""):
                # "y que hago?" right after the stalled-parcel answer, read as a number given, was
                # asked for the order number: what now, about the order just answered about.
                resolved = await resolve_order(dispatcher, tracker)
                answered = await answer_resolved(dispatcher, tracker, resolved)
                return unless_repeated(dispatcher, tracker, answered)
            if discussed:  # "and the other order?", "what about the earbuds?"
                other = await another_order(dispatcher, tracker, discussed)
                answered = await answer_resolved(dispatcher, tracker, other, carried_over=True)
                return unless_repeated(dispatcher, tracker, answered)
        if names_an_order(tracker):
            dispatcher.utter_message(response="utter_what_about_order")
            return []
        if tracker.get_slot(REQUESTED_SLOT) == "order_id":
            # Words with no number while the order form asks which order ("gimana ini"): the
            # form asks again with its buttons; asking here too gave two questions at once.
            return []
        # "And the smartwatch?" with no question before it: no number to say "I have" about
        # (the reply read "Thanks, I have ."): the order that product names, else the number.
        text = tracker.latest_message.get("text") or ""
        orders = await recent_orders(buyer_of(tracker))
        named = only_one_named(text, orders)
        if named is None:
            split = _only_open_order_in_parcels(orders)
            if split is not None:
                # "收到一个包裹了，另一个呢" (one parcel came, and the other?) from a buyer whose one
                # open order came in two parcels got "which order? send its number".
                chosen = Resolution(split, [SlotSet("order_id", split.order_number)])
                return await answer_resolved(dispatcher, tracker, chosen, topic="track_order")
            dispatcher.utter_message(response="utter_ask_order_id")
            return []
        dispatcher.utter_message(response="utter_what_about_order", reference=named.order_number)
        return [SlotSet("order_id", named.order_number)]


def _only_open_order_in_parcels(orders: Sequence[OrderView]) -> OrderView | None:
    """The buyer's one open order, when it was sent in several parcels."""
    still_open = [o for o in orders if o.status not in ("delivered", "cancelled", "refunded")]
    if len(still_open) == 1 and len(still_open[0].shipments) > 1:
        return still_open[0]
    return None
