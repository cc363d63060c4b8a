"""A follow-up that pushes back on a customs or refund-time answer: a person, not "did you mean"."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ConversationPaused, SlotSet

from actions.clarify import ActionLowConfidence
from actions.not_that_order import ActionAnswerNo
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, run, tracker, user
from tests.actions.test_order_answers import BUYER as ORDER_BUYER
from tests.actions.test_order_answers import repo  # noqa: F401 (the fixture)

UNSURE = [
    {"name": "nlu_fallback", "confidence": 0.5},
    {"name": "goodbye", "confidence": 0.2},
    {"name": "urge_shipment", "confidence": 0.17},
]
OTHER_ORDER = [
    {"title": "48392017-0031-1 · Термокружка", "payload": '/refund_status{"order_id": "48392017-0031-1"}'}
]


@pytest.mark.parametrize(
    "action, asked, answer, pushback, reason",
    [
        # Played (aliexpress-es-001): "Elige: Adiós / ¿Cuándo lo envían?"
        (
            ActionLowConfidence(),
            user("refund_status", "¿cuándo me devuelven el dinero?"),
            "utter_refund_pending",
            user("nlu_fallback", "ya pasó una semana", confidence=0.5, ranking=UNSURE),
            "disputes_refund_time",
        ),
        (
            ActionLowConfidence(),
            user("refund_status", "where is my refund?"),
            "utter_refund_processed",
            user("nlu_fallback", "why not? I paid", confidence=0.4, ranking=UNSURE),
            "disputes_refund_time",
        ),
        # Played (aliexpress-es-001): "¿por qué no? si ya pagué" after the delivered order
        # could not be cancelled: "did you mean: No / ¿Cuándo lo envían?".
        (
            ActionLowConfidence(),
            user("cancel_order", "quiero cancelar mi pedido"),
            "utter_cannot_cancel_delivered",
            user("nlu_fallback", "¿por qué no? si ya pagué", confidence=0.4, ranking=UNSURE),
            "disputes_cancel_refused",
        ),
        # "não é justo" is read as a "no": it got "anything else?" with one order.
        (
            ActionAnswerNo(),
            user("customs_duty", "preciso pagar imposto?"),
            "utter_customs_duty",
            user("deny", "não é justo", confidence=0.99),
            "disputes_customs_duty",
        ),
    ],
)
def test_pushing_back_on_a_customs_or_refund_answer_goes_to_a_person(action, asked, answer, pushback, reason):
    events = [asked, bot("utter_about_only_order"), bot(answer), pushback]
    messages, result = run(action, tracker(events))
    assert [m["response"] for m in messages] == ["utter_handoff"]
    assert SlotSet("handoff_reason", reason) in result and SlotSet("handoff_tier", 2) in result
    assert ConversationPaused() in result


def test_a_no_to_an_answer_that_offered_other_orders_offers_them_and_a_person():
    """Played (ozon-ru-001): "это нечестно" after the refund answer about one of two orders got
    "Какой заказ вы имели в виду?" with the other order alone."""
    events = [
        user("refund_status", "где мой возврат?"),
        bot("utter_about_order_switch", buttons=OTHER_ORDER),
        bot("utter_refund_pending"),
        user("deny", "это нечестно", confidence=0.56),
    ]
    messages, result = run(ActionAnswerNo(), tracker(events))
    [message] = messages
    assert message["response"] == "utter_other_order_or_person"
    assert message["buttons"] == OTHER_ORDER and message["intents"] == ["human_handoff"]
    assert result == []


def test_an_unclear_message_after_a_tracking_answer_is_still_asked_what_was_meant():
    events = [
        user("track_order", "where is it?"),
        bot("utter_tracking_in_transit"),
        user("nlu_fallback", "hmm ok and", confidence=0.5, ranking=UNSURE),
    ]
    messages, _ = run(ActionLowConfidence(), tracker(events))
    assert [m["response"] for m in messages] == ["utter_clarify"]


def test_a_no_after_a_refused_cancellation_is_no_thanks_not_a_dispute():
    """That answer ends with what the buyer can do instead ("you can refuse it or return it"):
    "no" there is "no, thanks", and it got a person since the pushback change."""
    events = [
        user("cancel_order", "cancel it"),
        bot("utter_about_only_order"),
        bot("utter_cannot_cancel_delivered"),
        user("deny", "no"),
    ]
    messages, result = run(ActionAnswerNo(), tracker(events))
    assert [m["response"] for m in messages] == ["utter_anything_else"]
    assert result == []


@pytest.mark.parametrize(
    "intent, text",
    [("nlu_fallback", "thoi khoi huy, de em doi"), ("nlu_fallback", "ok never mind, I'll wait")],
)
def test_never_mind_ill_wait_after_a_refused_cancellation_keeps_the_order(intent, text):
    """Played (lazada-vn-001): "thoi khoi huy, de em doi" (never mind cancelling, I'll wait)
    right after "it has shipped, it can't be cancelled" went to a person."""
    events = [
        user("cancel_order", "huy don tai nghe giup em"),
        bot("utter_cannot_cancel_shipped"),
        user(intent, text, confidence=0.4, ranking=UNSURE),
    ]
    messages, result = run(ActionLowConfidence(), tracker(events, slots={"order_id": "9800000001"}))
    assert [m["response"] for m in messages] == ["utter_cancel_kept"]
    assert messages[0]["order_number"] == "9800000001" and result == []


def test_never_mind_read_as_a_cancellation_after_a_refusal_keeps_the_order(repo):  # noqa: F811
    chat = [
        user("cancel_order", "cancel my order", metadata=ORDER_BUYER),
        bot("utter_cannot_cancel_shipped", order_number="1000000002"),
        user("cancel_order", "ok never mind cancelling, I'll wait", metadata=ORDER_BUYER),
    ]
    messages, result = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "1000000002"}))
    assert [m["response"] for m in messages] == ["utter_cancel_kept"] and result == [
        SlotSet("order_id", "1000000002")
    ]


REFUNDED, PROCESSING = "1000000006", "1000000001"  # th-buyer-1's orders in test_order_answers


@pytest.mark.parametrize(
    "follow_up, confidence, said",
    [
        # Played (ozon-ru-001): "уже неделя прошла" after the refund answer about the cancelled
        # order was read as urge_shipment 0.66, and the bot answered when the other order ships.
        ("уже неделя прошла", 0.66, ["utter_handoff"]),
        # A question read surely is a new one, about the order it fits.
        ("а когда отправите?", 0.99, ["utter_about_order_switch", "utter_ship_by"]),
    ],
)
@pytest.mark.usefixtures("repo")
def test_an_unsure_new_question_right_after_a_refund_answer_pushes_back_on_it(follow_up, confidence, said):
    events = [
        user("refund_status", "где мои деньги?", metadata=ORDER_BUYER),
        bot("utter_about_order_switch", order_number=REFUNDED),
        bot("utter_refund_processed", order_number=REFUNDED),
        {"event": "slot", "name": "order_id", "value": REFUNDED},
        user("urge_shipment", follow_up, confidence=confidence, metadata=ORDER_BUYER),
    ]
    messages, result = run(ActionOrderAnswer(), tracker(events, slots={"order_id": REFUNDED}))
    assert [m["response"] for m in messages] == said
    assert (SlotSet("handoff_reason", "disputes_refund_time") in result) == (said == ["utter_handoff"])


@pytest.mark.parametrize("why", ["porque no??", "sao không hủy được", "kenapa ga bisa", "why not"])
def test_a_why_not_after_a_refused_cancellation_pushes_back(why):
    """Played (aliexpress-mx-001): "quiero cancelar" -> shipped, can't be cancelled; "porque no??"
    (read as deny 0.96) -> "Muy bien. ¿Hay algo más en lo que te pueda ayudar?". And
    (lazada-vn-001) "sao không hủy được" (why can't it be cancelled?), no question mark."""
    events = [
        user("cancel_order", "quiero cancelar"),
        bot("utter_about_only_order"),
        bot("utter_cannot_cancel_shipped"),
        user("deny", why, confidence=0.96),
    ]
    messages, result = run(ActionAnswerNo(), tracker(events))
    assert [m["response"] for m in messages] == ["utter_handoff"]
    assert SlotSet("handoff_reason", "disputes_cancel_refused") in result
