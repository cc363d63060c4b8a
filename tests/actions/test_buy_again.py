"""Buying again is a new order paid at checkout. Played on `make run` (wish-gb-001, an unpaid
order they had cancelled): "hi, can I reorder the same thing?" was told "nothing was charged"
and "how do I pay this time" that the bot only helps with orders."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.buy_again import asks_to_buy_again
from actions.clarify import ActionLowConfidence
from actions.out_of_scope import ActionOutOfScope
from actions.presale import ActionProductQuestion
from tests.actions.helpers import orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, order, responses


@pytest.mark.parametrize(
    "text",
    [
        "hi, can I reorder the same thing?",
        "how do i order it again",
        "quero comprar de novo o mesmo produto",
        "¿puedo volver a comprar lo mismo?",
        "можно заказать ещё раз то же самое?",
        "我想再买一次同样的",
        "อยากสั่งซื้ออีกรอบค่ะ",
        "mình muốn mua lại cái này",
        "mau beli lagi yang sama kak",
    ],
)
def test_buying_again_is_read_in_every_language(text):
    assert asks_to_buy_again(text)


@pytest.mark.parametrize("text", ["I want my money back", "where is my order?", "quero devolver o produto"])
def test_other_questions_are_not_buying_again(text):
    assert not asks_to_buy_again(text)


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, [order("7200000001", "cancelled")])
    commerce.use_repository(None)


def asked(action, intent: str, text: str) -> tuple:
    chat = [user(intent, text, metadata=BUYER)]
    return run(action, tracker(chat, slots={"language": "en"}))


def test_a_pre_sale_question_to_buy_again_is_answered_without_a_person(repo):
    messages, events = asked(ActionProductQuestion(), "product_question", "can I order the same thing again?")
    assert responses(messages) == ["utter_buy_again"]
    assert events == []


def test_buying_again_not_understood_is_answered_too(repo):
    messages, _ = asked(ActionLowConfidence(), "nlu_fallback", "hi, can I reorder the same thing?")
    assert responses(messages) == ["utter_buy_again"]


def test_how_to_pay_with_no_order_waiting_for_payment_is_at_checkout(repo):
    messages, events = asked(ActionOutOfScope(), "out_of_scope", "how do I pay this time")
    assert responses(messages) == ["utter_pay_at_checkout"]
    assert events == []
