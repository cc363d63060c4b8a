"""Every KPI of the seeded journal (conftest.py), worked out by hand, on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from bot.desk.records import Author, Inbound, NluResult
from bot.metrics import kpi_report, kpi_totals
from bot.metrics.periods import Period, PeriodError, parse_day
from bot.metrics.render import as_csv, as_table
from tests.desk.conftest import add_agent
from tests.metrics.conftest import SELLER_ZONE, H, M, Seeder, utc

PERIOD = Period(date(2026, 3, 2), date(2026, 3, 4), SELLER_ZONE)
NOW = utc(2026, 3, 6, 12)  # 20:00 on 2026-03-06 in the seller's zone
NO_CSAT = {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}

DAY_ONE = {
    # A (1 h), B (30 h: within 2 days, not 24 h), C (72 h: never), D at 23:50 (30 min)
    "buyers_served": 4,
    "buyers_replied": 3,
    "buyer_reply_rate": 0.75,
    "messages_received": 4,
    "messages_replied": 3,
    "reply_rate": 0.75,
    "replies_24h": 2,
    "reply_rate_24h": 0.5,
    # A ordered 10 h after the answer (20.00); A's order 49 h after and C's order do not count.
    "converted_buyers": 1,
    "consultation_conversion": 0.3333,
    "guided_orders": 1,
    "guided_gmv": {"USD": "20.00"},
    # opened: A, B, C, D; only B escalated; A, C and D had no person but are not resolved.
    "conversations": 4,
    "escalated": 1,
    "escalation_rate": 0.25,
    "bot_contained": 0,
    "bot_containment": 0.0,
    "bot_unresolved": 3,
    "first_response_avg_s": 30 * 3600 - 120.0,  # queued 2 min after the message
    "first_response_p90_s": 30 * 3600 - 120.0,
    "resolved": 1,
    "resolution_avg_s": 31 * 3600.0,
    "resolution_p90_s": 31 * 3600.0,
    "first_contact_resolved": 1,
    "first_contact_resolution": 1.0,
    "sla_breaches": 1,
    "csat_count": 1,
    "csat_avg": 4.0,
    "csat_distribution": {**NO_CSAT, "4": 1},
}
DAY_TWO = {
    # D at 00:10 (10 min), E (exactly 48 h: counts, not 24 h), G twice (10 min, 1 min),
    # F twice (1 min each); B's and F's ratings are no messages.
    "buyers_served": 4,
    "buyers_replied": 4,
    "buyer_reply_rate": 1.0,
    "messages_received": 6,
    "messages_replied": 6,
    "reply_rate": 1.0,
    "replies_24h": 5,
    "reply_rate_24h": 0.8333,
    # E ordered exactly 48 h after the answer (3.25 + 2.25); F never ordered.
    "converted_buyers": 1,
    "consultation_conversion": 0.25,
    "guided_orders": 1,
    "guided_gmv": {"USD": "5.50"},
    # opened: E, G's first and second chats, F; E and G's first escalated; the bot closed
    # F's (contained); G's second is still the bot's, unresolved.
    "conversations": 4,
    "escalated": 2,
    "escalation_rate": 0.5,
    "bot_contained": 1,
    "bot_containment": 0.25,
    "bot_unresolved": 1,
    "first_response_avg_s": (48 * 3600 - 300 + 300) / 2,  # E: 48 h - 5 min; G: 5 min
    "first_response_p90_s": 48 * 3600 - 300.0,
    # G's first chat by alice (20 min) and F's by the bot (6 min).
    "resolved": 2,
    "resolution_avg_s": (1200 + 360) / 2,
    "resolution_p90_s": 1200.0,
    "first_contact_resolved": 1,  # F; G was back within 48 h
    "first_contact_resolution": 0.5,
    "sla_breaches": 0,
    "csat_count": 1,
    "csat_avg": 5.0,
    "csat_distribution": {**NO_CSAT, "5": 1},
}


def test_every_kpi_of_every_day(seeded):
    rows = [row.to_json() for row in kpi_report(seeded, PERIOD, now=NOW)]
    assert [(r["day"], r["group"], r["final"]) for r in rows] == [
        ("2026-03-02", "all", True),
        ("2026-03-03", "all", True),  # T+3 is today
        ("2026-03-04", "all", False),
    ]
    assert {k: rows[0][k] for k in DAY_ONE} == DAY_ONE
    assert {k: rows[1][k] for k in DAY_TWO} == DAY_TWO
    empty = rows[2]
    assert (empty["buyers_served"], empty["messages_received"], empty["conversations"]) == (0, 0, 0)
    assert (empty["reply_rate"], empty["consultation_conversion"], empty["csat_avg"]) == (None, None, None)


def test_only_the_bots_own_resolve_is_containment(engine):
    s = Seeder(engine)
    sue = add_agent(s.journal, "sue", "supervisor")
    day = utc(2026, 3, 10, 2)
    closed_by_bot, closed_by_sue, still_open = (s.says(b, day) for b in ("P", "Q", "R"))
    for conversation in (closed_by_bot, closed_by_sue, still_open):
        s.answers(conversation, day + M)
    assert s.journal.mark_resolved(closed_by_bot, None, now=day + 2 * M)
    # A supervisor closing the bot's chat unqueued, without a word, is still a person.
    assert s.journal.mark_resolved(closed_by_sue, sue.id, now=day + 3 * M)
    assert not s.journal.mark_resolved(closed_by_sue, None, now=day + 4 * M)  # closed already
    period = Period(date(2026, 3, 10), date(2026, 3, 10), SELLER_ZONE)
    (row,) = kpi_report(engine, period, now=NOW)
    figures = {k: row.figures[k] for k in ("conversations", "escalated", "bot_contained", "bot_unresolved")}
    assert figures == {"conversations": 3, "escalated": 0, "bot_contained": 1, "bot_unresolved": 1}
    assert (row.figures["bot_containment"], row.figures["resolved"]) == (0.3333, 2)
    assert row.figures["resolution_avg_s"] == (120 + 180) / 2


def test_a_thank_you_after_the_resolve_is_no_return_but_a_question_is(engine):
    """A buyer's "thank you!" after the agent resolved opens a new chat: it counted as the
    buyer coming back, and the agent's chat as not settled at the first contact."""
    s = Seeder(engine)
    sue = add_agent(s.journal, "sue", "supervisor")
    day = utc(2026, 3, 10, 2)
    for buyer in ("T", "Q"):
        chat = s.says(buyer, day)
        s.escalates(chat, day + M, tier=1)
        assert s.journal.mark_assigned(chat, sue.id, now=day + 2 * M)
        s.answers(chat, day + 3 * M, by=Author.AGENT, agent=sue)
        assert s.journal.mark_resolved(chat, sue.id, now=day + 4 * M)
    thanks = s.journal.record_inbound(
        Inbound("webhook", "lazada", "T", "thank you!"), rating=None, now=day + 5 * M, csat_hours=24
    ).message
    s.journal.update_nlu(thanks.id, NluResult(language="en", intent="thank", confidence=0.99))
    question = s.journal.record_inbound(
        Inbound("webhook", "lazada", "Q", "and my other order?"), rating=None, now=day + 5 * M, csat_hours=24
    ).message
    s.journal.update_nlu(question.id, NluResult(language="en", intent="track_order", confidence=0.99))
    period = Period(date(2026, 3, 10), date(2026, 3, 10), SELLER_ZONE)
    (row,) = kpi_report(engine, period, now=NOW)
    # T's and Q's resolved chats, and the two new ones (open): only T's settled at the first contact.
    assert (row.figures["resolved"], row.figures["first_contact_resolved"]) == (2, 1)
    assert row.figures["first_contact_resolution"] == 0.5


def test_a_conversation_counts_from_the_buyers_first_message(engine):
    s = Seeder(engine)
    day = utc(2026, 3, 10, 2)
    # A promo to nine buyers who never write back opens nine chats: no buyer served.
    for n in range(9):
        s.writes_first(f"P{n}", day)
    # Another promo buyer writes the next seller day and the bot settles it.
    promoted = s.writes_first("W", day)
    assert s.says("W", day + 24 * H) == promoted
    s.answers(promoted, day + 24 * H + M)
    assert s.journal.mark_resolved(promoted, None, now=day + 24 * H + 2 * M)
    # One buyer chats unprompted and the bot settles it.
    chat = s.says("Z", day)
    s.answers(chat, day + M)
    assert s.journal.mark_resolved(chat, None, now=day + 2 * M)
    period = Period(date(2026, 3, 10), date(2026, 3, 11), SELLER_ZONE)
    first, second = kpi_report(engine, period, now=NOW)
    keys = ("conversations", "bot_contained", "bot_containment", "escalation_rate", "resolution_avg_s")
    assert {k: first.figures[k] for k in keys} == {
        "conversations": 1,
        "bot_contained": 1,
        "bot_containment": 1.0,
        "escalation_rate": 0.0,
        "resolution_avg_s": 120.0,
    }
    # W's chat counts on the day W wrote, its resolution timed from W's message.
    assert {k: second.figures[k] for k in keys} == {
        "conversations": 1,
        "bot_contained": 1,
        "bot_containment": 1.0,
        "escalation_rate": 0.0,
        "resolution_avg_s": 120.0,
    }


def test_a_day_is_the_sellers_day(seeded):
    # In UTC, D's two messages fall on the same day; the seller's midnight splits them.
    only_first = Period(date(2026, 3, 2), date(2026, 3, 2), SELLER_ZONE)
    (row,) = kpi_report(seeded, only_first, now=NOW)
    assert row.figures["messages_received"] == 4
    utc_day = Period(date(2026, 3, 2), date(2026, 3, 2), PERIOD.zone.__class__("UTC"))
    (row,) = kpi_report(seeded, utc_day, now=NOW)
    # Every message of 2026-03-02 UTC: A, B, C, D twice (E and G write on the 3rd).
    assert row.figures["messages_received"] == 5


@pytest.mark.parametrize(
    "by, expected",
    [
        ("marketplace", {("2026-03-02", "lazada"): (3, 3), ("2026-03-02", "shopee"): (1, 0)}),
        ("language", {("2026-03-02", "en"): (3, 2), ("2026-03-02", "th"): (1, 1)}),
        ("tier", {("2026-03-02", "-"): (3, 2), ("2026-03-02", "3"): (1, 1)}),
        ("agent", {("2026-03-02", "-"): (3, 2), ("2026-03-02", "alice"): (1, 1)}),
    ],
)
def test_breakdowns_split_the_first_day(seeded, by, expected):
    rows = [r for r in kpi_report(seeded, PERIOD, by=by, now=NOW) if r.day == date(2026, 3, 2)]
    found = {
        (r.day.isoformat(), r.group): (r.figures["buyers_served"], r.figures["buyers_replied"]) for r in rows
    }
    assert found == expected


def test_by_agent_on_the_second_day(seeded):
    rows = [r for r in kpi_report(seeded, PERIOD, by="agent", now=NOW) if r.day == date(2026, 3, 3)]
    found = {
        r.group: (r.figures["messages_received"], r.figures["conversations"], r.figures["escalated"])
        for r in rows
    }
    # D's 00:10 message is in D's bot-only chat; G's second chat and F's are the bot's.
    assert found == {"-": (4, 2, 0), "alice": (1, 1, 1), "bob": (1, 1, 1)}


def answered_then_passed_on(s: Seeder, day) -> tuple:
    """Buyer T's chat: escalated, held and answered by "first" (tier 1), then passed on to the
    tier 2 queue five minutes in; (chat, first, second) with "second" a tier-2 agent."""
    first, second = add_agent(s.journal, "first", "tier1"), add_agent(s.journal, "second", "tier2")
    chat = s.says("T", day)
    s.escalates(chat, day + M, tier=1)
    assert s.journal.mark_assigned(chat, first.id, now=day + 2 * M)
    s.answers(chat, day + 4 * M, by=Author.AGENT, agent=first)
    assert s.journal.mark_transferred(chat, first.id, first.id, 2, None, day + H, "refund", now=day + 5 * M)
    return chat, first, second


def test_a_chat_passed_on_counts_its_resolution_and_rating_for_who_solved_it(engine):
    """A console review (2026-12-07): agent1 answered, passed the chat to tier 2, agent2 solved
    it and was rated 2; the agent breakdown gave agent1 the resolution and the rating, and
    agent2 nothing. The first response stays the first answerer's."""
    s = Seeder(engine)
    day = utc(2026, 3, 12, 2)
    chat, first, second = answered_then_passed_on(s, day)
    assert s.journal.mark_assigned(chat, second.id, now=day + 6 * M)
    s.answers(chat, day + 7 * M, by=Author.AGENT, agent=second)
    assert s.journal.mark_resolved(chat, second.id, now=day + 8 * M)
    assert s.says("T", day + 9 * M, rating=2) == chat
    period = Period(date(2026, 3, 12), date(2026, 3, 12), SELLER_ZONE)
    rows = {r.group: r.figures for r in kpi_report(engine, period, by="agent", now=NOW)}
    assert (rows["second"]["resolved"], rows["second"]["csat_count"], rows["second"]["csat_avg"]) == (
        1,
        1,
        2.0,
    )
    assert rows["second"]["first_response_avg_s"] is None
    assert rows["first"]["resolved"] == 0 and rows["first"]["csat_count"] == 0
    assert rows["first"]["first_response_avg_s"] == 180.0  # queued at +1 min, answered at +4


def test_table_and_csv(seeded):
    rows = kpi_report(seeded, PERIOD, now=NOW)
    table = as_table(rows).splitlines()
    assert table[0].split()[:3] == ["day", "group", "buyers"]
    assert table[1].split()[:6] == ["2026-03-02", "all", "4", "3", "4", "75.0"]
    lines = as_csv(rows).splitlines()
    assert lines[0].startswith("day,group,final,buyers_served")
    assert "csat_4" in lines[0].split(",") and lines[1].startswith("2026-03-02,all,True,4,3")


def test_bad_periods():
    with pytest.raises(PeriodError):
        Period(date(2026, 3, 2), date(2026, 3, 1), SELLER_ZONE)
    with pytest.raises(PeriodError):
        Period(date(2025, 1, 1), date(2026, 3, 1), SELLER_ZONE)
    with pytest.raises(PeriodError):
        parse_day("2026-02-30", "from")


def test_an_order_after_answers_on_two_days_is_guided_once(engine):
    """W asks at 23:00 and again at 09:00 the next morning (seller time), is answered each
    time, and orders at noon: the order was counted on both days, so the period's guided
    GMV was twice what W paid."""
    s = Seeder(engine)
    evening = utc(2026, 3, 10, 15)  # 23:00 on 2026-03-10 in the seller's zone
    chat = s.says("W", evening)
    s.answers(chat, evening + M)
    s.says("W", evening + 10 * H)
    s.answers(chat, evening + 10 * H + M)
    s.order("lazada", "W", evening + 13 * H, "W-1", (2, "15.00"))
    period = Period(date(2026, 3, 10), date(2026, 3, 11), SELLER_ZONE)
    first, second = kpi_report(engine, period, now=NOW)
    assert [row.figures["guided_gmv"] for row in (first, second)] == [{"USD": "30.00"}, {}]
    assert [row.figures["guided_orders"] for row in (first, second)] == [1, 0]
    # The first answer led to it: W counts as converted that day, and as replied on both.
    assert [row.figures["converted_buyers"] for row in (first, second)] == [1, 0]
    assert [row.figures["buyers_replied"] for row in (first, second)] == [1, 1]


def test_the_periods_totals_count_a_buyer_once_and_rate_the_whole_period(seeded):
    """The dashboard showed only one row per day: a seller asking "how did we do these three
    days?" added the days up by hand, counting D (who wrote either side of midnight) twice and
    averaging the days' rates. The totals are the period's own figures."""
    whole = kpi_totals(seeded, PERIOD)["all"]
    assert (whole["buyers_served"], whole["messages_received"], whole["conversations"]) == (7, 10, 8)
    assert (whole["escalated"], whole["bot_contained"], whole["bot_containment"]) == (3, 1, 0.125)
    assert whole["first_response_avg_s"] == round((30 * 3600 - 120 + 48 * 3600 - 300 + 300) / 3, 1)
    assert (whole["csat_count"], whole["csat_avg"]) == (2, 4.5)
    assert whole["reply_rate"] == 0.9  # 9 of 10 messages answered within 2 days (C's was not)
    per_marketplace = kpi_totals(seeded, PERIOD, "marketplace")
    assert {name: (f["buyers_served"], f["conversations"]) for name, f in per_marketplace.items()} == {
        "lazada": (6, 7),
        "shopee": (1, 1),
    }
    # Nothing written in the period: the same figures, zero or None, never missing.
    quiet = kpi_totals(seeded, Period(date(2026, 3, 4), date(2026, 3, 4), SELLER_ZONE))
    assert (quiet["all"]["conversations"], quiet["all"]["csat_avg"]) == (0, None)


def test_per_agent_a_message_counts_for_the_agent_who_answered_it(engine):
    """A second console review: tier 1 answered two buyers and was credited one, because a
    chat's messages all counted for whoever resolved or held it at the end."""
    s = Seeder(engine)
    day = utc(2026, 3, 12, 2)
    chat, first, second = answered_then_passed_on(s, day)
    assert s.says("T", day + 6 * M) == chat  # written while the chat waits for tier 2
    assert s.journal.mark_assigned(chat, second.id, now=day + 7 * M)
    s.answers(chat, day + 8 * M, by=Author.AGENT, agent=second)
    assert s.journal.mark_resolved(chat, second.id, now=day + 9 * M)
    period = Period(date(2026, 3, 12), date(2026, 3, 12), SELLER_ZONE)
    rows = {r.group: r.figures for r in kpi_report(engine, period, by="agent", now=NOW)}
    replied = {group: (f["messages_replied"], f["buyers_replied"]) for group, f in rows.items()}
    assert replied == {"first": (1, 1), "second": (1, 1)}
    assert rows["second"]["resolved"] == 1 and rows["first"]["resolved"] == 0
