"""Confirmations read in context: a repeated request is a yes, a change of mind a no,
anything else is asked once more, then a person takes over."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ConversationPaused, SlotSet

from actions.cancellation import ActionConfirmCancel
from actions.handoff import ActionHandoff
from bot.commerce.views import BuyerRef
from tests.actions.helpers import run, tracker, user
from tests.actions.test_order_answers import BUYER, repo  # noqa: F401  (the fixture)

PENDING = {"order_id": "1000000001", "awaiting_confirmation": "cancel_order"}
REF = BuyerRef("lazada", "th-buyer-1")


def answer(intent, text="", slots=PENDING, ranking=None):
    t = tracker([user(intent, text, metadata=BUYER, ranking=ranking)], slots=dict(slots))
    messages, events = run(ActionConfirmCancel(), t)
    return [m["response"] for m in messages], events


@pytest.mark.parametrize(
    "intent, text",
    [("cancel_order", "yes, cancel it"), ("cancel_order", "對，取消吧"), ("affirm", "iya kak")],
)
def test_repeating_the_request_confirms_and_cancels(repo, intent, text):  # noqa: F811
    responses, events = answer(intent, text)
    assert responses == ["utter_cancelled"]
    assert events == [SlotSet("awaiting_confirmation", None)]
    assert repo.order_for_buyer(REF, "1000000001").status == "cancelled"


def test_a_change_of_mind_keeps_the_order(repo):  # noqa: F811
    responses, events = answer("deny", "wait, no, keep it, I'll wait")
    assert responses == ["utter_cancel_kept"] and events == [SlotSet("awaiting_confirmation", None)]
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_an_unsure_yes_between_affirm_and_cancel_still_counts(repo):  # noqa: F811
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "affirm", "confidence": 0.33},
        {"name": "cancel_order", "confidence": 0.31},
        {"name": "deny", "confidence": 0.1},
    ]
    responses, _ = answer("nlu_fallback", "ok cancel", ranking=ranking)
    assert responses == ["utter_cancelled"]


def test_anything_else_is_asked_once_more_with_buttons_then_a_person(repo):  # noqa: F811
    responses, events = answer("track_order", "where is it now?")
    assert responses == ["utter_confirm_cancel_again"]
    assert events == [SlotSet("awaiting_confirmation", "cancel_order:asked_again")]
    again = {**PENDING, "awaiting_confirmation": "cancel_order:asked_again"}
    responses, events = answer("greet", "hello?", slots=again)
    assert responses == ["utter_handoff"]
    assert events[0] == SlotSet("awaiting_confirmation", None)
    assert SlotSet("handoff_reason", "unclear_confirmation") in events and events[-1] == ConversationPaused()
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_asking_for_a_person_while_a_question_waits_drops_the_question():
    t = tracker([user("human_handoff", "agent please")], slots=PENDING)
    _, events = run(ActionHandoff(), t)
    assert events[0] == SlotSet("awaiting_confirmation", None) and events[-1] == ConversationPaused()
