"""GET /api/kpi.csv and the dashboard's "Download CSV": the KPIs per seller day as a file a
spreadsheet opens, for supervisors and tier-3 agents only, a group's name never a formula."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import requests

from bot.desk.records import Author, Inbound, Outgoing
from tests.desk.conftest import add_agent
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    By,
    sign_in,
    wait,
)
from tests.desk.test_metrics_api import kpi_desk  # noqa: F401 - the fixture


def _seed_one_day(journal) -> None:
    at = datetime(2026, 3, 2, 10, tzinfo=timezone.utc)
    conversation = journal.record_inbound(Inbound("webhook", "lazada", "b-9", "hi"), now=at).conversation.id
    journal.record_outbound(conversation, [Outgoing("hello!", Author.BOT)], now=at)
    journal.record_inbound(Inbound("webhook", "=HYPERLINK(1)", "b-8", "hi"), now=at)


def test_the_csv_has_a_row_per_day_and_group_and_every_figure(kpi_desk, journal):  # noqa: F811
    _seed_one_day(journal)
    path = "/api/kpi.csv?from=2026-03-02&to=2026-03-03&by=marketplace"
    reply = kpi_desk.api("GET", path, kpi_desk.login("sue"))
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/csv")
    name = 'filename="kefu-kpi-2026-03-02-to-2026-03-03-by-marketplace.csv"'
    assert name in reply.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    lazada = next(row for row in rows if row["day"] == "2026-03-02" and row["group"] == "lazada")
    assert (lazada["buyers_served"], lazada["messages_received"], lazada["reply_rate"]) == ("1", "1", "1.0")
    assert "csat_5" in lazada  # nested figures flattened into columns
    # A marketplace name from a webhook is data, not a formula for the seller's spreadsheet.
    assert any(row["group"] == "'=HYPERLINK(1)" for row in rows)
    same = kpi_desk.api("GET", "/api/kpi?from=2026-03-02&to=2026-03-03&by=marketplace", kpi_desk.login("sue"))
    day = next(d for d in same.json()["days"] if d["day"] == "2026-03-02" and d["group"] == "lazada")
    assert int(lazada["buyers_served"]) == day["buyers_served"]


def test_the_csv_is_for_supervisors_and_tier3_and_checks_its_dates(kpi_desk):  # noqa: F811
    path = "/api/kpi.csv?from=2026-03-02&to=2026-03-03"
    assert kpi_desk.api("GET", path).status_code == 401
    assert kpi_desk.api("GET", path, kpi_desk.login("ann")).status_code == 403
    assert kpi_desk.api("GET", path, kpi_desk.login("tom")).status_code == 200
    for bad in ("from=2026-03-04&to=2026-03-03", "from=2026-03-02&to=2026-03-03&by=colour", ""):
        reply = kpi_desk.api("GET", f"/api/kpi.csv?{bad}", kpi_desk.login("sue"))
        assert reply.status_code == 400
        assert reply.json()["error"]


def test_download_csv_follows_the_dashboards_fields(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "sue", "supervisor")
    _seed_one_day(journal)
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=dashboard-link]"))
    page.get(f"{desk.url}/console/dashboard")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"))
    page.execute_script(
        "document.getElementById('kpi-from').value = '2026-03-02';"
        "document.getElementById('kpi-to').value = '2026-03-02';"
        "document.getElementById('kpi-by').value = 'language';"
        # Stay on the page: the test reads where the link points, then fetches it as the browser would.
        "document.getElementById('kpi-csv').addEventListener('click', (e) => e.preventDefault());"
    )
    page.find_element(By.CSS_SELECTOR, "[data-testid=kpi-csv]").click()
    href = page.find_element(By.CSS_SELECTOR, "[data-testid=kpi-csv]").get_attribute("href")
    assert href == f"{desk.url}/api/kpi.csv?from=2026-03-02&to=2026-03-02&by=language"
    cookies = {c["name"]: c["value"] for c in page.get_cookies()}
    reply = requests.get(href, cookies=cookies, timeout=10)  # the session cookie is all it takes
    assert reply.status_code == 200, reply.text
    assert list(csv.DictReader(io.StringIO(reply.text)))[0]["day"] == "2026-03-02"
