"""Round 14, the left list: what rounds 11 to 13 saw and left (docs/conversations.md, "A
fourteenth round"). Real action code on a real SQLite database of orders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions import commerce
from actions.deadline_words import needed_by
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, handed_off, orders_database, run, scan, tracker, user
from tests.actions.test_carrier_check import STALLED, told_stalled_then
from tests.actions.test_order_answers import BUYER as TH_BUYER
from tests.actions.test_order_answers import ago, order, parcel, repo, responses  # noqa: F401
from tests.nlg.test_catalogue import CATALOGUE

UK_BUYER = {"marketplace": "wish", "buyer_id": "gb-buyer-1"}
SUNDAY = date(2026, 12, 6)
ARRIVAL_BY = ("utter_arrival_by_yes", "utter_arrival_by_maybe", "utter_arrival_by_no")


def uk_order(number: str, status: str, **extra) -> dict:
    placed = order(number, status, buyer="gb-buyer-1", **extra)
    return {**placed, "marketplace": "wish", "currency": "GBP", "destination_country": "GB"}


def asked(intent: str, text: str, metadata: dict, slots: dict | None = None) -> tuple:
    chat = [user(intent, text, metadata=metadata)]
    return run(ActionOrderAnswer(), tracker(chat, slots={"language": "en", **(slots or {})}))


@pytest.mark.parametrize(
    "text",
    ["will I have to pay UK VAT on it?", "hi, if I order a lamp from you will I pay UK VAT or import duty?"],
)
def test_vat_asked_with_only_a_cancelled_order_is_answered_in_general(tmp_path, text):
    """wish-gb-001 (rounds 11, 12): "will I have to pay UK VAT on it?" got "your order … was
    declared at £6.00 … customs in United Kingdom inspect every parcel": the customs text of
    their cancelled order, which will never ship."""
    orders_database(tmp_path, [uk_order("65b20c7d19e8f3a4b5c6d701", "cancelled")])
    try:
        messages, events = asked("customs_duty", text, UK_BUYER)
        assert responses(messages) == ["utter_customs_duty_general"]
        assert not any(e.get("name") == "order_id" for e in events)
    finally:
        commerce.use_repository(None)


def test_vat_asked_with_a_cancelled_order_discussed_is_still_general(tmp_path):
    orders_database(tmp_path, [uk_order("65b20c7d19e8f3a4b5c6d701", "cancelled")])
    try:
        slots = {"order_id": "65b20c7d19e8f3a4b5c6d701"}
        messages, _ = asked("customs_duty", "so will I pay VAT?", UK_BUYER, slots)
        assert responses(messages) == ["utter_customs_duty_general"]
    finally:
        commerce.use_repository(None)


def test_vat_asked_with_an_order_on_its_way_is_that_orders_answer(tmp_path):
    rows = [
        uk_order("65b20c7d19e8f3a4b5c6d701", "cancelled"),
        uk_order("65b20c7d19e8f3a4b5c6d702", "shipped", shipments=[parcel("LP00000000702CN")]),
    ]
    scans = [scan("LP00000000702CN", ago(1), "customs", "London")]
    orders_database(tmp_path, rows, scans)
    try:
        messages, _ = asked("customs_duty", "will I have to pay UK VAT on it?", UK_BUYER)
        assert "utter_customs_duty" in responses(messages)
        assert "utter_customs_duty_general" not in responses(messages)
    finally:
        commerce.use_repository(None)


ID_BUYER = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
UNPAID_AND_PAID = [order("6034000001", "unpaid"), order("6034000002", "processing", ship_by=ago(2)[:10])]


@pytest.mark.parametrize("intent", ["refund_status", "request_refund", "cancel_order", "track_order"])
@pytest.mark.parametrize("text", ["my card got declined when paying", "kartu saya ditolak pas bayar"])
def test_a_card_declined_on_an_unpaid_order_is_told_to_pay_another_way(tmp_path, intent, text):
    """lazada-id-001 (round 12): "kartu saya ditolak pas bayar" (read as a refund question) was
    asked which order's refund it meant, with the unpaid and the paid order as buttons."""
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        messages, events = asked(intent, text, ID_BUYER)
        assert responses(messages)[-1] == "utter_payment_failed"
        assert messages[-1]["order_number"] == "6034000001"
        assert not any(e.get("event") == "pause" for e in events)
    finally:
        commerce.use_repository(None)


def test_a_card_declined_read_as_off_topic_is_told_to_pay_another_way(tmp_path):
    from actions.out_of_scope import ActionOutOfScope

    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        chat = [user("out_of_scope", "pembayaran gagal terus kak, kartu ditolak", metadata=ID_BUYER)]
        messages, _ = run(ActionOutOfScope(), tracker(chat, slots={"language": "id"}))
        assert responses(messages) == ["utter_payment_failed"]
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text",
    ["付款失败了", "thanh toán không thành công", "cartão recusado", "me rechazaron el pago, pago rechazado",
     "оплата не прошла", "ชำระเงินไม่สำเร็จค่ะ"],
)  # fmt: skip
def test_a_failed_payment_is_read_in_every_language(text):
    from actions.payment_help import payment_failed

    assert payment_failed(text)


@pytest.mark.parametrize("text", ["my card was charged", "I can't pay the customs duty", "where is it?"])
def test_money_taken_or_the_duty_is_no_failed_payment(text):
    from actions.payment_help import payment_failed

    assert not payment_failed(text)


@pytest.mark.parametrize(
    "text, day",
    [
        ("will it arrive by the 12th?", date(2026, 12, 12)),
        ("can it come before the 3rd", date(2027, 1, 3)),
        ("llega antes del 12?", date(2026, 12, 12)),
        ("chega até dia 12?", date(2026, 12, 12)),
        ("успеет к 12 числу?", date(2026, 12, 12)),
        ("trước ngày 12 được không shop", date(2026, 12, 12)),
        ("sebelum tanggal 12 bisa sampai?", date(2026, 12, 12)),
        ("12号前能到吗", date(2026, 12, 12)),
    ],
)
def test_a_day_of_the_month_alone_is_the_day_needed_by(text, day):
    """lazada-ph-001 (round 13): "will it arrive by the 12th?" got the ship date alone."""
    assert needed_by(text, SUNDAY) == day


@pytest.mark.parametrize(
    "text", ["by 5pm?", "within 3 days", "antes de 3 dias", "check the 2nd parcel by the 2nd one"]
)
def test_hours_days_or_a_parcels_place_are_no_day_of_the_month(text):
    assert needed_by(text, SUNDAY) is None


def test_arriving_by_a_day_of_the_month_is_answered_with_the_expected_dates(tmp_path):
    """The answer says whether the usual days to the buyer's country make that day."""
    orders_database(tmp_path, [order("7812000001", "processing")])
    try:
        day = date.today() + timedelta(days=20)
        suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day.day, "th")
        text = f"will it arrive by the {day.day}{suffix}?"
        messages, _ = asked("urge_shipment", text, ID_BUYER, {"order_id": "7812000001"})
        assert responses(messages)[-1] in ARRIVAL_BY
        assert messages[-1]["needed_by_date"] == day.isoformat()
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text",
    [
        "can you give me the courier's phone number?",
        "kak minta nomor kurir nya dong",
        "cho mình xin số điện thoại shipper với",
        "快递员电话多少",
        "дайте телефон курьера",
        "me pasas el teléfono del repartidor?",
    ],
)
def test_the_couriers_number_is_told_the_carrier_and_tracking_number(tmp_path, text):
    """lazada-my-001 (round 13): "can you give me the courier's phone number?" about a parcel out
    for delivery got "good news: it's out for delivery today" again, and nothing on the number."""
    tracking = {**parcel("NVMY00000000001", "Ninja Van"), "shipped_at": ago(3)}
    rows = [order("3055000001", "shipped", shipments=[tracking])]
    orders_database(tmp_path, rows, [scan("NVMY00000000001", ago(0.2), "out_for_delivery", "Petaling Jaya")])
    try:
        messages, _ = asked("track_order", text, ID_BUYER, {"order_id": "3055000001"})
        assert responses(messages) == ["utter_courier_contact"]
        assert messages[0]["carrier"] == "Ninja Van" and messages[0]["tracking_number"] == "NVMY00000000001"
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize("language", ["en", "zh", "ru", "es", "pt", "th", "vi", "id"])
@pytest.mark.parametrize("response", ["utter_tracking_stalled", "utter_tracking_pickup"])
def test_where_the_parcel_waits_or_stalls_names_its_carrier(language, response):
    """aliexpress-mx-001, lazada-th-001 (round 13): "where is my parcel and which courier has
    it?" got where it was with no carrier named (the other where-it-is answers name it)."""
    values = {"tracking_number": "LP00645899990001", "carrier": "Cainiao", "event_date": "2026-11-28"}
    values |= {
        "case_id": 1,
        "place": "Bang Rak",
        "tracking_site": "https://t.17track.net",
        "order_number": "1",
    }
    text = CATALOGUE.render(response, language, values)["text"]
    assert "Cainiao" in text


WHY_NOT_UPDATING = "why isn't my tracking updating?"


def test_why_the_tracking_stopped_is_answered_when_asked_again(repo):  # noqa: F811
    """aliexpress-mx-001 (round 12, no scan for 9 days): "why isn't my tracking updating?" after
    "no update since…, I've asked the carrier to check it" got the carrier-search text again
    ("we've asked the carrier to look for your parcel"), and a third ask a person; the why was
    never said."""
    messages, events = told_stalled_then(user("track_order", WHY_NOT_UPDATING, metadata=TH_BUYER))
    assert responses(messages) == ["utter_tracking_stalled_why"]
    told = messages[0]
    assert told["tracking_number"] == "LP00000000003CN" and told["carrier"] == "Kerry"
    assert told["asked_date"] and told["expected_date"] > told["asked_date"]
    assert not handed_off(events, "not_received")


def test_asked_why_again_after_the_why_a_person_takes_it_no_loop(repo):  # noqa: F811
    why = bot("utter_tracking_stalled_why", order_number=STALLED)
    messages, events = told_stalled_then(
        user("track_order", WHY_NOT_UPDATING, metadata=TH_BUYER),
        why,
        user("track_order", "but why??", metadata=TH_BUYER),
    )
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "not_received")
