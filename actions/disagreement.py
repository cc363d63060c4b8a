"""A follow-up that pushes back on the answer just given: customs duty, when a refund's money
comes, a cancellation refused (only words not understood, see NO_PUSHES_BACK).

"não é justo", "ya pasó una semana", "это нечестно" right after such an answer are read as a
bare "no" or not understood at all, and met with "which other order?" or two "did you mean"
buttons. The buyer already had the explanation: a person from the tier for that dispute takes
it. A "no" that may also mean "not that order" (the answer offered the buyer's other orders)
gets both choices: the orders again, and a person.
"""

from __future__ import annotations

from typing import Iterable, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, recent_orders
from actions.conversation import bot_turn_before_latest_message, latest_order_topic, response_of
from actions.disputes import DISPUTED_ANSWERS
from actions.handoff import hand_off
from actions.keep_words import says_keep_it
from actions.order_choice import fits, mentions
from actions.order_context import names_an_order
from actions.order_offers import Offer
from actions.question_words import WHY
from bot.nlu.said_words import said

# Answers a bare "no" pushes back on: they end in no question. A refused cancellation ends
# with what the buyer can do instead (refuse it, send it back), and "no" there is "no,
# thanks"; words not understood after it ("¿por qué no? si ya pagué") still push back.
NO_PUSHES_BACK = ("disputes_customs_duty", "disputes_refund_time")
# "Уже неделя прошла" ("a week has passed already") right after a refund answer was read as
# urge_shipment at 0.66: the bot switched to the buyer's other order and told when that one
# ships. A new question is read surely ("а когда отправите?" 1.0); one read below this, which
# the order discussed does not fit and which names no other order, pushes back.
SURE_NEW_QUESTION = 0.8


def read_surely(tracker: Tracker) -> bool:
    """Did the classifier read the latest message surely, as a new question of its own?"""
    return ((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0) >= SURE_NEW_QUESTION


def asks_why(text: str) -> bool:
    """Does the message ask "why?" ("¿¿porque no??", "sao không hủy được")?"""
    return text.rstrip().endswith(("?", "？")) or said(WHY, text)


def disputed_just_now(tracker: Tracker, reasons: Iterable[str] = tuple(DISPUTED_ANSWERS)) -> str | None:
    """The dispute reason (of `reasons`) whose answer the bot gave in the turn the latest
    message answers."""
    said = {response_of(event) for event in bot_turn_before_latest_message(tracker)}
    return next((reason for reason in reasons if said & set(DISPUTED_ANSWERS[reason])), None)


def answer_pushback(
    dispatcher: CollectingDispatcher, tracker: Tracker, offer: Offer | None = None, said_no: bool = False
) -> List[EventType] | None:
    """A person for a follow-up to a disputable answer; None when the bot gave no such answer.
    `said_no`: the follow-up was read as a bare "no"; `offer`: the other orders that answer
    offered, still a possible meaning of that "no"."""
    reason = disputed_just_now(tracker, NO_PUSHES_BACK if said_no else tuple(DISPUTED_ANSWERS))
    if reason is None:
        return None
    if reason == "disputes_cancel_refused" and says_keep_it(tracker.latest_message.get("text") or ""):
        return keep_the_order(dispatcher, tracker)
    if offer is not None and offer.response == "utter_about_order_switch":
        # The NLG adds the "talk to a person" button in the buyer's language.
        dispatcher.utter_message(
            response="utter_other_order_or_person", buttons=offer.buttons, intents=["human_handoff"]
        )
        return []
    return hand_off(dispatcher, tracker, reason)


def keep_the_order(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """ "Never mind, I'll wait" right after "it can't be cancelled, it has shipped" (lazada-vn-001,
    "thoi khoi huy, de em doi", went to a person): the order stays as it is, nothing to settle."""
    dispatcher.utter_message(response="utter_cancel_kept", order_number=tracker.get_slot("order_id"))
    return []


async def pushback_read_as_another_question(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType] | None:
    """A person for a follow-up to a disputable answer that was read, unsurely, as a question
    the order just discussed does not fit; None when the message is no such follow-up."""
    discussed = tracker.get_slot("order_id")
    if read_surely(tracker) or not discussed or disputed_just_now(tracker) is None:
        return None
    if names_an_order(tracker):
        return None  # a number names the order this question is about
    orders = await recent_orders(buyer_of(tracker))
    order = next((o for o in orders if o.order_number == discussed), None)
    text = tracker.latest_message.get("text") or ""
    if order is None or fits(latest_order_topic(tracker), order) or any(mentions(text, o) for o in orders):
        return None
    return answer_pushback(dispatcher, tracker)
