"""A refund asked for a parcel waiting at the post office: it need not be collected, and comes
back to the shop, which refunds it then. Played on `make run` (lazada-th-001): "ยกเลิกได้ไหม" got
"it has shipped: refuse it when it's delivered, or return it", and "งั้นขอคืนเงินได้ไหม" (then
can I get a refund?) the same "refuse it when it's delivered", for a parcel nobody will
deliver."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from bot.seller.shop import load_shop
from tests.actions.helpers import bot, orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

AT_THE_POST_OFFICE, TRAVELLING = "5200000001", "5200000002"


@pytest.fixture
def repo(tmp_path):
    rows = [
        order(AT_THE_POST_OFFICE, "shipped", shipments=[{**parcel("EB000052001TH"), "shipped_at": ago(6)}]),
        order(TRAVELLING, "shipped", shipments=[{**parcel("EB000052002TH"), "shipped_at": ago(1)}]),
    ]
    scans = [
        scan("EB000052001TH", ago(2), "awaiting_pickup"),
        scan("EB000052002TH", ago(1), "departed_origin"),
    ]
    yield orders_database(tmp_path, rows, scans)
    commerce.use_repository(None)


def refund_after_cannot_cancel(order_number: str) -> list:
    chat = [
        user("cancel_order", "ขอยกเลิกออเดอร์ได้ไหมคะ", metadata=BUYER),
        bot("utter_cannot_cancel_shipped", order_number=order_number),
        user("request_refund", "งั้นขอคืนเงินได้ไหม", metadata=BUYER),
    ]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": order_number, "language": "th"}))
    return messages


def test_at_the_post_office_not_collecting_it_brings_the_money_back(repo):
    messages = refund_after_cannot_cancel(AT_THE_POST_OFFICE)
    assert responses(messages) == ["utter_tracking_pickup", "utter_refund_not_collected"]
    assert messages[1]["hold_days"] == load_shop().pickup_hold_days
    assert messages[1]["order_number"] == AT_THE_POST_OFFICE


def test_on_its_way_it_can_be_refused_at_the_door(repo):
    messages = refund_after_cannot_cancel(TRAVELLING)
    assert responses(messages)[-1] == "utter_refund_after_delivery"
