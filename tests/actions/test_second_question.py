"""Two questions in one message, one about an order and one about coupons: both answered.
Played on `make run`: "where is my order? and do you have any discount code?" (lazada-ph-001)
got the coupon answer alone, and "quero cancelar o pedido do fone e também queria saber se tem
cupom de desconto" (aliexpress-br-001) the cancellation alone."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.coupons import ActionCouponInfo
from actions.order_answer import ActionOrderAnswer
from actions.presale import ActionProductQuestion
from tests.actions.helpers import bot, handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, order, responses

PREPARING = "5300000001"


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, [order(PREPARING, "processing")])
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "intent, text",
    [("cancel_order", "quero cancelar o pedido e também queria saber se tem cupom de desconto"),
     ("track_order", "当前订单到哪了？另外有优惠券吗")],
)  # fmt: skip
def test_an_order_question_with_a_coupon_one_gets_both_answers(repo, intent, text):
    messages, _ = run(ActionOrderAnswer(), tracker([user(intent, text, metadata=BUYER)]))
    assert responses(messages)[-1] == "utter_coupon_info"
    assert any(m.get("order_number") == PREPARING for m in messages[:-1])


def test_a_coupon_question_with_where_is_my_order_gets_both_answers_in_their_order(repo):
    text = "where is my order? and do you have any discount code for my next purchase?"
    messages, _ = run(ActionCouponInfo(), tracker([user("coupon_discount", text, metadata=BUYER)]))
    assert responses(messages)[-1] == "utter_coupon_info"
    assert [m.get("order_number") for m in messages[:-1]] and all(
        m.get("order_number") == PREPARING for m in messages[:-1]
    )
    text = "do you have coupons? also where is my order"
    messages, _ = run(ActionCouponInfo(), tracker([user("coupon_discount", text, metadata=BUYER)]))
    assert responses(messages)[0] == "utter_coupon_info" and len(messages) > 1


def test_a_coupon_named_in_passing_is_no_second_question(repo):
    text = "I used a coupon and still paid full price, cancel it"
    messages, _ = run(ActionOrderAnswer(), tracker([user("cancel_order", text, metadata=BUYER)]))
    assert "utter_coupon_info" not in responses(messages)


def test_one_question_gets_one_answer(repo):
    messages, _ = run(
        ActionCouponInfo(), tracker([user("coupon_discount", "do you have coupons?", metadata=BUYER)])
    )
    assert responses(messages) == ["utter_coupon_info"]
    messages, _ = run(
        ActionOrderAnswer(), tracker([user("track_order", "where is my order?", metadata=BUYER)])
    )
    assert "utter_coupon_info" not in responses(messages)


def test_a_chat_handed_to_a_person_gets_nothing_more_from_the_bot(repo):
    # Asked to ship faster after the date was told twice, a person takes it (ship_date.py).
    chat = [
        user("urge_shipment", "when will you ship?", metadata=BUYER),
        bot("utter_ship_by", order_number=PREPARING),
        user("urge_shipment", "pls ship faster", metadata=BUYER),
        bot("utter_ship_by_again", order_number=PREPARING),
        user("urge_shipment", "still not shipped?? and where's the coupon you promised", metadata=BUYER),
    ]
    messages, events = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": PREPARING}))
    assert handed_off(events, "urge_shipment")
    assert "utter_coupon_info" not in responses(messages)


def pre_sale_naming_the_order(confidence: float, next_reading: str, next_confidence: float) -> dict:
    text = f"Заказ {PREPARING} когда отправите? Ещё вопрос: у вас есть такая же кружка но синяя?"
    ranking = [
        {"name": "product_question", "confidence": confidence},
        {"name": next_reading, "confidence": next_confidence},
    ]
    asked = user("product_question", text, confidence=confidence, ranking=ranking, metadata=BUYER)
    asked["parse_data"]["entities"] = [{"entity": "order_id", "value": PREPARING}]
    return asked


def test_an_order_number_with_when_it_ships_and_a_product_question_gets_both(repo):
    chat = [pre_sale_naming_the_order(0.51, "urge_shipment", 0.41)]
    events = [{"event": "slot", "name": "order_id", "value": PREPARING}]
    messages, result = run(ActionProductQuestion(), tracker(chat + events, slots={"order_id": PREPARING}))
    assert responses(messages) == ["utter_ship_by", "utter_product_question", "utter_handoff"]
    assert messages[0]["order_number"] == PREPARING
    assert handed_off(result, "pre_sale")


@pytest.mark.parametrize(
    "confidence, next_reading, next_confidence", [(0.9, "urge_shipment", 0.05), (0.5, "damaged_item", 0.4)]
)
def test_a_sure_pre_sale_reading_or_a_committing_order_topic_goes_to_the_colleague_alone(
    repo, confidence, next_reading, next_confidence
):
    chat = [pre_sale_naming_the_order(confidence, next_reading, next_confidence)]
    messages, _ = run(ActionProductQuestion(), tracker(chat, slots={"order_id": PREPARING}))
    assert responses(messages) == ["utter_product_question", "utter_handoff"]
