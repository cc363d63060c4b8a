"""Round 16 (docs/conversations.md, "A sixteenth round"): what buyers saw on first play and
see now. Real action code on a real SQLite database of orders."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import order, responses

BUYER = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
EARBUDS = order(
    "5123000001",
    "processing",
    items=[
        {
            "sku": "BUDS",
            "title": "Bluetooth earbuds",
            "quantity": 1,
            "unit_price": "599.00",
            "declared_value": "2.00",
        }
    ],
)


@pytest.mark.parametrize(
    "intent, correction, language",
    [
        ("track_order", "อ้อ ขอโทษครับ เลขผิด ของผมคือ earbuds ถึงไหนแล้วครับ", "th"),
        ("urge_shipment", "抱歉打錯了，我的是 earbuds 那筆，什麼時候出貨？", "zh"),
        ("track_order", "sorry wrong number, mine is the earbuds, where is it?", "en"),
    ],
)
def test_a_correction_after_a_number_not_found_is_not_that_number_again(
    tmp_path, intent, correction, language
):
    """lazada-th-001 and shopee-tw-001 (round 16) gave another buyer's order number ("not
    found"), then "sorry, wrong number, mine is the earbuds, where is it?": the number not found
    was looked up again, and the chat went to a person ("I can't look up more order numbers",
    or "nothing new to say")."""
    orders_database(tmp_path, [EARBUDS])
    try:
        chat = [
            user(intent, "check order 4981102736 please", metadata=BUYER),
            {"event": "slot", "name": "order_id", "value": "4981102736"},
            bot("utter_order_not_found", reference="4981102736"),
            {"event": "slot", "name": "order_id", "value": None},
            {"event": "slot", "name": "tracking_number", "value": None},
            user(intent, correction, metadata=BUYER),
        ]
        messages, events = run(ActionOrderAnswer(), tracker(chat, slots={"language": language}))
        assert "utter_order_not_found" not in responses(messages)
        assert "utter_too_many_lookups" not in responses(messages)
        assert SlotSet("order_id", "5123000001") in events
    finally:
        commerce.use_repository(None)
