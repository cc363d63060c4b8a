"""The KPI dashboard in headless Chromium: a supervisor follows the link from the queues,
picks a period and a breakdown, and reads the journal's figures in the table.
The screenshot lands in var/test-artifacts/dashboard.png."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.desk.records import Author, Inbound, Outgoing
from tests.desk.conftest import add_agent
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    ARTIFACTS,
    By,
    browser,
    ec,
    page,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)


def test_supervisor_reads_the_kpis_by_marketplace(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "sue", "supervisor")
    at = datetime.now(timezone.utc) - timedelta(days=1)
    conversation = journal.record_inbound(Inbound("webhook", "lazada", "b-1", "hi"), now=at).conversation.id
    journal.record_outbound(conversation, [Outgoing("hello!", Author.BOT)], now=at + timedelta(minutes=1))
    journal.record_inbound(Inbound("webhook", "shopee", "b-2", "hi"), now=at)
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=dashboard-link]")))
    page.find_element(By.CSS_SELECTOR, "[data-testid=dashboard-link]").click()
    wait(page, ec.url_contains("/console/dashboard"))
    day = at.date().isoformat()
    assert read(page, f"tr[data-day='{day}'] td[data-kpi=buyers_served]") == "2"
    assert read(page, f"tr[data-day='{day}'] td[data-kpi=reply_rate]") == "50.0 %"
    page.find_element(By.ID, "kpi-by").send_keys("Marketplace")
    assert read(page, f"tr[data-day='{day}'][data-group='shopee'] td[data-kpi=reply_rate]") == "0.0 %"
    assert read(page, f"tr[data-day='{day}'][data-group='lazada'] td[data-kpi=reply_rate]") == "100.0 %"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "dashboard.png"))
    assert severe_browser_errors(page) == []
