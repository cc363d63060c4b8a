"""Amounts and dates the buyer names pick the order among those the question fits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from actions.order_choice import choose
from actions.order_hints import LAST, Hints, read_hints
from bot.commerce.views import BuyerRef
from tests.actions.helpers import orders_database, run, tracker, user
from tests.actions.test_order_answers import order, parcel

BUYER = {"marketplace": "lazada", "buyer_id": "hint-buyer"}
MARCH, JUNE, JUNE_1 = "2024-03-03T09:00:00+00:00", "2024-06-15T09:00:00+00:00", "2024-06-01T09:00:00+00:00"


def shipped(number, price, placed_at, quantity=1):
    item = {"sku": "MUG-1", "title": "Mug", "quantity": quantity, "unit_price": price, "declared_value": "2"}
    return order(
        number,
        "shipped",
        buyer="hint-buyer",
        items=[item],
        shipments=[parcel(f"LP{number[1:]}1CN")],
        placed_at=placed_at,
        paid_at=placed_at,
    )


# The same product in each, so product words cannot tell them apart.
ORDERS = [
    shipped("5000000001", "25.90", MARCH),
    shipped("5000000002", "1290.00", JUNE),
    shipped("5000000003", "75000.00", JUNE_1, quantity=2),  # 150 000 in all
]
A, B, C = (o["order_number"] for o in ORDERS)


@pytest.fixture
def orders(tmp_path):
    yield orders_database(tmp_path, ORDERS).latest_orders(BuyerRef("lazada", "hint-buyer"), 10)
    commerce.use_repository(None)


def chosen(orders, text, last_discussed=None):
    choice = choose("track_order", orders, text, last_discussed)
    return choice.order.order_number if choice.order else None


@pytest.mark.parametrize(
    "text, meant",
    [
        ("where is the 25.90 one?", A),
        ("the one for $1,290.00", B),
        ("¥1290的那个到哪了", B),
        ("где заказ на 1 290 ₽?", B),
        ("cadê o pedido de R$ 25,90?", A),
        ("pesanan Rp 150.000 di mana?", C),
        ("pesanan 150rb belum sampai", C),
        ("el de 25,90 €", A),
        ("đơn 1.290 ở đâu", B),
        ("อันที่ ฿1,290 ถึงไหนแล้ว", B),
        ("the 75000 mug", C),  # an item's price counts as well as the total
    ],
)
def test_an_amount_picks_the_order(orders, text, meant):
    assert chosen(orders, text) == meant


@pytest.mark.parametrize(
    "text, meant",
    [
        ("the one I ordered on 3 March", A),
        ("ordered March 3rd, 2024", A),
        ("6月15日买的那个", B),
        ("2024年6月1日下单的", C),
        ("заказ от 3 марта", A),
        ("заказ от 15.06.2024", B),
        ("comprei em 15 de junho", B),
        ("pesan tanggal 1 Juni", C),
        ("el pedido del 15 de junio", B),
        ("đặt ngày 15 tháng 6", B),
        ("สั่งวันที่ 3 มี.ค.", A),
        ("ordered 15/06", B),
    ],
)
def test_a_date_picks_the_order(orders, text, meant):
    assert chosen(orders, text) == meant


def test_a_date_of_another_year_picks_nothing(orders):
    assert chosen(orders, "ordered on 3 March 2023") is None


def test_without_an_amount_or_a_date_the_order_discussed_last_decides_and_otherwise_the_buyer_picks(orders):
    assert chosen(orders, "where is my mug?") is None
    assert chosen(orders, "where is my mug?", last_discussed=B) == B
    # What the buyer names now outweighs the order discussed before.
    assert chosen(orders, "the 25.90 one", last_discussed=B) == A


def test_an_order_number_is_not_an_amount():
    assert read_hints("where is 5000000001?").amounts == frozenset()
    assert read_hints("заказ 48211357-0031-1 и трек LP00412345678CN").amounts == frozenset()
    assert read_hints("where is 5000000001, the 25.90 one?").amounts == {Decimal("25.90")}


def test_a_date_is_not_an_amount_but_a_dotted_one_may_be_either():
    hints = read_hints("3 марта, 15/06, 15.06")
    assert hints.amounts == {Decimal("15.06")}
    assert hints.dates == {(None, 3, 3), (None, 6, 15)}


def test_quantities_are_not_amounts_but_money_is():
    assert read_hints("2 mugs, 15 kg").amounts == {Decimal("15")}
    assert read_hints("$5").amounts == {Decimal("5")}


def test_the_order_number_the_buyer_gave_wins_over_an_amount_of_another_order(orders):
    events = [user("track_order", "is 5000000001 the 1 290 ₽ one?", metadata=BUYER)]
    messages, result = run(ActionOrderAnswer(), tracker(events, slots={"order_id": A}))
    assert messages[0]["order_number"] == A
    assert result[0] == SlotSet("order_id", A)


def test_an_amount_answers_about_that_order_and_offers_the_others(orders):
    t = tracker([user("track_order", "где заказ на 1 290 ₽?", metadata=BUYER)])
    messages, result = run(ActionOrderAnswer(), t)
    assert messages[0]["response"] == "utter_about_order_switch"
    assert messages[0]["order_number"] == B
    assert result[0] == SlotSet("order_id", B)


def test_days_said_relative_to_today_are_periods_not_places_in_a_list():
    wednesday = date(2024, 6, 12)
    last_week = (date(2024, 6, 3), date(2024, 6, 9))
    assert read_hints("the one from last week", today=wednesday) == Hints(
        frozenset(), frozenset(), frozenset({last_week}), frozenset()
    )
    assert read_hints("上个月的", today=wednesday).periods == {(date(2024, 5, 1), date(2024, 5, 31))}
    assert read_hints("вчера", today=wednesday).periods == {(date(2024, 6, 11), date(2024, 6, 11))}
    assert read_hints("the last one").places == {LAST}
    assert read_hints("во вторник").places == frozenset()  # Tuesday, not "the second"
