""" "The other order" in words sets aside the order discussed, also for a refund or a cancellation."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.other_order_words import says_the_other_order, says_the_other_orders
from tests.actions.helpers import answered_after, orders_database, scan, user
from tests.actions.test_order_answers import ago, order, parcel

BUYER = {"marketplace": "lazada", "buyer_id": "ru-buyer-7"}
APPROVED = {"amount": "990.00", "status": "approved", "requested_at": ago(4)}


@pytest.fixture
def two_cancelled_orders(tmp_path):
    """The mug order just cancelled (its refund approved today) and the mouse order cancelled
    earlier, its refund approved days ago: both fit "when is my money back?"."""
    just_cancelled = order(
        "4800000031", "cancelled", buyer="ru-buyer-7", refunds=[{**APPROVED, "requested_at": ago(0)}]
    )
    earlier = order("4800000029", "cancelled", buyer="ru-buyer-7", refunds=[APPROVED])
    yield orders_database(tmp_path, [just_cancelled, earlier])
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "said",
    [
        "а деньги за второй заказ когда вернут?",
        "and the refund for my other order?",
        "e o reembolso do outro pedido?",
        "还有另一个订单的退款呢",
        "còn tiền hoàn của đơn kia thì sao",
    ],
)
def test_a_refund_question_about_the_other_order_is_answered_about_it(two_cancelled_orders, said):
    """Played (ozon-ru-001): right after "cancelled, refund 1 290 ₽ arranged", "а деньги за
    второй заказ когда вернут?" got the refund of the order just cancelled again."""
    messages, events = answered_after(
        user("cancel_order", "отмените заказ", metadata=BUYER),
        "4800000031",
        user("refund_status", said, metadata=BUYER),
    )
    assert SlotSet("order_id", "4800000029") in events
    assert [m["order_number"] for m in messages if "order_number" in m][-1] == "4800000029"


def test_the_same_refund_question_without_those_words_keeps_the_order_discussed(two_cancelled_orders):
    _, events = answered_after(
        user("cancel_order", "отмените заказ", metadata=BUYER),
        "4800000031",
        user("refund_status", "а деньги когда вернут?", metadata=BUYER),
    )
    assert events == [SlotSet("order_id", "4800000031")]


@pytest.mark.parametrize(
    "text, meant",
    [
        ("другому заказу", True),
        ("pesanan yang satunya gimana kak", True),
        ("อีกออเดอร์ถึงไหนแล้วคะ", True),
        ("the other one", False),  # may be the other parcel of the same order
        ("另一个呢", False),
        ("I ordered another phone case", False),
    ],
)
def test_only_phrases_with_the_word_for_an_order_say_it(text, meant):
    assert says_the_other_order(text) is meant


@pytest.fixture
def customs_and_two_more(tmp_path):
    """A parcel at customs (the order discussed), an order being prepared and one on its way."""
    held = order("4900000001", "shipped", buyer="ru-buyer-7", shipments=[parcel("LP00000049001CN")])
    preparing = order("4900000002", "processing", buyer="ru-buyer-7")
    travelling = order("4900000003", "shipped", buyer="ru-buyer-7", shipments=[parcel("LP00000049003CN")])
    scans = [
        scan("LP00000049001CN", ago(2), "customs", "Curitiba"),
        scan("LP00000049003CN", ago(1), "departed_origin"),
    ]
    yield orders_database(tmp_path, [held, preparing, travelling], scans)
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "said",
    [
        "e os outros pedidos, já foram enviados?",
        "and my other orders, have they shipped?",
        "còn các đơn khác thì sao",
    ],
)
def test_the_other_orders_are_each_answered(customs_and_two_more, said):
    """Played (aliexpress-br-001): right after the customs answer about one order, "e os outros
    pedidos, já foram enviados?" got "I'm answering about order B; tap another below" and B's
    answer alone."""
    messages, _ = answered_after(
        user("customs_duty", "meu pedido tá parado na alfândega", metadata=BUYER),
        "4900000001",
        user("urge_shipment", said, metadata=BUYER),
    )
    named = [m["order_number"] for m in messages if m["response"] == "utter_about_only_order"]
    assert sorted(named) == ["4900000002", "4900000003"]
    assert "utter_about_order_switch" not in [m["response"] for m in messages]
    assert "4900000001" not in [m.get("order_number") for m in messages]


@pytest.mark.parametrize(
    "text, meant",
    [("os outros pedidos", True), ("các đơn khác", True), ("ออเดอร์อื่นๆ", True), ("outro pedido", False)],
)
def test_the_plural_is_told_from_the_other_order(text, meant):
    assert says_the_other_order(text) and says_the_other_orders(text) is meant


@pytest.fixture
def refund_and_one_to_ship(tmp_path):
    """ozon-ru-001's kind: a cancelled order with an approved refund, and a paid one to ship."""
    cancelled = order("4800000029", "cancelled", buyer="ru-buyer-7", refunds=[APPROVED])
    paid = order("4800000031", "paid", buyer="ru-buyer-7")
    yield orders_database(tmp_path, [cancelled, paid])
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "intent, said",
    [
        ("refund_status", "Когда вернут деньги за отменённый заказ? И когда отправите второй заказ?"),
        ("refund_status", "when is my refund for the cancelled one? and the other order, when do you ship?"),
    ],
)  # fmt: skip
def test_the_other_order_asked_in_the_same_message_is_answered_too(refund_and_one_to_ship, intent, said):
    """Round 11 (ozon-ru-001): the refund was answered, the other order's ship date only when
    asked again ("а второй когда отправите?")."""
    from actions.order_answer import ActionOrderAnswer
    from tests.actions.helpers import run, tracker

    messages, _ = run(ActionOrderAnswer(), tracker([user(intent, said, metadata=BUYER)]))
    named = [m["order_number"] for m in messages if "order_number" in m]
    assert named[0] == "4800000029" and named[-1] == "4800000031", [m["response"] for m in messages]
    assert any(m["response"] in ("utter_ship_by", "utter_order_status_unshipped") for m in messages)
