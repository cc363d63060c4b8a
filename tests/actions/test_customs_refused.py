""" "I won't pay the duty": customs send the parcel back, and what is refunded then (the seller's
refused_duty_refund). Played on `make run` (aliexpress-br-001): "a taxa da alfândega ficou muito
cara, não vou pagar" got who pays the duty, a goodwill coupon and when the parcel is released."""

from __future__ import annotations

import pytest

from actions.customs_words import refuses_to_pay
from bot.seller.shop import load_shop, parse_shop
from tests.actions.helpers import handed_off
from tests.actions.test_order_answers import ask, repo, responses  # noqa: F401

AT_CUSTOMS = "1000000002"


@pytest.mark.parametrize(
    "text",
    [
        "a taxa da alfândega ficou muito cara, não vou pagar",
        "I'm not paying that customs fee",
        "no voy a pagar ese impuesto",
        "пошлину платить не буду",
        "关税我不交",
        "ไม่จ่ายภาษีนะ",
        "thuế cao quá mình không đóng đâu",
        "bea cukainya mahal, gak mau bayar",
    ],
)
def test_refusing_the_duty_is_read_in_every_language(text):
    assert refuses_to_pay(text)


@pytest.mark.parametrize("text", ["how do I pay the duty?", "já paguei a taxa", "quanto vou pagar?"])
def test_asking_about_paying_is_no_refusal(text):
    assert not refuses_to_pay(text)


def test_a_refusal_is_told_what_happens_then_once_then_a_person(repo):  # noqa: F811
    text = "a taxa da alfândega ficou muito cara, não vou pagar"
    messages, _ = ask("customs_duty", {"order_id": AT_CUSTOMS}, text=text)
    assert responses(messages) == ["utter_customs_refused"]
    assert messages[0]["refund_on_return"] == load_shop().refused_duty_refund
    told = dict(earlier=["customs_duty"], said=["utter_customs_refused"])
    messages, events = ask("customs_duty", {"order_id": AT_CUSTOMS}, text="não vou pagar mesmo", **told)
    assert responses(messages) == ["utter_handoff"] and handed_off(events, "disputes_customs_duty")


def test_the_refund_on_return_is_one_of_the_three_policies():
    assert parse_shop({"refused_duty_refund": "full"}).refused_duty_refund == "full"
    with pytest.raises(ValueError, match="refused_duty_refund"):
        parse_shop({"refused_duty_refund": "half"})
