""" "When?" after a refund's status is a question before it is a dispute: the date its stage
should be over, from seller/shop.yml refund_days, once. Played on `make run`
(aliexpress-es-001): "y cuándo me lo aprueban?" right after "your refund is pending review"
went to after-sales as a dispute."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from actions.out_of_scope import ActionOutOfScope
from actions.question_words import asks_when
from bot.seller.shop import load_shop
from tests.actions.helpers import bot, handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, NOW, ago, order, responses


def requested(days_ago: float) -> dict:
    return {"amount": "300.00", "status": "requested", "requested_at": ago(days_ago)}


ORDERS = [
    order("4000000001", "delivered", refunds=[requested(1)]),
    order("4000000002", "delivered", refunds=[requested(9)]),
    order("4000000003", "cancelled", refunds=[
        {"amount": "300.00", "status": "approved", "requested_at": ago(3), "approved_at": ago(2)}]),
    order("4000000004", "refunded", refunds=[
        {"amount": "300.00", "status": "processed", "requested_at": ago(9), "processed_at": ago(5)}]),
]  # fmt: skip
STATUS_TOLD = {
    "4000000001": "utter_refund_pending",
    "4000000002": "utter_refund_pending",
    "4000000003": "utter_refund_pending",
    "4000000004": "utter_refund_processed",
}


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, ORDERS)
    commerce.use_repository(None)


def asked_after_the_status(order_number: str, *more: dict) -> tuple:
    chat = [
        user("refund_status", "where is my refund?", metadata=BUYER),
        bot(STATUS_TOLD[order_number], order_number=order_number),
        *more,
    ]
    return run(ActionOrderAnswer(), tracker(chat, slots={"language": "es", "order_id": order_number}))


def day_of(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.mark.parametrize(
    "when",
    ["y cuándo me lo aprueban?", "when will it be approved?", "什么时候能审核好", "сколько ещё ждать?"],
)
def test_a_request_under_review_gets_the_day_it_should_be_answered_by(repo, when):
    assert asks_when(when)
    messages, events = asked_after_the_status("4000000001", user("refund_status", when))
    assert responses(messages) == ["utter_refund_review_by"]
    review = load_shop().refund_days.review
    expected = day_of(messages[0]["expected_date"]) - (NOW - timedelta(days=1))
    assert abs(expected - timedelta(days=review)) < timedelta(minutes=1)
    assert messages[0]["review_days"] == review
    assert not handed_off(events, "disputes_refund_time")


def test_asked_again_after_the_date_a_person_takes_it(repo):
    when = user("refund_status", "y cuándo me lo aprueban?")
    told = bot("utter_refund_review_by", order_number="4000000001")
    messages, events = asked_after_the_status("4000000001", when, told, user("refund_status", "cuándo???"))
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "disputes_refund_time")


def test_how_long_to_the_card_once_approved_gets_the_steps_after_approval_once(repo):
    """Played (aliexpress-es-001): "y una vez aprobado cuanto tarda en llegar a mi tarjeta?"
    right after the day the request is reviewed by went to a person."""
    when = user("refund_status", "y cuándo me lo aprueban?")
    told = bot("utter_refund_review_by", order_number="4000000001")
    card = user("refund_status", "y una vez aprobado cuanto tarda en llegar a mi tarjeta?")
    messages, events = asked_after_the_status("4000000001", when, told, card)
    assert responses(messages) == ["utter_refund_after_approval"]
    assert messages[0]["payout_days"] == load_shop().refund_days.payout
    assert not handed_off(events, "disputes_refund_time")
    steps = bot("utter_refund_after_approval", order_number="4000000001")
    messages, events = asked_after_the_status("4000000001", when, told, card, steps, card)
    assert responses(messages) == ["utter_handoff"]


def test_a_request_past_its_review_days_goes_to_a_person(repo):
    messages, events = asked_after_the_status(
        "4000000002", user("refund_status", "when will it be approved?")
    )
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "disputes_refund_time")


def test_an_approved_refund_gets_the_day_it_should_be_sent_by(repo):
    messages, _ = asked_after_the_status("4000000003", user("refund_status", "quando vão mandar o dinheiro?"))
    assert responses(messages) == ["utter_refund_payout_by"]
    expected = day_of(messages[0]["expected_date"]) - (NOW - timedelta(days=2))
    assert abs(expected - timedelta(days=load_shop().refund_days.payout)) < timedelta(minutes=1)


def test_a_refund_sent_gets_the_last_business_day_the_bank_should_show_it(repo):
    messages, _ = asked_after_the_status("4000000004", user("refund_status", "when will it reach my bank?"))
    assert responses(messages) == ["utter_refund_bank_by"]
    sent, due = NOW - timedelta(days=5), day_of(messages[0]["expected_date"])
    weekdays = sum((sent + timedelta(days=d)).weekday() < 5 for d in range(1, (due - sent).days + 1))
    assert weekdays == 20 and due.weekday() < 5


def test_a_follow_up_that_asks_no_when_is_still_the_dispute_it_was(repo):
    messages, events = asked_after_the_status("4000000001", user("refund_status", "it's been too long!!"))
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "disputes_refund_time")


def test_when_read_as_a_refund_request_about_the_refund_under_review_gets_the_date_too(repo):
    """Played (aliexpress-es-001): "y cuándo me lo aprueban?" went to after-sales all the same."""
    messages, _ = asked_after_the_status("4000000001", user("request_refund", "y cuándo me lo aprueban?"))
    assert responses(messages) == ["utter_refund_review_by"]


@pytest.mark.parametrize(
    "reading",
    [
        user("nlu_fallback", "y cuándo me lo aprueban?", confidence=0.5, ranking=[
            {"name": "nlu_fallback", "confidence": 0.5}, {"name": "urge_shipment", "confidence": 0.34}]),
        user("urge_shipment", "когда вы его переведёте?", confidence=0.55),
    ],
)  # fmt: skip
def test_when_not_understood_right_after_the_status_is_about_that_refund(repo, reading):
    """Played (aliexpress-es-001, ozon-ru-001): "y cuándo me lo aprueban?" fell back and "когда вы
    его переведёте?" was read unsurely: both went to after-sales as a dispute."""
    chat = [
        user("refund_status", "where is my refund?", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": "4000000001"},
        bot("utter_refund_pending", order_number="4000000001"),
        reading,
    ]
    action = (
        ActionLowConfidence()
        if reading["parse_data"]["intent"]["name"] == "nlu_fallback"
        else ActionOrderAnswer()
    )
    messages, _ = run(action, tracker(chat, slots={"language": "es", "order_id": "4000000001"}))
    assert responses(messages) == ["utter_refund_review_by"]


def test_a_sure_new_question_after_the_status_is_that_question(repo):
    chat = [
        user("refund_status", "where is my refund?", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": "4000000001"},
        bot("utter_refund_pending", order_number="4000000001"),
        user("urge_shipment", "when do you ship my other order?", confidence=0.97),
    ]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"language": "es", "order_id": "4000000001"}))
    assert "utter_refund_review_by" not in responses(messages)


def test_when_again_not_understood_after_the_date_goes_to_a_person(repo):
    """Played (aliexpress-es-001): "cuándo??" right after the review date was read as where the
    parcel is and got "it was delivered on ..., did you get it?"."""
    chat = [
        user("refund_status", "where is my refund?", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": "4000000001"},
        bot("utter_refund_pending", order_number="4000000001"),
        user("refund_status", "y cuándo me lo aprueban?"),
        bot("utter_refund_review_by", order_number="4000000001"),
        user("track_order", "cuándo??", confidence=0.6),
    ]
    messages, events = run(
        ActionOrderAnswer(), tracker(chat, slots={"language": "es", "order_id": "4000000001"})
    )
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "disputes_refund_time")


@pytest.mark.parametrize("said", ["5 days, nothing in my bank", "ainda não caiu na minha conta", "还没到账"])
def test_money_not_there_yet_after_a_refund_sent_gets_the_last_day_too(repo, said):
    """Played (wish-us-001): "5 days, nothing in my bank" after "processed on Dec 1, banks take
    3-20 business days" went to after-sales as a dispute."""
    messages, _ = asked_after_the_status("4000000004", user("refund_status", said))
    assert responses(messages) == ["utter_refund_bank_by"]
    messages, _ = asked_after_the_status("4000000001", user("refund_status", said))
    assert responses(messages) == ["utter_handoff"]  # under review, nothing was sent to be missing


def test_when_read_as_out_of_scope_after_the_status_still_gets_the_day(repo):
    """Played (wish-us-001): "how long does it take to reach my card?" right after "your refund
    was processed on ..." read out_of_scope (0.67, refund_status 0.16 next), and the buyer was
    told the bot only handles orders."""
    asked = user("out_of_scope", "how long does it take to reach my card?", confidence=0.67)
    chat = [
        user("refund_status", "where is my refund?", metadata=BUYER),
        bot(STATUS_TOLD["4000000004"], order_number="4000000004"),
        asked,
    ]
    messages, _ = run(ActionOutOfScope(), tracker(chat, slots={"order_id": "4000000004"}))
    assert responses(messages) == ["utter_refund_bank_by"]
    sure = user("out_of_scope", "how long does it take to fly to Paris?", confidence=0.95)
    messages, _ = run(ActionOutOfScope(), tracker([*chat[:2], sure], slots={"order_id": "4000000004"}))
    assert responses(messages) == ["utter_out_of_scope"]


def asked_first(order_number: str, text: str) -> tuple:
    chat = [user("refund_status", text, metadata=BUYER)]
    return run(ActionOrderAnswer(), tracker(chat, slots={"language": "zh", "order_id": order_number}))


@pytest.mark.parametrize(
    "order_number, told",
    [("4000000001", "utter_refund_review_by"), ("4000000003", "utter_refund_payout_by"),
     ("4000000004", "utter_refund_bank_by")],
)  # fmt: skip
def test_a_first_how_long_gets_the_day_in_place_of_the_bare_status(repo, order_number, told):
    # Played on `make run` (shopee-tw-001): "退款多久會到" right after a cancellation said the
    # money was on its way got "approved, we'll tell you when it's done", and no day.
    messages, events = asked_first(order_number, "退款多久會到")
    assert responses(messages) == [told]
    assert messages[0]["order_number"] == order_number and messages[0]["expected_date"]
    assert not handed_off(events, "disputes_refund_time")


def test_a_first_question_that_asks_no_when_gets_the_status(repo):
    messages, _ = asked_first("4000000003", "我的退款怎么样了")
    assert responses(messages) == ["utter_refund_pending"]


def test_a_first_when_past_the_stages_day_gets_the_status_and_asked_again_a_person(repo):
    messages, events = asked_first("4000000002", "退款多久會到")
    assert responses(messages) == ["utter_refund_pending"]
    assert not handed_off(events, "disputes_refund_time")
    messages, events = asked_after_the_status("4000000002", user("refund_status", "退款多久會到"))
    assert responses(messages) == ["utter_handoff"]


@pytest.mark.parametrize("asked", ["а куда придут деньги, на карту?", "which card did it go to"])
def test_which_card_the_refund_goes_to_is_told_once(repo, asked):
    """Played (ozon-ru-001, wish-us-001): asked right after the refund's status, it went to a
    person."""
    messages, events = asked_after_the_status("4000000004", user("refund_status", asked))
    assert responses(messages) == ["utter_refund_method"]
    assert not handed_off(events, "disputes_refund_time")
    told = bot("utter_refund_method", order_number="4000000004")
    again = user("refund_status", asked)
    messages, _ = asked_after_the_status("4000000004", user("refund_status", asked), told, again)
    assert responses(messages) == ["utter_handoff"]


def test_which_card_read_as_a_product_question_after_the_refund_answer_is_the_refunds(repo):  # noqa: F811
    """Played (wish-us-001): "which card does it go to? i have 2 visas" right after "your
    refund was processed" went to the catalogue colleague, and the chat fell silent."""
    from actions.presale import ActionProductQuestion

    chat = [
        user("refund_status", "i dont see my refund on my card", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": "4000000004"},
        bot("utter_refund_processed", order_number="4000000004"),
        user("product_question", "which card does it go to? i have 2 visas", metadata=BUYER),
    ]
    messages, events = run(ActionProductQuestion(), tracker(chat, slots={"order_id": "4000000004"}))
    assert [m["response"] for m in messages] == ["utter_refund_method"]
    assert not any(e.get("event") == "pause" for e in events if isinstance(e, dict))


def test_when_and_which_card_asked_at_once_get_both(repo):
    """Played (aliexpress-es-001): "¿cuándo me devolvéis el dinero y a qué tarjeta va? la
    tarjeta con la que pagué la cancelé" got the day alone; "¿y lo de la tarjeta? la cancelé,
    ¿a dónde me llega el dinero?" then went to a person."""
    text = "Cuando me devolveis el dinero y a que tarjeta va? la tarjeta con la que pague la cancele"
    messages, _ = asked_first("4000000001", text)
    assert responses(messages)[-1] == "utter_refund_method" and len(messages) == 2
    follow_up = "vale pero y lo de la tarjeta? la cancele, a donde me llega entonces el dinero??"
    chat = [
        user("refund_status", "where is my refund?", metadata=BUYER),
        bot("utter_refund_pending", order_number="4000000001"),
        user("refund_status", follow_up),
    ]
    slots = {"language": "es", "order_id": "4000000001"}
    messages, events = run(ActionOrderAnswer(), tracker(chat, slots=slots))
    assert responses(messages) == ["utter_refund_method"]
    assert not handed_off(events, "disputes_refund_time")


def test_why_so_long_about_a_refund_already_sent_is_the_banks_time_once_then_a_person(repo):
    """Round 12 (wish-us-001): "20 business days?? why so long" after the refund was sent went to
    senior care; the time is the banks', said once. Asked again, a person takes it."""
    messages, events = asked_after_the_status(
        "4000000004", user("refund_status", "20 business days?? why so long", metadata=BUYER)
    )
    assert responses(messages) == ["utter_refund_why_bank_time"] and not handed_off(
        events, "disputes_refund_time"
    )
    assert messages[0]["processed_date"] and messages[0]["refund_amount"] == "300.00 THB"
    told = bot("utter_refund_why_bank_time", order_number="4000000004")
    messages, events = asked_after_the_status(
        "4000000004", told, user("refund_status", "still, why so long??", metadata=BUYER)
    )
    assert handed_off(events, "disputes_refund_time")
