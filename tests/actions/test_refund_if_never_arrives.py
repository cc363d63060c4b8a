""" "What if it never comes, can I get a refund?" about a parcel on its way: the day it should
have come by, then a search and a refund or a new one. Played (shopee-sg-001): "如果下周还没到可以
退款吗" (if it hasn't come by next week, can I get a refund?) got "parcels on their way can't be
refunded yet"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from bot.seller.shop import load_shop
from tests.actions.helpers import orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

TRAVELLING = "7700000001"


@pytest.fixture
def repo(tmp_path):
    rows = [order(TRAVELLING, "shipped", shipments=[{**parcel("LP00000077001CN"), "shipped_at": ago(2)}])]
    yield orders_database(tmp_path, rows, [scan("LP00000077001CN", ago(1), "departed_origin")])
    commerce.use_repository(None)


def refund(text: str) -> list:
    chat = [user("request_refund", text, metadata=BUYER)]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": TRAVELLING, "language": "zh"}))
    return messages


@pytest.mark.parametrize(
    "text",
    [
        "如果下周还没到可以退款吗",
        "what if it never arrives, do I get a refund?",
        "e se não chegar, tem reembolso?",
    ],
)
def test_what_if_it_never_comes_gets_the_day_and_what_happens_then(repo, text):
    messages = refund(text)
    assert responses(messages) == ["utter_refund_if_never_arrives"]
    shipped = date.fromisoformat(ago(2)[:10])
    latest = shipped + timedelta(days=load_shop().delivery_window("TH").longest)
    assert messages[0]["expected_to_date"][:10] == latest.isoformat()


def test_a_plain_refund_request_for_a_parcel_on_its_way_is_answered_as_before(repo):
    assert "utter_refund_after_delivery" in responses(refund("I want a refund"))
