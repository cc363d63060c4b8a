"""A parcel out for delivery today should come today. Played on `make run` (lazada-my-001):
"到了吗" got "on its way, latest: out for delivery, Petaling Jaya hub"."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from bot.commerce.views import BuyerRef
from tests.actions.helpers import bot, handed_off, orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

REF = BuyerRef("lazada", "th-buyer-1")


@pytest.fixture
def repo(tmp_path):
    rows = [
        order("7300000001", "shipped", shipments=[parcel("LP00000073001CN")]),
        order("7300000002", "shipped", shipments=[parcel("LP00000073002CN")]),
    ]
    scans = [
        scan("LP00000073001CN", ago(0.2), "out_for_delivery", "Petaling Jaya hub"),
        scan("LP00000073002CN", ago(2), "out_for_delivery", "Petaling Jaya hub"),
    ]
    yield orders_database(tmp_path, rows, scans)
    commerce.use_repository(None)


def asked(order_number: str) -> list:
    chat = [user("track_order", "到了吗", metadata=BUYER)]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": order_number, "language": "zh"}))
    return messages


def test_out_for_delivery_today_should_come_today(repo):
    messages = asked("7300000001")
    assert responses(messages)[-1] == "utter_tracking_out_for_delivery"
    assert messages[-1]["tracking_number"] == "LP00000073001CN"
    assert messages[-1]["place"] == "Petaling Jaya hub"


def test_out_for_delivery_days_ago_is_told_as_its_latest_scan(repo):
    assert responses(asked("7300000002"))[-1] == "utter_tracking_in_transit"


@pytest.mark.parametrize(
    "text", ["快递员把包裹放在门口就走了，结果不见了", "显示已签收 可是我没拿到", "it never came"]
)
def test_out_for_delivery_but_never_came_opens_a_not_received_case(repo, text):
    chat = [user("track_order", text, metadata=BUYER)]
    messages, events = run(
        ActionOrderAnswer(), tracker(chat, slots={"order_id": "7300000001", "language": "zh"})
    )
    assert responses(messages)[-2:] == ["utter_tracking_out_for_delivery_missing", "utter_handoff"]
    assert handed_off(events, "not_received")
    assert [c.kind for c in repo.order_for_buyer(REF, "7300000001").cases] == ["not_received"]


def told_out_for_delivery_then(text: str) -> tuple:
    first = user("track_order", "今天会到吗", metadata=BUYER)
    told = asked("7300000001")[-1]
    assert told["response"] == "utter_tracking_out_for_delivery"
    said = bot(told["response"], **{key: value for key, value in told.items() if key != "response"})
    chat = [first, said, user("track_order", text, metadata=BUYER)]
    return run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "7300000001", "language": "zh"}))


def test_what_time_asked_again_on_delivery_day_is_the_courier_calls_not_days(repo):
    """Played (lazada-my-001): "司机几点会来" right after "it comes today" got "usually 4-8 days
    after shipping, between Dec 7 and Dec 9"."""
    messages, _ = told_out_for_delivery_then("司机几点会来")
    assert responses(messages) == ["utter_tracking_out_for_delivery_time"]


def test_never_came_after_it_comes_today_opens_the_not_received_case(repo):
    """Played (lazada-my-001): "显示已签收 可是我没拿到" right after "it comes today" got the delivery
    dates."""
    messages, events = told_out_for_delivery_then("显示已签收 可是我没拿到")
    assert responses(messages)[-2:] == ["utter_tracking_out_for_delivery_missing", "utter_handoff"]
    assert handed_off(events, "not_received")


@pytest.mark.parametrize("text", ["快递员打来我没接到 怎么办", "i missed the courier's call, what now?"])
def test_a_missed_call_from_the_courier_is_told_how_the_parcel_comes_now(repo, text):
    """Played (lazada-my-001): "快递员打来我没接到 怎么办" got "good news, it comes today, keep your
    phone nearby"; "他会再送吗" (will he come again?) then went to the catalogue colleague."""
    chat = [user("track_order", text, metadata=BUYER)]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "7300000001", "language": "zh"}))
    assert responses(messages)[-1] == "utter_missed_courier_call"
    assert messages[-1]["tracking_number"] == "LP00000073001CN" and messages[-1]["tracking_site"]


def test_will_he_come_again_read_as_a_product_question_is_the_parcels(repo):
    from actions.presale import ActionProductQuestion

    chat = [
        user("track_order", "到了吗", metadata=BUYER),
        bot("utter_tracking_out_for_delivery", order_number="7300000001"),
        user("product_question", "他会再送吗", metadata=BUYER),
    ]
    messages, events = run(ActionProductQuestion(), tracker(chat, slots={"order_id": "7300000001"}))
    assert responses(messages)[-1] == "utter_missed_courier_call"
    assert not handed_off(events, "product_question")


@pytest.mark.parametrize("text", ["hi 我的快递今天会送吗？还没收到", "it's not here yet"])
def test_not_yet_on_the_delivery_day_opens_no_case(repo, text):
    """Playtest F (lazada-my-001): "今天会送吗？还没收到" (coming today? not received yet) opened a
    not-received case and handed off, for a parcel out for delivery that day."""
    chat = [user("track_order", text, metadata=BUYER)]
    slots = {"order_id": "7300000001", "language": "zh"}
    messages, events = run(ActionOrderAnswer(), tracker(chat, slots=slots))
    assert responses(messages)[-1] == "utter_tracking_out_for_delivery"
    assert not handed_off(events, "not_received")
    assert repo.order_for_buyer(REF, "7300000001").cases == ()
