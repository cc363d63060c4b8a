"""product_question: a person, unless it is an unsure where/when question about the order just discussed."""

import pytest

from actions import commerce
from actions.presale import ActionProductQuestion
from tests.actions.helpers import bot, handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import order

BUYER = {"marketplace": "lazada", "buyer_id": "br-buyer-2"}
UNSURE = [
    {"name": "product_question", "confidence": 0.55},
    {"name": "track_order", "confidence": 0.33},
    {"name": "out_of_scope", "confidence": 0.03},
]
SURE = [{"name": "product_question", "confidence": 0.99}, {"name": "track_order", "confidence": 0.004}]


def ask(tmp_path, ranking, after_an_answer=True):
    orders_database(tmp_path, [order("1000000001", "processing", buyer="br-buyer-2")])
    sure = ranking[0]["confidence"]
    asked = user("product_question", "quanto tempo demora?", sure, ranking, metadata=BUYER)
    chat = [asked]
    if after_an_answer:
        answer = bot("utter_order_status_unshipped", order_number="1000000001")
        chat = [user("track_order", "cadê meu pedido?", metadata=BUYER), answer, asked]
    try:
        return run(ActionProductQuestion(), tracker(chat, slots={"order_id": "1000000001"}))
    finally:
        commerce.use_repository(None)


def test_an_unsure_pre_sale_reading_right_after_an_order_answer_is_about_that_order(tmp_path):
    """Played (aliexpress-br-001): after the answer about the smartwatch, "quanto tempo demora?"
    read product_question 0.55 (track_order 0.33) and was handed to the pre-sale team."""
    messages, events = ask(tmp_path, UNSURE)
    assert [m["response"] for m in messages] == ["utter_ship_by_again"]
    assert messages[0]["order_number"] == "1000000001"
    assert not handed_off(events, "pre_sale")


@pytest.mark.parametrize("ranking, after_an_answer", [(SURE, True), (UNSURE, False)])
def test_a_sure_product_question_or_one_with_no_order_answer_before_goes_to_a_person(
    tmp_path, ranking, after_an_answer
):
    messages, events = ask(tmp_path, ranking, after_an_answer)
    assert [m["response"] for m in messages] == ["utter_product_question", "utter_handoff"]
    assert handed_off(events, "pre_sale")
