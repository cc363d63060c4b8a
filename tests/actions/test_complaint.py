"""A complaint about an order's trouble gets what the order shows, then a person. Played on
`make run` (aliexpress-mx-001): "esto es una vergüenza, mi paquete lleva 9 días sin moverse"
went to a person with nothing said about the parcel and no carrier check opened."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.complaint_words import complained_topic
from actions.handoff_action import ActionHandoff
from bot.commerce.views import BuyerRef
from tests.actions.helpers import handed_off, orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses


@pytest.mark.parametrize(
    "text, topic",
    [
        ("esto es una vergüenza, mi paquete lleva 9 días sin moverse y nadie me responde", "track_order"),
        ("this is ridiculous, my parcel hasn't moved in two weeks", "track_order"),
        ("太过分了，快递一个星期都没动，我要投诉", "track_order"),
        ("ร้านนี้แย่มาก ของยังไม่มาเลย จะร้องเรียน", "track_order"),
        ("đơn hàng giao chậm quá, tôi muốn khiếu nại", "track_order"),
        ("pedido atrasado há semanas, quero reclamar", "track_order"),
        ("parah banget, udah lewat batas kirim belum dikirim juga", "urge_shipment"),
        ("безобразие, заказ до сих пор не отправили", "urge_shipment"),
        ("quiero poner una queja, mi reembolso no llega", "refund_status"),
        ("absurdo, meu pedido está parado na alfândega há semanas", "customs_duty"),
    ],
)
def test_the_trouble_a_complaint_names_is_read_in_every_language(text, topic):
    assert complained_topic(text) == topic


@pytest.mark.parametrize(
    "text",
    [
        "I'll report you to the marketplace",
        "shop lừa đảo, mình sẽ báo cáo lên sàn",
        "骗子！我要投诉你们，给差评",
    ],
)
def test_a_complaint_about_the_shop_names_no_trouble(text):
    assert complained_topic(text) is None


@pytest.fixture
def repo(tmp_path):
    rows = [
        order("7100000001", "shipped", shipments=[parcel("LP00000071001CN")]),
        order("7100000002", "delivered", shipments=[parcel("LP00000071002CN")]),
        order(
            "7100000003",
            "cancelled",
            refunds=[{"amount": "300.00", "status": "approved", "requested_at": ago(9)}],
        ),
    ]
    scans = [
        scan("LP00000071001CN", ago(10), "departed_origin"),
        scan("LP00000071002CN", ago(12), "delivered"),
    ]
    yield orders_database(tmp_path, rows, scans)
    commerce.use_repository(None)


def complain(text: str, slots: dict | None = None) -> tuple:
    chat = [user("complaint", text, metadata=BUYER)]
    return run(ActionHandoff(), tracker(chat, slots={"language": "en", **(slots or {})}))


def test_a_complaint_about_a_stalled_parcel_opens_the_carrier_check_before_the_person(repo):
    messages, events = complain("this is ridiculous, my parcel hasn't moved in two weeks")
    assert responses(messages) == ["utter_about_only_order", "utter_tracking_stalled", "utter_handoff"]
    assert messages[0]["order_number"] == "7100000001"
    assert handed_off(events, "complaint")
    assert repo.order_for_buyer(BuyerRef("lazada", "th-buyer-1"), "7100000001").cases


def test_a_complaint_about_the_refund_tells_where_it_stands_before_the_person(repo):
    messages, events = complain("quiero poner una queja, mi reembolso no llega")
    assert responses(messages)[0] == "utter_about_only_order"
    assert messages[0]["order_number"] == "7100000003"
    assert responses(messages)[1].startswith("utter_refund")
    assert responses(messages)[-1] == "utter_handoff"
    assert handed_off(events, "complaint")


def test_a_complaint_about_the_shop_goes_to_the_person_with_nothing_looked_up(repo):
    messages, events = complain("I'll report you to the marketplace")
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "complaint")


def test_an_order_not_clear_without_asking_is_not_asked_about(tmp_path):
    rows = [order(f"710000001{i}", "shipped", shipments=[parcel(f"LP0000007101{i}CN")]) for i in (1, 2)]
    orders_database(tmp_path, rows)
    try:
        messages, events = complain("this is ridiculous, my parcel hasn't moved in two weeks")
    finally:
        commerce.use_repository(None)
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "complaint")


def test_a_complaint_read_unsurely_with_an_order_trouble_is_taken_as_one(repo):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "wrong_item", "confidence": 0.4},
        {"name": "complaint", "confidence": 0.2},
    ]
    text = "shop làm ăn kiểu gì vậy, đơn hàng giao chậm quá"
    chat = [user("nlu_fallback", text, confidence=0.5, ranking=ranking, metadata=BUYER)]
    messages, events = run(ActionLowConfidence(), tracker(chat, slots={"language": "vi"}))
    assert responses(messages) == ["utter_about_only_order", "utter_tracking_stalled", "utter_handoff"]
    assert handed_off(events, "complaint")


def test_an_unsure_reading_with_no_complaint_among_its_two_is_asked_back(repo):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "wrong_item", "confidence": 0.4},
        {"name": "track_order", "confidence": 0.2},
    ]
    chat = [user("nlu_fallback", "giao chậm quá", confidence=0.5, ranking=ranking, metadata=BUYER)]
    messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"language": "vi"}))
    assert responses(messages) == ["utter_clarify"]
