""" "How do I pay?" from a buyer with an order waiting for payment."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from actions.payment_help import asks_how_to_pay
from actions.presale import ActionProductQuestion
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import order

BUYER = {"marketplace": "lazada", "buyer_id": "id-buyer-7"}
UNPAID, PAID = "6000000001", "6000000002"


@pytest.fixture
def repo(tmp_path):
    unpaid = order(UNPAID, "unpaid", buyer="id-buyer-7")
    yield orders_database(tmp_path, [unpaid, order(PAID, "paid", buyer="id-buyer-7")])
    commerce.use_repository(None)


def after_unpaid_answer(intent, text, ranking):
    chat = [
        user("track_order", "pesanan saya kok belum dikirim", metadata=BUYER),
        bot("utter_order_unpaid", order_number=UNPAID),
        user(intent, text, ranking[0]["confidence"], ranking, metadata=BUYER),
    ]
    return tracker(chat, slots={"order_id": UNPAID})


def test_how_do_i_pay_not_understood_says_where_to_pay_the_unpaid_order(repo):
    """Played (lazada-id-001): told the order was not paid, "gimana caranya bayar?" read
    nlu_fallback (customs_duty 0.31) and got "did you mean: customs duty / something else?"."""
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "customs_duty", "confidence": 0.31},
        {"name": "out_of_scope", "confidence": 0.12},
    ]
    messages, events = run(
        ActionLowConfidence(), after_unpaid_answer("nlu_fallback", "gimana caranya bayar?", ranking)
    )
    assert [m["response"] for m in messages] == ["utter_how_to_pay"]
    assert messages[0]["order_number"] == UNPAID
    assert events == [SlotSet("order_id", UNPAID)]


def test_how_do_i_pay_read_as_pre_sale_is_not_handed_to_a_person(repo):
    ranking = [{"name": "product_question", "confidence": 0.7}]
    t = after_unpaid_answer("product_question", "como faço pra pagar?", ranking)
    messages, _ = run(ActionProductQuestion(), t)
    assert [m["response"] for m in messages] == ["utter_how_to_pay"]


def test_how_do_i_pay_read_as_where_is_it_says_where_to_pay(repo):
    t = tracker([user("track_order", "kak pesanan saya gimana cara bayarnya?", metadata=BUYER)])
    messages, _ = run(ActionOrderAnswer(), t)
    assert [m["response"] for m in messages][-1] == "utter_how_to_pay"


@pytest.mark.parametrize(
    "text, asks",
    [
        ("gimana caranya bayar?", True),
        ("thanh toan the nao a", True),
        ("怎么付款呀", True),
        ("как оплатить заказ?", True),
        ("kak pesanan yang belum dibayar bisa COD aja ga?", True),
        ("kak saya belum bayar pesanan yg satu, masih bisa bayar ga?", True),
        ("bayarnya pake apa aja", True),
        ("可以货到付款吗", True),
        ("tem pagamento na entrega?", True),
        ("I got a discount code", False),
        ("cara bayar bea cukai gimana kak", False),  # the duty, not the order
        ("how to pay the customs fee?", False),
        ("sudah bayar kak", False),
    ],
)
def test_how_to_pay_is_told_apart_from_paying_a_duty_or_having_paid(text, asks):
    assert asks_how_to_pay(text) is asks


@pytest.mark.parametrize(
    "text", ["udah saya bayar barusan kak", "I just paid it", "我刚付完款", "acabei de pagar"]
)
def test_i_just_paid_about_the_unpaid_order_is_not_told_it_is_unpaid(repo, text):
    """Played (lazada-id-001): told how to pay, "udah saya bayar barusan" (I've just paid) went
    to a person; read as where is it, "hasn't been paid yet" reads as not believed. The shop
    has not seen the payment yet: it may take a few minutes. (Live, "the one I paid" then
    picked the buyer's other order, which is paid: it is the one just discussed.)"""
    chat = [
        user("track_order", "kak cara bayar pesanan saya gimana?", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": UNPAID},
        bot("utter_how_to_pay", order_number=UNPAID),
        user("track_order", text, metadata=BUYER),
    ]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": UNPAID}))
    assert [m["response"] for m in messages][-1] == "utter_payment_not_seen_yet"
    assert messages[-1]["order_number"] == UNPAID
    # Asked where it is, with no word of paying: unpaid, as before.
    chat[-1] = user("track_order", "where is my order?", metadata=BUYER)
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": UNPAID}))
    assert [m["response"] for m in messages][-1] == "utter_order_unpaid"


def test_can_i_still_pay_read_as_a_cancellation_says_how_to_pay(repo):
    """Played (lazada-id-001): "masih bisa bayar ga?" (can I still pay?) was asked "cancel it?"."""
    text = "kak saya belum bayar pesanan yg satu, masih bisa bayar ga?"
    t = tracker([user("cancel_order", text, metadata=BUYER)])
    messages, events = run(ActionOrderAnswer(), t)
    assert [m["response"] for m in messages][-1] == "utter_how_to_pay"
    assert all(m["response"] != "utter_confirm_cancel" for m in messages)


@pytest.mark.parametrize("text", ["batas waktu bayar sampai kapan kak?", "until when can I pay for it?"])
def test_until_when_an_unpaid_order_can_be_paid(repo, text):
    """Played (lazada-id-001): "batas waktu bayar… sampai kapan?" got "not paid yet", twice."""
    t = tracker([user("track_order", text, metadata=BUYER)], slots={"order_id": UNPAID})
    messages, _ = run(ActionOrderAnswer(), t)
    assert [m["response"] for m in messages][-1] == "utter_payment_deadline"
    assert messages[-1]["order_number"] == UNPAID


@pytest.mark.parametrize(
    "text",
    [
        "kak aku udah bayar lewat gopay tadi tp kok status pesanan masih belum dibayar ya? "
        "saldo udah kepotong lho",
        "trus gimana dong kak? duitnya ilang gitu? 😢",
        "I paid with my card and the money was deducted but it still says unpaid",
        "付款了，钱扣了但是显示未付款",
        "ya me cobraron pero sigue sin pagar",
    ],
)
def test_money_taken_but_the_order_unpaid_is_told_it_is_not_lost(repo, text):
    """Round 10 (lazada-id-001): "paid with GoPay, my balance was taken, it still says unpaid",
    then "is my money gone?" got "not paid yet" twice."""
    chat = [user("track_order", text, metadata=BUYER)]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": UNPAID}))
    assert [m["response"] for m in messages][-1] == "utter_payment_charged_not_confirmed"
    assert messages[-1]["order_number"] == UNPAID


def test_money_taken_asked_as_a_refund_about_the_unpaid_order_is_told_it_is_not_lost(repo):
    """Round 11 (lazada-id-001): "duit sy udh kepotong. hrs bayar ulang atau gimana? takut
    dobel" (money taken, pay again?) was read as a refund question and went to a person."""
    text = "iya tau blm kebayar di sistem, tp duit sy udh kepotong. hrs bayar ulang atau gimana? takut dobel"
    chat = [user("refund_status", text, metadata=BUYER)]
    messages, events = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": UNPAID}))
    assert [m["response"] for m in messages][-1] == "utter_payment_charged_not_confirmed"
    assert not any(e.get("event") == "pause" for e in events)
    saldo = "min sy udh transfer pake gopay td siang, saldo gopay udh berkurang tp pesanan msh 'belum bayar'"
    messages, _ = run(
        ActionOrderAnswer(), tracker([user("track_order", saldo, metadata=BUYER)], {"order_id": UNPAID})
    )
    assert [m["response"] for m in messages][-1] == "utter_payment_charged_not_confirmed"
