""" "Is shipping free?" is the checkout's to tell. Played on `make run` (aliexpress-br-001): "e o
frete é gratis pra todo o brasil?" right after the coupon answer got it again word for word."""

from __future__ import annotations

import pytest

from actions.coupons import ActionCouponInfo
from actions.presale import ActionProductQuestion
from actions.shipping_fee import asks_shipping_fee
from tests.actions.helpers import bot, run, tracker, user
from tests.actions.test_order_answers import BUYER, responses


@pytest.mark.parametrize(
    "text",
    [
        "e o frete é gratis pra todo o brasil?",
        "is shipping free?",
        "包邮吗",
        "доставка бесплатная?",
        "ongkirnya gratis ga kak?",
        "ส่งฟรีไหมคะ",
        "có freeship không shop",
        "¿el envío es gratis?",
    ],
)
def test_a_shipping_fee_question_is_read_in_every_language(text):
    assert asks_shipping_fee(text)


def test_after_the_coupon_answer_free_shipping_gets_its_own_answer():
    chat = [
        user("coupon_discount", "vcs tem cupom de desconto?", metadata=BUYER),
        bot("utter_coupon_info"),
        user("coupon_discount", "e o frete é gratis pra todo o brasil?", metadata=BUYER),
    ]
    messages, events = run(ActionCouponInfo(), tracker(chat, slots={"language": "pt"}))
    assert responses(messages) == ["utter_shipping_fee"] and events == []


def test_a_pre_sale_shipping_question_is_answered_without_a_colleague():
    chat = [user("product_question", "is shipping free?", metadata=BUYER)]
    messages, events = run(ActionProductQuestion(), tracker(chat, slots={"language": "en"}))
    assert responses(messages) == ["utter_shipping_fee"] and events == []


def test_a_coupon_question_still_gets_the_coupon_answer():
    chat = [user("coupon_discount", "vcs tem cupom de desconto?", metadata=BUYER)]
    messages, _ = run(ActionCouponInfo(), tracker(chat, slots={"language": "pt"}))
    assert responses(messages) == ["utter_coupon_info"]
