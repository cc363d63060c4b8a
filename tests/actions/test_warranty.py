"""A damaged item delivered longer ago than the return window is a warranty question. Played
(lazada-th-001): "พาวเวอร์แบงค์ที่ได้รับเมื่อเดือนที่แล้วเสียแล้ว… ยังอยู่ในประกันไหม" (the power bank I
got last month stopped charging: is it under warranty?) was asked for photos of the packaging,
as damage on the way."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from bot.commerce.views import BuyerRef
from bot.seller.shop import load_shop
from tests.actions.helpers import handed_off, orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

OLD, RECENT = "7600000001", "7600000002"


@pytest.fixture
def repo(tmp_path):
    days = load_shop().returns.days
    rows = [
        order(OLD, "delivered", shipments=[parcel("LP00000076001CN")]),
        order(RECENT, "delivered", shipments=[parcel("LP00000076002CN")]),
    ]
    scans = [
        scan("LP00000076001CN", ago(days + 15), "delivered"),
        scan("LP00000076002CN", ago(2), "delivered"),
    ]
    yield orders_database(tmp_path, rows, scans)
    commerce.use_repository(None)


def damaged(order_number: str) -> tuple:
    chat = [user("damaged_item", "it stopped charging, is it under warranty?", metadata=BUYER)]
    return run(ActionOrderAnswer(), tracker(chat, slots={"order_id": order_number, "language": "th"}))


def test_past_the_return_window_a_damaged_item_goes_to_after_sales_as_warranty(repo):
    messages, events = damaged(OLD)
    assert responses(messages) == ["utter_past_return_window", "utter_handoff"]
    assert messages[0]["return_days"] == load_shop().returns.days
    assert handed_off(events, "warranty") and messages[1]["tier"] == 2
    assert not repo.order_for_buyer(BuyerRef(BUYER["marketplace"], BUYER["buyer_id"]), OLD).cases


def test_within_the_return_window_photos_are_asked_for_as_before(repo):
    messages, _ = damaged(RECENT)
    assert "utter_ask_photos" in responses(messages)
