"""A number on its own answers the order question asked before, for that number."""

from __future__ import annotations

import json

from rasa_sdk.events import SlotSet

from actions import commerce
from actions.order_number_given import ActionOrderNumberGiven
from bot.commerce.importer import import_tracking
from bot.commerce.views import BuyerRef
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, EVENTS, ORDERS, order, repo  # noqa: F401

UNKNOWN, MEANT = "1000000099", "1000000002"  # 1000000002 waits at the post office


def given(number, text=None):
    """The buyer's message giving `number` (read as inform), and the slot it set."""
    message = user("inform", text or f"sorry, it's {number}", metadata=BUYER)
    message["parse_data"]["entities"] = [{"entity": "order_id", "value": number}]
    return [message, {"event": "slot", "name": "order_id", "value": number}]


def slot(value):
    return {"event": "slot", "name": "order_id", "value": value}


NOT_FOUND = [
    user("track_order", f"where is {UNKNOWN}?", metadata=BUYER),
    slot(UNKNOWN),
    bot("utter_order_not_found", reference=UNKNOWN),
    slot(None),
]


def answer(events):
    return run(
        ActionOrderNumberGiven(), tracker(events, slots={"language": "th", "order_id": events[-1]["value"]})
    )


def test_a_number_sent_again_after_not_found_answers_the_question_for_it(repo):  # noqa: F811
    messages, events = answer([*NOT_FOUND, *given(MEANT)])
    assert [m["response"] for m in messages] == ["utter_tracking_pickup"]
    assert messages[0]["order_number"] == MEANT
    assert events[0] == SlotSet("order_id", MEANT)


def test_a_number_with_no_question_before_is_asked_what_about(repo):  # noqa: F811
    messages, events = answer([user("greet", "hi", metadata=BUYER), bot("utter_greet"), *given(MEANT, MEANT)])
    assert [m["response"] for m in messages] == ["utter_what_about_order"]
    assert events == []


def test_a_question_from_an_earlier_session_is_no_question_now(repo):  # noqa: F811
    earlier = [*NOT_FOUND, {"event": "session_started"}]
    messages, _ = answer([*earlier, *given(MEANT, MEANT)])
    assert [m["response"] for m in messages] == ["utter_what_about_order"]


def test_an_inform_without_a_number_is_not_an_answer_for_the_last_number(repo):  # noqa: F811
    # Every order of this buyer has mugs: none is named, so the number is asked for (it was
    # "Thanks, I have . What would you like to know about it?", with no number to have).
    words = user("inform", "it's the one with the mugs", metadata=BUYER)
    messages, _ = run(ActionOrderNumberGiven(), tracker([*NOT_FOUND, words], slots={"language": "th"}))
    assert [m["response"] for m in messages] == ["utter_ask_order_id"]


def test_words_while_the_form_asks_which_order_leave_the_asking_to_the_form(repo):  # noqa: F811
    """ "gimana ini" (read as inform) while asked which order got "may I have the order
    number?" and then the form's "which order?" with buttons: two questions at once."""
    asked = [user("track_order", "status sudah sampai", metadata=BUYER), bot("utter_which_order")]
    words = user("inform", "gimana ini", metadata=BUYER)
    messages, events = run(
        ActionOrderNumberGiven(),
        tracker([*asked, words], slots={"language": "id", "requested_slot": "order_id"}),
    )
    assert messages == [] and events == []


def test_a_product_named_with_no_question_before_names_its_order(tmp_path):
    """ "e o smartwatch?" as a first message: the order with the smartwatch, and what about it."""
    watch = {"sku": "W", "title": "Smartwatch GT", "quantity": 1, "unit_price": "90", "declared_value": "9"}
    with_watch = order("1000000007", "shipped", items=[watch])
    orders_database(tmp_path, [with_watch, order("1000000001", "processing")])
    try:
        words = user("inform", "e o smartwatch?", metadata=BUYER)
        messages, events = run(ActionOrderNumberGiven(), tracker([words], slots={"language": "pt"}))
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_what_about_order"]
    assert messages[0]["reference"] == "1000000007" and events == [SlotSet("order_id", "1000000007")]


def asked_then(text, slots_order="1000000002", topic="track_order"):
    """A question about `slots_order`, answered, then `text` (read as inform, no number)."""
    return [
        user(topic, "where is my parcel?", metadata=BUYER),
        slot(slots_order),
        bot("utter_tracking_pickup", order_number=slots_order),
        user("inform", text, metadata=BUYER),
    ]


def test_the_other_order_with_several_others_is_a_choice_among_them(repo):  # noqa: F811
    events = asked_then("and the other order?")
    messages, result = run(ActionOrderNumberGiven(), tracker(events, slots={"order_id": "1000000002"}))
    assert [m["response"] for m in messages] == ["utter_which_order"]
    offered = [b["payload"] for b in messages[0]["buttons"]]
    assert offered and all(p.startswith("/track_order") for p in offered)
    assert not any("1000000002" in p for p in offered)  # not the order just answered about
    assert result == []


def orders_with_tracking(tmp_path, *numbers: str):
    """The demo buyer with only these orders, and their parcels' scans."""
    ours = [o for o in ORDERS if o["order_number"] in numbers]
    repository = orders_database(tmp_path, ours)
    tracking = tmp_path / "tracking.jsonl"
    parcels = {s["tracking_number"] for o in ours for s in o.get("shipments", [])}
    tracking.write_text("\n".join(json.dumps(e) for e in EVENTS if e["tracking_number"] in parcels))
    import_tracking(repository, tracking)
    return repository


def test_the_other_order_of_a_buyer_with_two_is_answered_about(tmp_path):
    orders_with_tracking(tmp_path, "1000000002", "1000000003")
    try:
        events = asked_then("e o outro pedido?")
        messages, result = run(ActionOrderNumberGiven(), tracker(events, slots={"order_id": "1000000002"}))
    finally:
        commerce.use_repository(None)
    assert messages[0]["response"] == "utter_about_order_switch"
    assert messages[0]["order_number"] == "1000000003"
    assert messages[1]["response"] == "utter_tracking_stalled"  # held at customs for 10 days
    assert result[0] == SlotSet("order_id", "1000000003")


def test_the_other_order_delivered_is_no_complaint_the_buyer_is_asked_what_is_wrong(tmp_path):
    """Played (lazada-vn-001): "Tai nghe của tôi đến đâu rồi?" then "Còn ốp lưng thì sao?" (and
    the phone case?, delivered) opened a "not received" case and handed the chat to after-sales,
    though the buyer never said it did not come. Now: delivered on that date, anything wrong?"""
    repository = orders_with_tracking(tmp_path, "1000000002", "1000000004")
    try:
        events = asked_then("and the phone case?")
        messages, result = run(ActionOrderNumberGiven(), tracker(events, slots={"order_id": "1000000002"}))
        order = repository.order_for_buyer(BuyerRef(BUYER["marketplace"], BUYER["buyer_id"]), "1000000004")
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_about_order_switch", "utter_tracking_delivered_ask"]
    assert messages[1]["tracking_number"] == "LP00000000004CN" and messages[1]["place"] == "Phuket"
    assert result == [SlotSet("order_id", "1000000004")]  # no case, no handoff
    assert order is not None and not order.cases


def test_the_other_one_of_a_single_split_order_is_its_other_parcel(tmp_path):
    """ "物流显示已签收 可是我什么都没收到" listed the two parcels of the buyer's one order;
    "另外一个呢" got "which order? send the order number"."""
    orders_with_tracking(tmp_path, "1000000005")
    try:
        events = asked_then("另外一个呢", slots_order="1000000005")
        events[2] = bot("utter_tracking_split", order_number="1000000005")
        messages, _ = run(ActionOrderNumberGiven(), tracker(events, slots={"order_id": "1000000005"}))
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_tracking_split"]
    assert messages[0]["order_number"] == "1000000005"


def test_the_other_order_after_a_customs_answer_is_told_where_it_is_when_not_in_customs(tmp_path):
    """Played (aliexpress-br-001): the customs answer about the smartwatch held in customs,
    then "e o fone?" (the earbuds, on their way) got the duty explanation for the earbuds and a
    second goodwill coupon. Not in customs: where that parcel is."""
    orders_with_tracking(tmp_path, "1000000002", "1000000003")
    try:
        events = asked_then("e o outro?", slots_order="1000000003", topic="customs_duty")
        events[2] = bot("utter_customs_duty", order_number="1000000003")
        messages, _ = run(ActionOrderNumberGiven(), tracker(events, slots={"order_id": "1000000003"}))
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_about_order_switch", "utter_tracking_pickup"]


def test_the_other_order_after_a_damage_answer_opens_no_case_for_it(tmp_path):
    """Played (aliexpress-br-001): "o smartwatch" (damaged_item) -> a damage case and photos;
    "e o fone?" (the earbuds, on their way) -> a second damage case and photos for the earbuds,
    of which the buyer had said nothing. Now: where that parcel is, and no case."""
    repository = orders_with_tracking(tmp_path, "1000000002", "1000000004")
    try:
        events = asked_then("e o outro?", slots_order="1000000004", topic="damaged_item")
        events[2] = bot("utter_ask_photos", order_number="1000000004")
        messages, _ = run(ActionOrderNumberGiven(), tracker(events, slots={"order_id": "1000000004"}))
        other = repository.order_for_buyer(BuyerRef(BUYER["marketplace"], BUYER["buyer_id"]), "1000000002")
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_about_order_switch", "utter_tracking_pickup"]
    assert other is not None and not other.cases


def test_the_other_parcel_asked_first_thing_is_about_the_buyers_one_split_order(tmp_path):
    """Played (shopee-sg-001): "收到一个包裹了，另一个呢" (one parcel came, and the other?) as the
    first message got "which order? send the order number", though the buyer's one open order
    came in two parcels."""
    orders_with_tracking(tmp_path, "1000000005", "1000000004")  # the split one, and one delivered
    try:
        first = [user("inform", "收到一个包裹了，另一个呢", metadata=BUYER)]
        messages, events = run(ActionOrderNumberGiven(), tracker(first))
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_tracking_split"]
    assert messages[0]["order_number"] == "1000000005"
    assert events == [SlotSet("order_id", "1000000005")]


def test_the_number_of_the_order_just_answered_about_pasted_again_is_a_yes_that_order(repo):  # noqa: F811
    """Played (lazada-th-001): "แอดมินคะ พัสดุยังไม่ได้รับเลยค่ะ" -> it waits at the post office ->
    "512300458871201" (the same order's number) went to a person as a second question about
    the parcel; ozon-ru-001's number after its refund answer did too."""
    events = [
        user("track_order", "พัสดุยังไม่ได้รับเลยค่ะ", metadata=BUYER),
        slot(MEANT),
        bot("utter_tracking_pickup", order_number=MEANT, tracking_number="LP00000000002CN"),
        *given(MEANT, text=MEANT),
    ]
    messages, events_out = answer(events)
    assert [m["response"] for m in messages] == ["utter_that_order_yes"]
    assert messages[0]["order_number"] == MEANT and events_out == []


def test_another_orders_number_after_an_answer_is_answered_about(repo):  # noqa: F811
    events = [
        user("track_order", "พัสดุยังไม่ได้รับเลยค่ะ", metadata=BUYER),
        slot(MEANT),
        bot("utter_tracking_pickup", order_number=MEANT),
        *given("1000000004", text="1000000004"),
    ]
    messages, _ = answer(events)
    assert [m["response"] for m in messages] != ["utter_that_order_yes"]
