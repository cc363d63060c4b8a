"""A seeded journal with exact timestamps, on SQLite and on PostgreSQL (skipped without a
server, as in tests/commerce), with the commerce orders in the same database.

The seller works in Asia/Shanghai (UTC+8): the seller's day 2026-03-02 runs from
2026-03-01 16:00 to 2026-03-02 16:00 UTC. What each buyer does is written next to it;
tests/metrics/test_report.py works each figure out by hand from this.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from bot.commerce.models import Buyer, Order, OrderItem
from bot.commerce.schema import ensure_schema
from bot.db.engine import make_engine
from bot.desk.journal import Journal
from bot.desk.models import ensure_desk_schema
from bot.desk.notice_log import NoticeLog
from bot.desk.records import Author, Breach, Inbound, Outgoing
from tests.commerce.conftest import pg_schemas  # noqa: F401 - the PostgreSQL schemas, shared
from tests.desk.conftest import add_agent

SELLER_ZONE = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)
M = timedelta(minutes=1)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'kefu.db'}")
    else:
        engine = request.getfixturevalue("pg_schemas").engine()
    ensure_schema(engine)
    ensure_desk_schema(engine)
    yield engine
    engine.dispose()


class Seeder:
    """Writes through the desk's own journal, at the times the test names."""

    def __init__(self, engine):
        self.journal = Journal(engine)
        self.engine = engine

    def says(self, buyer: str, at: datetime, market="lazada", language="en", rating=None) -> str:
        inbound = Inbound("webhook", market, buyer, "hello", language=language)
        return self.journal.record_inbound(inbound, rating=rating, now=at, csat_hours=24).conversation.id

    def answers(self, conversation: str, at: datetime, by=Author.BOT, agent=None) -> None:
        item = Outgoing(
            "answer", by, agent_id=agent.id if agent else None, agent_username=agent and agent.username
        )
        self.journal.record_outbound(conversation, [item], now=at)

    def writes_first(self, buyer: str, at: datetime, market="lazada") -> str:
        """Kefu writes to the buyer unasked (a promo or parcel notice), as outreach.py does."""
        conversation = NoticeLog(self.engine).conversation_for(market, buyer, at).id
        self.journal.record_outbound(conversation, [Outgoing("20% off today", Author.SYSTEM)], now=at)
        return conversation

    def escalates(self, conversation: str, at: datetime, tier: int) -> None:
        assert self.journal.mark_queued(conversation, tier, "complaint", at + H, True, now=at)

    def order(self, market: str, buyer: str, at: datetime, number: str, *items) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.query(Buyer).filter_by(marketplace=market, buyer_id=buyer).one_or_none()
            if row is None:
                row = Buyer(marketplace=market, buyer_id=buyer, name=buyer, country="TH", language="en")
                s.add(row)
                s.flush()
            order = Order(
                marketplace=market,
                order_number=number,
                buyer_pk=row.id,
                status="paid",
                placed_at=at,
                currency="USD",
                destination_country="TH",
            )
            order.items = [
                OrderItem(
                    sku=f"S{i}", title="thing", quantity=q, unit_price=Decimal(p), declared_value=Decimal(p)
                )
                for i, (q, p) in enumerate(items)
            ]
            s.add(order)


@pytest.fixture
def seeded(engine):
    j = Seeder(engine)
    alice = add_agent(j.journal, "alice", "tier3")
    bob = add_agent(j.journal, "bob", "tier1")

    # Seller day 2026-03-02 --------------------------------------------------------------
    # A: answered by the bot after 1 h; orders 10 h after the answer (counted) and 49 h after (not).
    a = j.says("A", utc(2026, 3, 2, 1))
    j.answers(a, utc(2026, 3, 2, 2))
    j.order("lazada", "A", utc(2026, 3, 2, 12), "A-1", (2, "10.00"))
    j.order("lazada", "A", utc(2026, 3, 2, 2) + 49 * H, "A-2", (1, "99.00"))
    # B (Thai): an auto-reply after 1 min (not an answer), queued at tier 2, breached to tier 3,
    # alice answers after 30 h and resolves at 31 h; B rates it 4.
    b = j.says("B", utc(2026, 3, 2, 2), language="th")
    j.answers(b, utc(2026, 3, 2, 2, 1), by=Author.SYSTEM)
    j.escalates(b, utc(2026, 3, 2, 2, 2), tier=2)
    assert j.journal.mark_breached([Breach(b, 2, 3, utc(2026, 3, 2, 3))], now=utc(2026, 3, 2, 2, 10))
    assert j.journal.mark_assigned(b, alice.id, now=utc(2026, 3, 2, 2, 20))
    j.answers(b, utc(2026, 3, 2, 2) + 30 * H, by=Author.AGENT, agent=alice)
    assert j.journal.mark_resolved(b, alice.id, now=utc(2026, 3, 2, 2) + 31 * H)
    assert j.says("B", utc(2026, 3, 2, 2) + 32 * H, language="th", rating=4) == b
    # C (shopee): answered only after 3 days; orders 1 h after writing (not guided: never replied).
    c = j.says("C", utc(2026, 3, 2, 3), market="shopee")
    j.answers(c, utc(2026, 3, 2, 3) + 72 * H)
    j.order("shopee", "C", utc(2026, 3, 2, 4), "C-1", (1, "7.00"))
    # D: writes at 23:50 and at 00:10 seller time, answered at 00:20 (both days).
    d = j.says("D", utc(2026, 3, 2, 15, 50))
    j.says("D", utc(2026, 3, 2, 16, 10))
    j.answers(d, utc(2026, 3, 2, 16, 20))

    # Seller day 2026-03-03 --------------------------------------------------------------
    # E: queued at tier 1, bob answers exactly 48 h after the message; E orders exactly 48 h later.
    e = j.says("E", utc(2026, 3, 3, 2))
    j.escalates(e, utc(2026, 3, 3, 2, 5), tier=1)
    assert j.journal.mark_assigned(e, bob.id, now=utc(2026, 3, 3, 2, 10))
    j.answers(e, utc(2026, 3, 3, 2) + 48 * H, by=Author.AGENT, agent=bob)
    j.order("lazada", "E", utc(2026, 3, 3, 2) + 96 * H, "E-1", (1, "3.25"), (1, "2.25"))
    # G: queued, alice answers in 5 min and resolves; G is back 2 h later (a new, bot-only chat).
    g1 = j.says("G", utc(2026, 3, 3, 3))
    j.escalates(g1, utc(2026, 3, 3, 3, 5), tier=1)
    assert j.journal.mark_assigned(g1, alice.id, now=utc(2026, 3, 3, 3, 6))
    j.answers(g1, utc(2026, 3, 3, 3, 10), by=Author.AGENT, agent=alice)
    assert j.journal.mark_resolved(g1, alice.id, now=utc(2026, 3, 3, 3, 20))
    g2 = j.says("G", utc(2026, 3, 3, 5))
    assert g2 != g1
    j.answers(g2, utc(2026, 3, 3, 5, 1))
    # F: the bot answers in 1 min, F says goodbye 5 min after opening and the bot answers in 1 min
    # and closes the chat (bot/desk/bot_csat.py: resolved by the bot, the rating question asked);
    # F rates it 5.
    f = j.says("F", utc(2026, 3, 3, 6))
    j.answers(f, utc(2026, 3, 3, 6, 1))
    assert j.says("F", utc(2026, 3, 3, 6, 5)) == f
    j.answers(f, utc(2026, 3, 3, 6, 6))
    assert j.journal.mark_resolved(f, None, now=utc(2026, 3, 3, 6, 6))
    j.answers(f, utc(2026, 3, 3, 6, 6), by=Author.SYSTEM)
    assert j.says("F", utc(2026, 3, 3, 6, 8), rating=5) == f
    # Seller day 2026-03-04: nobody writes.
    return engine
