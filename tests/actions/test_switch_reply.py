"""A reply in words to "I'm answering about your order A; if you meant another one, tap it
below": played on `make run` (lazada-vn-001), "cái chưa nhận" (the one not received yet) right
after that notice about the order on its way was not understood and got "did you mean...?"."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import run, tracker, user
from tests.actions.test_not_that_order import as_recorded, responses
from tests.actions.test_order_choice import VN_BUYER, earbuds_travelling_and_case_delivered

TRAVELLING, DELIVERED = "9800000001", "9800000002"


@pytest.fixture
def repo(tmp_path):
    earbuds_travelling_and_case_delivered(tmp_path)
    yield
    commerce.use_repository(None)


def reply_after_the_switch_notice(text: str) -> tuple:
    question = user("track_order", "chào shop, đơn hàng của mình đâu rồi", metadata=VN_BUYER)
    answer, events = run(ActionOrderAnswer(), tracker([question]))
    assert answer[0]["response"] == "utter_about_order_switch" and answer[0]["order_number"] == TRAVELLING
    assert SlotSet("order_id", TRAVELLING) in events
    not_understood = user("nlu_fallback", text, confidence=0.3, metadata=VN_BUYER)
    chat = [question, *as_recorded(answer), not_understood]
    return run(ActionLowConfidence(), tracker(chat, slots={"order_id": TRAVELLING, "language": "vi"}))


@pytest.mark.parametrize("said", ["cái chưa nhận", "đơn đang giao ấy"])
def test_naming_the_order_answered_about_is_told_yes_that_one(repo, said):
    messages, events = reply_after_the_switch_notice(said)
    assert responses(messages) == ["utter_that_order_yes"]
    assert messages[0]["order_number"] == TRAVELLING and events == []


def test_a_question_naming_the_order_answered_about_is_no_yes_that_one(repo):
    """ozon-ru-001 (round C): "вот 990, а я платил 1 189 с доставкой. доставку не возвращаете что
    ли?" named the refund's amount and got "yes, that order" instead of an answer."""
    messages, _ = reply_after_the_switch_notice("cái đang giao thì khi nào tới vậy shop, mình cần gấp?")
    assert "utter_that_order_yes" not in responses(messages)


@pytest.mark.parametrize("said", ["cái đã nhận rồi", "cái ốp lưng", "cái thứ nhất"])
def test_naming_an_order_offered_answers_the_question_about_it(repo, said):
    # By whether it came, by its product, and by its place among the buttons shown.
    messages, events = reply_after_the_switch_notice(said)
    assert SlotSet("order_id", DELIVERED) in events
    assert "utter_clarify" not in responses(messages)
    assert all(m.get("order_number") in (None, DELIVERED) for m in messages)
    assert any(m["response"].startswith("utter_tracking_delivered") for m in messages), responses(messages)


def test_words_that_name_no_order_are_still_asked_back(repo):
    messages, _ = reply_after_the_switch_notice("ừm để mình xem")
    assert responses(messages) == ["utter_clarify"]


def test_paid_after_a_customs_answer_is_the_duty_not_the_order_paid(tmp_path):
    """Played (aliexpress-br-001): "ja paguei ontem, quando libera?" (I paid yesterday, when is it
    released?) right after the customs answer and its switch notice picked "the order I paid",
    a phone case not yet shipped, and explained its duty."""
    from tests.actions.helpers import orders_database, scan
    from tests.actions.test_order_answers import BUYER, ago, order, parcel

    at_customs, paid_case = "7400000001", "7400000002"
    rows = [
        order(at_customs, "shipped", shipments=[parcel("LP00000074001CN")]),
        order(paid_case, "paid", paid_at=ago(1), placed_at=ago(1)),
    ]
    orders_database(tmp_path, rows, [scan("LP00000074001CN", ago(3), "customs")])
    try:
        question = user("customs_duty", "onde pago a taxa da alfândega?", metadata=BUYER)
        answer, _ = run(ActionOrderAnswer(), tracker([question]))
        assert answer[0]["response"] == "utter_about_order_switch" and answer[0]["order_number"] == at_customs
        paid = user("nlu_fallback", "ja paguei ontem, quando libera?", confidence=0.3, metadata=BUYER)
        chat = [question, *as_recorded(answer), paid]
        messages, events = run(
            ActionLowConfidence(), tracker(chat, slots={"order_id": at_customs, "language": "pt"})
        )
    finally:
        commerce.use_repository(None)
    assert SlotSet("order_id", paid_case) not in events
    assert all(m.get("order_number") != paid_case for m in messages), messages
