"""End to end with the seller's data: a file is imported, a buyer chats in Thai
through the real servers, and the database shows what the chat changed."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from bot.commerce.importer import import_tracking
from bot.commerce.repository import CommerceRepository
from bot.commerce.views import BuyerRef
from tests.e2e.test_servers import replied_with

pytestmark = [pytest.mark.model, pytest.mark.servers]

BUYER = {"buyer_id": "e2e-th-1", "marketplace": "lazada"}
REF = BuyerRef("lazada", "e2e-th-1")


@pytest.fixture(scope="module")
def database(stack, database_url):
    return CommerceRepository.from_url(database_url)


def conversation():
    return f"e2e-chat-{uuid.uuid4().hex[:8]}"


def test_cancelling_an_unshipped_order_cancels_it_and_refunds(say, database):
    chat = conversation()
    asked = say(chat, "ขอยกเลิกออเดอร์ 7000000001 ค่ะ", metadata=BUYER).json()
    assert replied_with(asked[-1], "th", "utter_confirm_cancel")
    assert [b["payload"] for b in asked[-1]["buttons"]] == ["/affirm", "/deny"]
    done = say(chat, "/affirm", metadata=BUYER).json()
    assert replied_with(done[-1], "th", "utter_cancelled")
    order = database.order_for_buyer(REF, "7000000001")
    assert order.status == "cancelled"
    assert [(r.status, r.amount) for r in order.refunds] == [("approved", 300)]


def test_a_damaged_item_opens_a_red_case_and_photos_escalate_it(say, database, tmp_path):
    # Delivered two days ago: inside the shop's return window (a breakage reported past it is a
    # warranty question for after-sales, actions/after_sales.py), whatever day the test runs.
    recent = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    scan = {
        "tracking_number": "KER000000002TH",
        "occurred_at": recent,
        "status": "delivered",
        "place": "Chiang Mai",
    }
    (tmp_path / "tracking.jsonl").write_text(json.dumps(scan))
    import_tracking(database, tmp_path / "tracking.jsonl")
    chat = conversation()
    asked = say(chat, "ได้ของแล้วแก้วแตกค่ะ ออเดอร์ 7000000002", metadata=BUYER).json()
    assert replied_with(asked[-1], "th", "utter_ask_photos")
    photo = {**BUYER, "attachments": [{"type": "image", "url": "https://img.example/cracked-mug.jpg"}]}
    received = say(chat, "", metadata=photo).json()
    assert replied_with(received[0], "th", "utter_photos_received")
    assert replied_with(received[-1], "th", "utter_handoff")
    (case,) = database.order_for_buyer(REF, "7000000002").cases
    assert (case.kind, case.tag, case.status) == ("damaged", "red", "escalated")
    assert case.photos == ("https://img.example/cracked-mug.jpg",)


def test_a_refund_request_is_recorded(say, database):
    # 7000000004: delivered, no case open (a refund for 7000000002, whose damage case is
    # open, is part of that case: tests/actions).
    reply = say(conversation(), "ขอคืนเงินค่ะ ออเดอร์ 7000000004", metadata=BUYER).json()
    assert replied_with(reply[-1], "th", "utter_refund_requested")
    assert [r.status for r in database.order_for_buyer(REF, "7000000004").refunds] == ["requested"]


def test_tracking_a_parcel_at_the_post_office(say):
    reply = say(conversation(), "พัสดุ KER000000003TH ถึงไหนแล้วคะ", metadata=BUYER).json()
    assert replied_with(reply[-1], "th", "utter_tracking_pickup")
    assert "KER000000003TH" in reply[-1]["text"] and "Chiang Mai Post Office" in reply[-1]["text"]


def test_another_buyers_order_looks_exactly_like_an_unknown_one(say):
    theirs = say(conversation(), "ออเดอร์ 7000000009 ถึงไหนแล้วคะ", metadata=BUYER).json()
    unknown = say(conversation(), "ออเดอร์ 7000000077 ถึงไหนแล้วคะ", metadata=BUYER).json()
    assert replied_with(theirs[-1], "th", "utter_order_not_found")
    assert theirs[-1]["text"].replace("7000000009", "N") == unknown[-1]["text"].replace("7000000077", "N")


def test_a_caller_without_the_channel_secret_cannot_name_a_buyer(say):
    """The buyer_id in the metadata counts only from the desk (the channel secret)."""
    question = "พัสดุ KER000000003TH ถึงไหนแล้วคะ"
    anonymous = say(conversation(), question, as_channel=False, metadata=BUYER).json()
    assert not replied_with(anonymous[-1], "th", "utter_tracking_pickup"), anonymous
    assert "Chiang Mai Post Office" not in anonymous[-1]["text"]
