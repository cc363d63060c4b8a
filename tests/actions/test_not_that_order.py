"""A "no" to the order the bot answered about, or to its question which order: the orders again."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.not_that_order import ActionAnswerNo, ActionNoOrderNumber
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, handed_off, run, tracker, user
from tests.actions.test_order_reply import BUYER, EARBUDS, QUESTION, offer, repo  # noqa: F401

NOT_THAT_ONE = user("deny", "no, not that one", metadata=BUYER)
FORM_ASKS = {"event": "active_loop", "name": "order_form"}


def responses(messages):
    return [m["response"] for m in messages]


def as_recorded(messages):
    """The bot's messages as the tracker records them (with their buttons)."""
    return [
        bot(m["response"], buttons=m.get("buttons"), order_number=m.get("order_number")) for m in messages
    ]


def test_no_after_an_answer_about_one_order_offers_the_others_again(repo):  # noqa: F811
    question = user("track_order", "where is my earbuds order?", metadata=BUYER)
    answer, _ = run(ActionOrderAnswer(), tracker([question]))
    assert answer[0]["response"] == "utter_about_order_switch" and answer[0]["order_number"] == EARBUDS
    messages, events = run(ActionAnswerNo(), tracker([question, *as_recorded(answer), NOT_THAT_ONE]))
    assert responses(messages) == ["utter_which_other_order"]
    assert messages[0]["buttons"] == answer[0]["buttons"]  # the same question, about another order
    assert events == []


def test_never_mind_after_a_refused_cancellation_is_no_question_which_other_order(repo):  # noqa: F811
    """ "hủy đơn ốp lưng" got "about order A, tap another below" and "delivered, can't be
    cancelled"; "à thôi không hủy nữa" (read as no) got "sorry, which order did you mean?"."""
    question = user("cancel_order", "cancel my earbuds order", metadata=BUYER)
    answer, _ = run(ActionOrderAnswer(), tracker([question]))
    assert [m["response"] for m in answer][0] == "utter_about_order_switch"
    assert answer[-1]["response"].startswith("utter_cannot_cancel")
    never_mind = user("deny", "à thôi không hủy nữa", metadata=BUYER)
    messages, events = run(ActionAnswerNo(), tracker([question, *as_recorded(answer), never_mind]))
    assert responses(messages) == ["utter_anything_else"] and events == []


def test_any_other_no_is_asked_anything_else_and_a_second_no_ends_the_chat():
    answered = [
        user("track_order", "where is it?"),
        bot("utter_about_only_order"),
        bot("utter_tracking_pickup"),
    ]
    messages, _ = run(ActionAnswerNo(), tracker([*answered, user("deny", "no")]))
    assert responses(messages) == ["utter_anything_else"]
    messages, _ = run(
        ActionAnswerNo(), tracker([*answered, user("deny"), bot("utter_anything_else"), user("deny")])
    )
    assert responses(messages) == ["utter_goodbye"]


def test_a_no_to_the_orders_offered_again_is_not_offered_a_third_time(repo):  # noqa: F811
    reoffer = bot("utter_which_other_order", buttons=offer()["data"]["buttons"])
    messages, _ = run(ActionAnswerNo(), tracker([QUESTION, reoffer, user("deny", "no")]))
    assert responses(messages) == ["utter_anything_else"]


def test_no_while_the_form_asks_with_buttons_is_asked_once_more_then_a_person(repo):  # noqa: F811
    asked = [QUESTION, FORM_ASKS, offer()]
    messages, events = run(ActionNoOrderNumber(), tracker([*asked, user("deny", "no")]))
    assert responses(messages) == ["utter_order_not_listed"]  # the form then shows the buttons again
    assert events == []
    again = [*asked, user("deny", "no"), bot("utter_order_not_listed"), offer(), user("deny", "no")]
    messages, events = run(ActionNoOrderNumber(), tracker(again))
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "no_order_number")


def test_no_while_the_form_asks_for_the_number_without_buttons_goes_to_a_person():
    asked = [user("track_order", "where is my parcel?"), FORM_ASKS, bot("utter_ask_order_id")]
    messages, events = run(ActionNoOrderNumber(), tracker([*asked, user("deny", "I don't have it")]))
    assert responses(messages) == ["utter_handoff"]
    assert SlotSet("handoff_reason", "no_order_number") in events


def test_a_new_question_for_the_form_is_asked_once_more_again(repo):  # noqa: F811
    earlier = [QUESTION, FORM_ASKS, offer(), user("deny"), bot("utter_order_not_listed"), offer()]
    earlier += [
        user("track_order", f'/track_order{{"order_id": "{EARBUDS}"}}'),
        bot("utter_tracking_no_events"),
    ]
    later = [user("track_order", "and my other parcel?", metadata=BUYER), FORM_ASKS, offer()]
    messages, _ = run(ActionNoOrderNumber(), tracker([*earlier, *later, user("deny", "no")]))
    assert responses(messages) == ["utter_order_not_listed"]
