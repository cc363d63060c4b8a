""" "How?" right after the coupon answer asks for the steps. Played on `make run`
(lazada-my-001): "hi do u have any voucher" -> how coupons work; "how to use it?" (read as a
product question) -> "a colleague who knows this product will answer" and a person."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.coupons import ActionCouponInfo
from actions.presale import ActionProductQuestion
from tests.actions.helpers import bot, handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, order, responses


@pytest.fixture
def repo(tmp_path):
    cooker = [
        {
            "sku": "RC-1",
            "title": "Rice cooker 1.8L",
            "quantity": 1,
            "unit_price": "100.00",
            "declared_value": "5.00",
        }
    ]
    yield orders_database(tmp_path, [order("6000000001", "processing", items=cooker)])
    commerce.use_repository(None)


def after_coupon_info(*more: dict) -> list:
    return [
        user("coupon_discount", "do you have any voucher?", metadata=BUYER),
        bot("utter_coupon_info"),
        *more,
    ]


@pytest.mark.parametrize(
    "action, intent, text",
    [
        (ActionProductQuestion(), "product_question", "how to use it?"),
        (ActionProductQuestion(), "product_question", "怎么用"),
        (ActionProductQuestion(), "product_question", "как его применить?"),
        (ActionCouponInfo(), "coupon_discount", "como uso o cupom?"),
    ],
)
def test_how_right_after_the_coupon_answer_gets_the_steps(repo, action, intent, text):
    messages, events = run(action, tracker(after_coupon_info(user(intent, text))))
    assert responses(messages) == ["utter_coupon_how_to_use"]
    assert not handed_off(events, "human_handoff")


def test_asked_how_again_after_the_steps_a_person_helps(repo):
    chat = after_coupon_info(
        user("coupon_discount", "how?"), bot("utter_coupon_how_to_use"), user("coupon_discount", "how??")
    )
    messages, events = run(ActionCouponInfo(), tracker(chat))
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "human_handoff")


def test_a_product_named_is_still_a_product_question(repo):
    messages, _ = run(
        ActionProductQuestion(),
        tracker(after_coupon_info(user("product_question", "how do I use the rice cooker?"))),
    )
    assert responses(messages)[0] == "utter_product_question"


def test_a_coupon_question_out_of_the_blue_gets_how_coupons_work(repo):
    messages, _ = run(
        ActionCouponInfo(), tracker([user("coupon_discount", "how do coupons work?", metadata=BUYER)])
    )
    assert responses(messages) == ["utter_coupon_info"]
