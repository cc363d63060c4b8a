""" "How do I pay it?" about the import duty: paid to the carrier or the post office, who tell
the buyer the amount and how. Played on `make run` (aliexpress-br-001): after who pays and what
the duty comes to, "e como eu pago isso?" was not understood and got "did you mean...?", and
"como pago o imposto?" after who pays went to after-sales as a dispute."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.clarify import ActionLowConfidence
from actions.customs_words import asks_how_to_pay_duty
from tests.actions.helpers import bot, handed_off, run, tracker, user
from tests.actions.test_order_answers import BUYER, ask, repo, responses  # noqa: F401

AT_CUSTOMS = "1000000002"


@pytest.mark.parametrize(
    "text",
    ["how do I pay the customs fee?", "como pago o imposto?", "关税怎么交", "bea cukainya bayar dimana"],
)
def test_how_to_pay_the_duty_first_is_told_with_who_pays(repo, text):  # noqa: F811
    assert asks_how_to_pay_duty(text)
    messages, _ = ask("customs_duty", {"order_id": AT_CUSTOMS}, text=text)
    assert responses(messages)[:2] == ["utter_customs_duty", "utter_customs_how_to_pay"]


def test_after_who_pays_it_is_a_question_once_then_a_dispute(repo):  # noqa: F811
    explained = dict(earlier=["customs_duty"], said=["utter_customs_duty"])
    messages, events = ask("customs_duty", {"order_id": AT_CUSTOMS}, text="como pago o imposto?", **explained)
    assert responses(messages) == ["utter_customs_how_to_pay"]
    assert events == [SlotSet("order_id", AT_CUSTOMS)]
    told = dict(
        earlier=["customs_duty", "customs_duty"], said=["utter_customs_duty", "utter_customs_how_to_pay"]
    )
    messages, events = ask("customs_duty", {"order_id": AT_CUSTOMS}, text="como pago o imposto??", **told)
    assert responses(messages) == ["utter_handoff"] and handed_off(events, "disputes_customs_duty")


def test_not_understood_right_after_the_amount_it_is_how_to_pay_the_duty(repo):  # noqa: F811
    chat = [
        user("customs_duty", "meu pedido tá parado na alfândega, preciso pagar?", metadata=BUYER),
        bot("utter_customs_duty", order_number=AT_CUSTOMS),
        user("customs_duty", "quanto eu tenho que pagar?", metadata=BUYER),
        bot("utter_customs_amount", order_number=AT_CUSTOMS),
        user("nlu_fallback", "e como eu pago isso?", confidence=0.5, metadata=BUYER),
    ]
    messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"order_id": AT_CUSTOMS}))
    assert responses(messages) == ["utter_customs_how_to_pay"]


def test_not_understood_how_to_pay_with_no_customs_talk_is_not_about_the_duty(repo):  # noqa: F811
    chat = [
        user("track_order", "where is my parcel?", metadata=BUYER),
        bot("utter_tracking_pickup", order_number=AT_CUSTOMS),
        user("nlu_fallback", "e como eu pago isso?", confidence=0.5, metadata=BUYER),
    ]
    messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"order_id": AT_CUSTOMS}))
    assert "utter_customs_how_to_pay" not in responses(messages)


def test_is_this_duty_notice_a_scam_is_told_where_a_real_one_is_paid(repo):  # noqa: F811
    """Played (aliexpress-br-001): "recebi um aviso dos correios pra pagar imposto, isso é
    golpe?" got who pays the duty and a coupon, not whether to trust the notice."""
    text = "recebi um aviso dos correios pra pagar imposto, isso é golpe?"
    messages, _ = ask("customs_duty", {"order_id": AT_CUSTOMS}, text=text)
    assert responses(messages) == ["utter_customs_notice_official"]


@pytest.mark.parametrize(
    "action, intent, text, answer",
    [
        # Read as a price question, it went to the catalogue colleague.
        ("presale", "product_question", "quanto é mais ou menos?", "utter_customs_amount"),
        ("out_of_scope", "out_of_scope", "e isso é golpe?", "utter_customs_notice_official"),
    ],
)
def test_right_after_the_customs_answer_a_question_read_as_another_is_about_the_duty(
    repo,  # noqa: F811
    action,
    intent,
    text,
    answer,
):
    from actions.out_of_scope import ActionOutOfScope
    from actions.presale import ActionProductQuestion

    chat = [
        user("customs_duty", "tenho que pagar imposto?", metadata=BUYER),
        bot("utter_customs_duty", order_number=AT_CUSTOMS),
        user(intent, text, metadata=BUYER),
    ]
    runner = {"presale": ActionProductQuestion(), "out_of_scope": ActionOutOfScope()}[action]
    messages, events = run(runner, tracker(chat, slots={"order_id": AT_CUSTOMS}))
    assert responses(messages) == [answer]
    assert not handed_off(events, "product_question")


def test_a_price_question_with_no_customs_talk_still_goes_to_the_colleague(repo):  # noqa: F811
    from actions.presale import ActionProductQuestion

    chat = [user("product_question", "quanto é mais ou menos?", metadata=BUYER)]
    messages, _ = run(ActionProductQuestion(), tracker(chat, slots={"order_id": AT_CUSTOMS}))
    assert "utter_customs_amount" not in responses(messages)


def test_the_follow_up_answer_carries_the_orders_country_and_declared_value(repo):  # noqa: F811
    """Played (aliexpress-mx-001): "y como cuanto seria mas o menos?" after who pays the duty
    was told "customs in  work it out from the declared value ()": the values were left out."""
    from actions.presale import ActionProductQuestion

    told = {"order_number": AT_CUSTOMS, "destination_country": "Brasil", "declared_amount": "R$ 15,00"}
    chat = [
        user("customs_duty", "tenho que pagar imposto?", metadata=BUYER),
        bot("utter_customs_duty", **told),
        user("product_question", "quanto é mais ou menos?", metadata=BUYER),
    ]
    messages, _ = run(ActionProductQuestion(), tracker(chat, slots={"order_id": AT_CUSTOMS}))
    assert responses(messages) == ["utter_customs_amount"]
    assert {k: messages[0][k] for k in told} == told


def test_what_if_i_dont_pay_right_after_the_customs_answer_is_told_what_happens(repo):  # noqa: F811
    """Played (aliexpress-br-001): "e se eu nao pagar no prazo? volta pra vcs?" was not
    understood (asked back), and the customs button tapped then went to a person."""
    from actions.clarify import ActionLowConfidence

    chat = [
        user("customs_duty", "tenho que pagar imposto?", metadata=BUYER),
        bot("utter_customs_duty", order_number=AT_CUSTOMS),
        user("nlu_fallback", "e se eu nao pagar no prazo? volta pra vcs?", metadata=BUYER),
    ]
    messages, events = run(ActionLowConfidence(), tracker(chat, slots={"order_id": AT_CUSTOMS}))
    assert responses(messages) == ["utter_customs_refused"]
    assert messages[0]["refund_on_return"] and messages[0]["order_number"] == AT_CUSTOMS
    assert not handed_off(events, "disputes_customs_duty")
