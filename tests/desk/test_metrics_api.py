"""GET /api/kpi (also at /api/metrics) and GET /api/dashboard: the KPIs and the dashboard's
lists for supervisors and tier-3 agents only, dates checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.desk.records import Author, Inbound, NluResult, Outgoing
from tests.desk.conftest import REDIS_URL, add_agent
from tests.desk.test_queue import entry, run


@pytest.fixture
def kpi_desk(make_desk, fake_rasa, journal):
    for username, role in (("sue", "supervisor"), ("tom", "tier3"), ("ann", "tier1"), ("tia", "trainer")):
        add_agent(journal, username, role)
    return make_desk(fake_rasa.url)


@pytest.mark.parametrize("name", ["kpi", "metrics"])
def test_only_supervisors_and_tier3_see_the_kpis(kpi_desk, name):
    path = f"/api/{name}?from=2026-03-02&to=2026-03-03"
    assert kpi_desk.api("GET", path).status_code == 401
    for username in ("ann", "tia"):
        reply = kpi_desk.api("GET", path, kpi_desk.login(username))
        assert reply.status_code == 403, username
    for username in ("sue", "tom"):
        reply = kpi_desk.api("GET", path, kpi_desk.login(username))
        assert reply.status_code == 200, reply.text
        assert [day["day"] for day in reply.json()["days"]] == ["2026-03-02", "2026-03-03"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "from=2026-03-02",
        "from=2026-13-01&to=2026-03-03",
        "from=yesterday&to=2026-03-03",
        "from=2026-03-04&to=2026-03-03",
        "from=2024-01-01&to=2026-03-03",
        "from=2026-03-02&to=2026-03-03&by=colour",
        "from=9999-12-31&to=9999-12-31",  # the day after has no date: no OverflowError
        "from=0001-01-01&to=0001-01-02",
    ],
)
def test_bad_dates_and_breakdowns_are_400(kpi_desk, query):
    token = kpi_desk.login("sue")
    for name in ("kpi", "metrics"):
        reply = kpi_desk.api("GET", f"/api/{name}?{query}", token)
        assert reply.status_code == 400
        assert reply.json()["error"]
    if "by=" not in query:
        assert kpi_desk.api("GET", f"/api/dashboard?{query}", token).status_code == 400


def test_the_figures_come_from_the_journal(kpi_desk, journal):
    # The desk's default config is UTC and open around the clock (tests/desk/conftest.py).
    at = datetime(2026, 3, 2, 10, tzinfo=timezone.utc)
    inbound = Inbound("webhook", "lazada", "b-9", "hi", language="en")
    conversation = journal.record_inbound(inbound, now=at).conversation.id
    journal.record_outbound(conversation, [Outgoing("auto", Author.SYSTEM)], now=at)
    reply = kpi_desk.api(
        "GET", "/api/metrics?from=2026-03-02&to=2026-03-02&by=marketplace", kpi_desk.login("sue")
    )
    body = reply.json()
    assert (body["by"], body["time_zone"]) == ("marketplace", "UTC")
    (day,) = body["days"]
    assert (day["group"], day["buyers_served"], day["messages_received"]) == ("lazada", 1, 1)
    assert (day["messages_replied"], day["reply_rate"]) == (0, 0.0)  # an auto-reply is no answer
    same = kpi_desk.api("GET", "/api/kpi?from=2026-03-02&to=2026-03-02&by=marketplace", kpi_desk.login("sue"))
    assert same.json() == body  # one report, two names


def test_the_dashboard_lists_intents_and_counts_the_live_queues(kpi_desk, journal):
    at = datetime(2026, 3, 2, 10, tzinfo=timezone.utc)
    for buyer, intent in (("b-1", "refund"), ("b-2", "refund"), ("b-3", "greet")):
        recorded = journal.record_inbound(Inbound("webhook", "lazada", buyer, "hi"), now=at)
        journal.update_nlu(recorded.message.id, NluResult(language="en", intent=intent))
    soon = datetime.now(timezone.utc) + timedelta(minutes=30)  # beyond the desk's own SLA sweep
    for cid, tier, breached in (("c-held", 1, False), ("c-new", 1, False), ("c-moved", 2, True)):
        waiting = replace(entry(cid, tier=tier), deadline=soon, breached=breached)  # moved up: breached
        run(lambda queue, item=waiting: queue.enqueue(item), REDIS_URL)
    run(lambda queue: queue.claim("c-held", "sue"), REDIS_URL)  # claimed: out of the queue
    path = "/api/dashboard?from=2026-03-02&to=2026-03-02"
    assert kpi_desk.api("GET", path, kpi_desk.login("ann")).status_code == 403
    body = kpi_desk.api("GET", path, kpi_desk.login("sue")).json()
    assert (body["from"], body["to"], body["time_zone"]) == ("2026-03-02", "2026-03-02", "UTC")
    assert body["top_intents"] == [{"intent": "refund", "messages": 2}, {"intent": "greet", "messages": 1}]
    assert body["quality"] == []  # no commerce tables in the desk's test database
    assert body["queues"] == [
        {"tier": 1, "waiting": 1, "breached": 0, "held_late": 0},
        {"tier": 2, "waiting": 1, "breached": 1, "held_late": 0},
        {"tier": 3, "waiting": 0, "breached": 0, "held_late": 0},
    ]


def test_the_dashboard_counts_claimed_chats_past_their_first_reply_deadline(make_desk, fake_rasa, journal):
    """A claimed chat leaves the queue: the supervisor's live queues showed none of those an
    agent held past the deadline without a first reply."""
    from tests.desk.conftest import always_open

    desk = make_desk(fake_rasa.url, config=always_open(minutes=0.02, sweep=0.1))
    add_agent(journal, "sue", "supervisor")
    token = desk.login("sue")
    desk.chat("v-held", "I want a person")
    cid = journal.open_conversation(desk.sender("v-held")).id
    assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200
    desk.wait_until(lambda: journal.conversation(cid).breached)
    day = datetime.now(timezone.utc).date().isoformat()

    def tier_one() -> dict:
        return desk.api("GET", f"/api/dashboard?from={day}&to={day}", token).json()["queues"][0]

    assert tier_one() == {"tier": 1, "waiting": 0, "breached": 0, "held_late": 1}
    desk.api("POST", f"/api/conversations/{cid}/messages", token, json={"text": "Sorry for the wait!"})
    assert tier_one()["held_late"] == 0  # answered: late, but no longer owing the first reply


def test_the_dashboard_page_and_its_assets_are_served(kpi_desk):
    page = kpi_desk.api("GET", "/console/dashboard")
    assert page.status_code == 200 and 'id="kpi-table"' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in ("dashboard.js", "dashboard_charts.js", "dashboard.css", "common.js", "vendor/chart.umd.js"):
        assert kpi_desk.api("GET", f"/console/assets/{asset}").status_code == 200, asset
    assert "/api/kpi" in kpi_desk.api("GET", "/console/assets/dashboard.js").text
    chart = kpi_desk.api("GET", "/console/assets/vendor/chart.umd.js")
    assert chart.headers["Content-Type"].startswith("application/javascript")
    assert "Chart.js v4" in chart.text[:200] and "sourceMappingURL" not in chart.text
    for missing in ("vendor/chart.js-LICENSE.md", "vendor/app.js", "chart.umd.js"):
        assert kpi_desk.api("GET", f"/console/assets/{missing}").status_code == 404, missing
    assert 'src="/console/assets/vendor/chart.umd.js"' in page.text
    assert 'href="/console/dashboard"' in kpi_desk.api("GET", "/console").text
