"""GET /api/metrics: the KPIs for supervisors and tier-3 agents only, dates checked."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.desk.records import Author, Inbound, Outgoing
from tests.desk.conftest import add_agent


@pytest.fixture
def kpi_desk(make_desk, fake_rasa, journal):
    for username, role in (("sue", "supervisor"), ("tom", "tier3"), ("ann", "tier1"), ("tia", "trainer")):
        add_agent(journal, username, role)
    return make_desk(fake_rasa.url)


def test_only_supervisors_and_tier3_see_the_kpis(kpi_desk):
    path = "/api/metrics?from=2026-03-02&to=2026-03-03"
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
    ],
)
def test_bad_dates_and_breakdowns_are_400(kpi_desk, query):
    reply = kpi_desk.api("GET", f"/api/metrics?{query}", kpi_desk.login("sue"))
    assert reply.status_code == 400
    assert reply.json()["error"]


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


def test_the_dashboard_page_and_its_assets_are_served(kpi_desk):
    page = kpi_desk.api("GET", "/console/dashboard")
    assert page.status_code == 200 and 'id="kpi-table"' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in ("dashboard.js", "dashboard.css", "common.js"):
        assert kpi_desk.api("GET", f"/console/assets/{asset}").status_code == 200, asset
    assert "/api/metrics" in kpi_desk.api("GET", "/console/assets/dashboard.js").text
    assert 'href="/console/dashboard"' in kpi_desk.api("GET", "/console").text
