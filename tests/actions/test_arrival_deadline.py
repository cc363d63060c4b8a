"""Needed by a day: whether the order should arrive by then. Played on `make run` (ozon-ru-001,
an order being prepared): "а можно побыстрее? мне к пятнице надо" got the ship date again and
nothing on Friday, which 12-28 days to Russia cannot make."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from actions import commerce
from actions.deadline_words import needed_by
from actions.order_answer import ActionOrderAnswer
from bot.seller.shop import load_shop
from tests.actions.helpers import bot, orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

SUNDAY = date(2026, 12, 6)
TODAY = datetime.now(timezone.utc).date()


@pytest.mark.parametrize(
    "text, day",
    [
        ("мне к пятнице надо", date(2026, 12, 11)),
        ("успеет к среде?", date(2026, 12, 9)),
        ("нужно до субботы", date(2026, 12, 12)),
        ("will it arrive by Friday?", date(2026, 12, 11)),
        ("周五前能到吗", date(2026, 12, 11)),
        ("可以幫我加急嗎？我週五要用", date(2026, 12, 11)),
        ("周六急用", date(2026, 12, 12)),
        ("llega antes del viernes?", date(2026, 12, 11)),
        ("chega até sexta?", date(2026, 12, 11)),
        ("ทันวันเสาร์ไหมคะ", date(2026, 12, 12)),
        ("kịp thứ bảy không shop", date(2026, 12, 12)),
        ("bisa sampai sebelum hari jumat?", date(2026, 12, 11)),
        ("can it come by tomorrow", date(2026, 12, 7)),
        ("antes del 24 de diciembre llega?", date(2026, 12, 24)),
        ("need it before 2027-01-05", date(2027, 1, 5)),
    ],
)
def test_the_day_needed_by_is_read_in_every_language(text, day):
    assert needed_by(text, SUNDAY) == day


@pytest.mark.parametrize(
    "text",
    ["đơn thứ hai của mình đâu", "on Friday I paid", "как пятница?", "where is my order?", "明天能到吗"],
)
def test_a_day_without_by_or_before_is_no_deadline(text):
    assert needed_by(text, SUNDAY) is None


@pytest.fixture
def repo(tmp_path):
    in_two_days = (TODAY + timedelta(days=2)).isoformat()
    rows = [
        order("5100000001", "processing", ship_by=in_two_days),  # to Thailand: 3-7 days
        order("5100000002", "processing", ship_by=in_two_days, destination_country="RU"),
        order("5100000003", "shipped", shipments=[{**parcel("LP00000051003CN"), "shipped_at": ago(1)}]),
        order("5100000004", "delivered", shipments=[parcel("LP00000051004CN")]),
    ]
    scans = [
        scan("LP00000051003CN", ago(0.5), "departed_origin"),
        scan("LP00000051004CN", ago(3), "delivered"),
    ]
    yield orders_database(tmp_path, rows, scans)
    commerce.use_repository(None)


def asked(order_number: str, text: str, intent: str = "urge_shipment", *before: dict) -> tuple:
    chat = [*before, user(intent, text, metadata=BUYER)]
    return run(ActionOrderAnswer(), tracker(chat, slots={"order_id": order_number, "language": "en"}))


def by(days: int) -> str:
    return f"I need it before {(TODAY + timedelta(days=days)).isoformat()}"


@pytest.mark.parametrize(
    "days, told", [(20, "utter_arrival_by_yes"), (5, "utter_arrival_by_maybe"), (1, "utter_arrival_by_no")]
)
def test_an_order_being_prepared_is_told_whether_it_makes_the_day(repo, days, told):
    window = load_shop().delivery_window("TH")
    messages, _ = asked("5100000001", by(days))
    assert responses(messages) == [told]
    assert messages[0]["needed_by_date"] == (TODAY + timedelta(days=days)).isoformat()
    assert messages[0]["expected_from_date"] == (TODAY + timedelta(days=window.shortest)).isoformat()
    assert messages[0]["expected_to_date"] == (TODAY + timedelta(days=2 + window.longest)).isoformat()


def test_friday_to_russia_is_too_soon_whatever_the_day_today(repo):
    assert load_shop().delivery_window("RU").shortest > 7
    messages, _ = asked("5100000002", "а можно побыстрее? мне к пятнице надо")
    assert responses(messages) == ["utter_arrival_by_no"]


def test_a_parcel_on_its_way_is_counted_from_the_day_it_shipped(repo):
    window = load_shop().delivery_window("TH")
    messages, _ = asked("5100000003", by(30), "track_order")
    assert responses(messages) == ["utter_arrival_by_yes"]
    shipped = date.fromisoformat(ago(1)[:10])
    assert messages[0]["expected_to_date"] == (shipped + timedelta(days=window.longest)).isoformat()


def test_a_delivered_order_or_a_day_told_already_gets_the_usual_answer(repo):
    messages, _ = asked("5100000004", by(5), "track_order")
    assert not any(m["response"].startswith("utter_arrival_by") for m in messages)
    told = [
        user("urge_shipment", by(20), metadata=BUYER),
        bot("utter_arrival_by_yes", order_number="5100000001"),
    ]
    messages, _ = asked("5100000001", by(20), "urge_shipment", *told)
    assert not any(m["response"].startswith("utter_arrival_by") for m in messages)


@pytest.mark.parametrize(
    "text", ["出貨後大概幾天會到", "а доставка сколько дней займет", "when will it arrive?"]
)
def test_how_many_days_about_an_order_being_prepared_gets_the_days_it_should_arrive_between(repo, text):
    """Played: "請問我的藍牙耳機什麼時候會出貨呢 || 出貨後大概幾天會到" (shopee-tw-001) got the ship-by
    date twice; "а доставка сколько дней займет" (ozon-ru-001) too."""
    window = load_shop().delivery_window("TH")
    messages, _ = asked("5100000001", text)
    assert responses(messages) == ["utter_arrival_window"]
    assert messages[0]["expected_from_date"] == (TODAY + timedelta(days=window.shortest)).isoformat()
    assert messages[0]["expected_to_date"] == (TODAY + timedelta(days=2 + window.longest)).isoformat()
    told = [
        user("urge_shipment", text, metadata=BUYER),
        bot("utter_arrival_window", order_number="5100000001"),
    ]
    messages, _ = asked("5100000001", text, "urge_shipment", *told)
    assert responses(messages) != ["utter_arrival_window"]
