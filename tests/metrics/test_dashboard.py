"""The dashboard's lists (bot/metrics/dashboard.py) on a small seeded journal and order
book, counted by hand, on SQLite and PostgreSQL (tests/metrics/conftest.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.commerce.models import AfterSalesCase, Order
from bot.desk.models import Message
from bot.desk.records import NluResult
from bot.metrics.dashboard import IntentCount, ProductCount, dashboard_lists, quality_report, top_intents
from bot.metrics.periods import Period
from tests.metrics.conftest import SELLER_ZONE, Seeder, utc

# Seller days 2026-03-02 and 03: 2026-03-01 16:00 to 2026-03-03 16:00 UTC.
PERIOD = Period(date(2026, 3, 2), date(2026, 3, 3), SELLER_ZONE)


def _asks(seeder: Seeder, buyer: str, at, intent: str | None, rating=None) -> int:
    conversation = seeder.says(buyer, at, rating=rating)
    message = seeder.journal.messages(conversation)[-1]
    if intent:
        seeder.journal.update_nlu(message.id, NluResult(language="en", intent=intent, confidence=0.9))
    return message.id


def test_top_intents_count_buyer_messages_of_the_period(engine):
    s = Seeder(engine)
    for buyer in ("A", "B", "C"):
        _asks(s, buyer, utc(2026, 3, 2, 1), "order_status")
    _asks(s, "D", utc(2026, 3, 2, 2), "refund")
    _asks(s, "E", utc(2026, 3, 2, 3), "refund")
    corrected = _asks(s, "F", utc(2026, 3, 2, 4), "greet")
    with engine.begin() as conn:  # an agent said the buyer really asked for a refund
        conn.execute(update(Message).where(Message.id == corrected).values(corrected_intent="refund"))
    _asks(s, "G", utc(2026, 3, 2, 5), None)  # Rasa never read it: no intent to count
    _asks(s, "H", utc(2026, 3, 1, 15, 59), "greet")  # 23:59 the day before, seller time
    _asks(s, "I", utc(2026, 3, 3, 16), "greet")  # 00:00 the day after
    # A tie is ordered by name.
    assert top_intents(engine, PERIOD) == [IntentCount("order_status", 3), IntentCount("refund", 3)]
    assert top_intents(engine, PERIOD, limit=1) == [IntentCount("order_status", 3)]


def _case(engine, number: str, kind: str, tag: str | None, at) -> None:
    with Session(engine) as s, s.begin():
        order = s.query(Order).filter_by(order_number=number).one()
        times = {"created_at": at, "updated_at": at}
        s.add(AfterSalesCase(order_id=order.id, kind=kind, status="open", tag=tag, **times))


def test_the_quality_report_lists_products_of_red_damaged_and_wrong_cases(engine):
    s = Seeder(engine)
    at = utc(2026, 3, 2, 8)
    s.order("lazada", "A", at, "Q-1", (2, "5.00"))  # S0 x2
    s.order("lazada", "B", at, "Q-2", (1, "5.00"), (3, "1.00"))  # S0 x1, S1 x3
    s.order("lazada", "C", at, "Q-3", (4, "5.00"))  # S0 x4
    s.order("lazada", "D", at, "Q-4", (1, "5.00"))
    s.order("lazada", "E", at, "Q-5", (1, "5.00"))
    _case(engine, "Q-1", "damaged", "red", at)  # counted
    _case(engine, "Q-2", "wrong_item", "red", at)  # counted: S0 and S1
    _case(engine, "Q-3", "missing_item", "red", at)  # not a product fault
    _case(engine, "Q-4", "damaged", "yellow", at)  # not tagged red
    _case(engine, "Q-5", "damaged", "red", utc(2026, 3, 3, 16))  # opened after the period
    expected = [ProductCount("S0", "thing", 2, 3), ProductCount("S1", "thing", 1, 3)]
    assert quality_report(engine, PERIOD) == expected
    lists = dashboard_lists(engine, PERIOD)
    assert lists["quality"][0] == {"sku": "S0", "title": "thing", "cases": 2, "units": 3}
    assert lists["top_intents"] == []


def test_an_order_with_two_red_cases_counts_its_units_once(engine):
    s = Seeder(engine)
    at = utc(2026, 3, 2, 8)
    s.order("lazada", "A", at, "W-1", (2, "5.00"), (1, "9.00"))  # S0 x2, S1 x1
    s.order("lazada", "B", at, "W-2", (3, "5.00"))  # S0 x3
    _case(engine, "W-1", "damaged", "red", at)
    _case(engine, "W-1", "wrong_item", "red", at)  # the same order again
    _case(engine, "W-2", "damaged", "red", at)
    expected = [ProductCount("S0", "thing", 3, 2 + 3), ProductCount("S1", "thing", 2, 1)]
    assert quality_report(engine, PERIOD) == expected
