"""Round 16 (docs/conversations.md, "A sixteenth round"): what buyers saw on first play and
see now. Real action code on a real SQLite database of orders."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, handed_off, orders_database, run, tracker, user
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


ID_BUYER = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}


@pytest.mark.parametrize("intent", ["track_order", "urge_shipment"])
@pytest.mark.parametrize(
    "text",
    [
        "kak alamat pengiriman powerbank bs diganti ga? mau dikirim ke kantor aja",
        "bukan tukar ukuran kak, maksudnya ALAMAT nya mau diganti",
    ],
)
def test_a_new_address_in_indonesian_is_no_change_of_size_or_colour(tmp_path, intent, text):
    """lazada-id-001 (round 16), a paid order not shipped: "alamat pengiriman powerbank bs diganti
    ga? mau dikirim ke kantor aja" (can the address be changed? send it to my office) got "a size
    or colour change is after-sales'": the Indonesian "mau" (want) read as Vietnamese "màu"
    (colour), and the address was never asked for."""
    orders_database(tmp_path, [order("6034000002", "processing")])
    try:
        chat = [user(intent, text, metadata=ID_BUYER)]
        slots = {"language": "id", "order_id": "6034000002"}
        messages, events = run(ActionOrderAnswer(), tracker(chat, slots=slots))
        assert "utter_exchange_to_after_sales" not in responses(messages)
        assert "utter_address_change_before_shipping" in responses(messages)
        assert handed_off(events, "address_change")
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text", ["đổi sang màu đen được không shop", "doi mau den duoc ko", "thay mau khac dc ko shop"]
)
def test_a_vietnamese_colour_is_still_a_change_of_colour(text):
    from actions.exchange import asks_exchange

    assert asks_exchange(text)
