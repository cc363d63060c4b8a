"""A "no" to the orders the bot chose or offered: offer them again rather than drop it.

After an answer that said which order it is about and offered the others ("I'm answering
about your order A; if you meant another one, tap it below"), "no, not that one" means
another order: the same buttons come again. While the order form asks which order (with
buttons), a "no" gets the question once more before a person takes over.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.after_sales import no_photos
from actions.conversation import response_of, said_in_the_turn_answered
from actions.disagreement import answer_pushback, asks_why, disputed_just_now
from actions.handoff import hand_off_as_asked
from actions.order_offers import offer_answered
from actions.tracking import not_received_answered

FORM = "order_form"
CANCELLED = "utter_cancelled"
# A "no, keep it" right after the order was cancelled: it can't be undone; a new order can.
TOO_LATE_TO_KEEP = "utter_cancelled_already"


def said_since_the_form_began(tracker: Tracker, response: str) -> bool:
    """Was `response` said since the order form last began asking?"""
    return times_said_since_the_form_began(tracker, response) > 0


def events_since_the_form_began(tracker: Tracker) -> List[Dict[str, Any]]:
    """The conversation's events since the order form was last activated (all, if never)."""
    started = [
        i for i, e in enumerate(tracker.events) if e.get("event") == "active_loop" and e.get("name") == FORM
    ]
    return tracker.events[started[-1] :] if started else tracker.events


def times_said_since_the_form_began(tracker: Tracker, response: str) -> int:
    since = events_since_the_form_began(tracker)
    return sum(1 for e in since if e.get("event") == "bot" and response_of(e) == response)


class ActionAnswerNo(Action):
    """A "no" no question of the bot is waiting for (rule "a no out of context")."""

    def name(self) -> str:
        return "action_answer_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        without_photos = await no_photos(dispatcher, tracker)
        if without_photos is not None:  # the photos asked for last, not the order named before them
            return without_photos
        not_received = await not_received_answered(dispatcher, tracker)
        if not_received is not None:  # "no" to "it shows delivered: did you get it?"
            return not_received
        if said_in_the_turn_answered(tracker, [CANCELLED]):
            # "啊等等 算了 不要取消了 我還是要" (wait, don't cancel, I still want it) right after
            # "order cancelled, refund approved" got "All right. Anything else?", read as undone.
            dispatcher.utter_message(response=TOO_LATE_TO_KEEP, order_number=tracker.get_slot("order_id"))
            return []
        offer = offer_answered(tracker)
        # "¿¿porque no??" / "why not??" is read as a "no", but asks: after a refused
        # cancellation it got "All right. Anything else?"; it pushes back like words not understood.
        asks = asks_why(tracker.latest_message.get("text") or "")
        pushback = answer_pushback(dispatcher, tracker, offer, said_no=not asks)
        if pushback is not None:  # "that's not fair" read as a "no" to the customs or refund answer
            return pushback
        if offer is not None and disputed_just_now(tracker, ["disputes_cancel_refused"]):
            # "à thôi không hủy nữa" right after "it has shipped, it can't be cancelled": the
            # buyer lets it go (a change of mind), not "which other order did you mean?".
            dispatcher.utter_message(response="utter_anything_else")
        elif offer is not None and offer.response == "utter_about_order_switch":
            dispatcher.utter_message(response="utter_which_other_order", buttons=offer.buttons)
        elif said_in_the_turn_answered(tracker, ["utter_anything_else"]):
            # Asked "anything else?" by this action (the rules catch it after the utter_ action):
            # "no" ends the chat rather than asking again.
            dispatcher.utter_message(response="utter_goodbye")
        else:
            dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionNoOrderNumber(Action):
    """A "no" while the order form asks which order (rule "buyer cannot give the order number")."""

    def name(self) -> str:
        return "action_no_order_number"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        offer = offer_answered(tracker)
        if offer is not None and not said_since_the_form_began(tracker, "utter_order_not_listed"):
            # The rule runs the form next, and it shows the buttons again.
            dispatcher.utter_message(response="utter_order_not_listed")
            return []
        return hand_off_as_asked(dispatcher, tracker)
