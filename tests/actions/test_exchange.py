"""Another size or colour for an order goes to after-sales with what they need. Played on
`make run`: "quero trocar o tamanho da capinha" (aliexpress-br-001) was asked back "did you
mean: wrong item / a refund?"; "可以换尺码吗" and "можно поменять размер?" read as product
questions went to the pre-sale team."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.exchange import asks_exchange
from actions.order_answer import ActionOrderAnswer
from actions.presale import ActionProductQuestion
from tests.actions.helpers import handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, responses


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, [order("7000000001", "processing")])
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "text",
    [
        "可以换尺码吗", "можно поменять размер?", "¿puedo cambiar la talla?", "kak bisa tukar ukuran?",
        "ขอเปลี่ยนไซส์ได้ไหมคะ", "I want to exchange it for a bigger size", "shop ơi cho mình đổi size",
    ],
)  # fmt: skip
def test_read_as_a_product_question_it_goes_to_after_sales(repo, text):
    assert asks_exchange(text)
    messages, events = run(ActionProductQuestion(), tracker([user("product_question", text, metadata=BUYER)]))
    assert responses(messages) == ["utter_exchange_to_after_sales", "utter_handoff"]
    assert handed_off(events, "exchange") and messages[1]["tier"] == 2


def test_not_understood_it_goes_to_after_sales_too(repo):
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "wrong_item", "confidence": 0.48}]
    asked = user(
        "nlu_fallback", "quero trocar o tamanho da capinha", confidence=0.5, ranking=ranking, metadata=BUYER
    )
    messages, events = run(ActionLowConfidence(), tracker([asked]))
    assert responses(messages) == ["utter_exchange_to_after_sales", "utter_handoff"]
    assert handed_off(events, "exchange")


@pytest.mark.parametrize(
    "text",
    ["đợi hàng lâu quá shop ơi", "does it come in another size?", "tem outra cor?", "is it waterproof?"],
)
def test_waiting_for_the_goods_or_a_question_about_what_is_sold_is_no_exchange(repo, text):
    assert not asks_exchange(text)
    messages, events = run(ActionProductQuestion(), tracker([user("product_question", text, metadata=BUYER)]))
    assert responses(messages)[0] == "utter_product_question"
    assert not handed_off(events, "exchange")


def test_an_unsure_refund_reading_that_asks_another_size_goes_to_after_sales(tmp_path):
    """Played (aliexpress-es-001, a refund under review): "vale, y puedo cambiarlo por otra talla
    en vez del reembolso?" (request_refund 0.49, answered) got "a refund is already open"."""
    open_refund = {"amount": "24.99", "status": "requested", "requested_at": ago(2)}
    orders_database(tmp_path, [order("7000000002", "delivered", refunds=[open_refund])])
    try:
        text = "vale, y puedo cambiarlo por otra talla en vez del reembolso?"
        unsure = user("request_refund", text, confidence=0.49, metadata=BUYER)
        messages, events = run(ActionOrderAnswer(), tracker([unsure], slots={"order_id": "7000000002"}))
        assert responses(messages) == ["utter_exchange_to_after_sales", "utter_handoff"]
        assert handed_off(events, "exchange")
        # Read surely, a refund in words that name an exchange is the refund it says.
        sure = user(
            "request_refund", "I want my money back, not an exchange", confidence=0.97, metadata=BUYER
        )
        messages, events = run(ActionOrderAnswer(), tracker([sure], slots={"order_id": "7000000002"}))
        assert responses(messages) == ["utter_refund_already_open"]
        assert not handed_off(events, "exchange")
    finally:
        commerce.use_repository(None)
