"""Dates and times on the console's pages, one way (a review, 2026-12-07): they were ISO
strings on some pages, the browser's locale ("12/7/2026, 4:05:00 PM") on others and
"Dec 7, 04:05 PM" in the chat; now "7 Dec 16:05" everywhere, with the year when it is not
this year, through one helper (Kefu.when in common.js)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from bot.desk.model_history import ModelHistory
from tests.desk.conftest import add_agent
from tests.desk.test_console_browser import (  # noqa: F401 - fixtures
    read,
    severe_browser_errors,
    sign_in,
    wait,
)

# "7 Dec 16:05", "7 Dec 2025 16:05"
DATE_TIME = re.compile(r"\d{1,2} [A-Z][a-z]{2}( \d{4})? \d{2}:\d{2}")
YEAR = datetime.now().year
DAY = r"\d{1,2} [A-Z][a-z]{2}( \d{4})?"  # "7 Dec", "7 Dec 2025"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Every chart's labels, the labels on each of its axes as drawn, and the title of its tooltip
# on the first point, read from the chart objects (Chart.js).
CHART_TEXTS = """
return [...document.querySelectorAll("canvas")].map((canvas) => Chart.getChart(canvas)).filter(Boolean)
  .map((chart) => {
    const axes = Object.fromEntries(Object.entries(chart.scales).map(([id, scale]) =>
      [id, scale.ticks.map((tick) => String(tick.label))]));
    let tooltip = [];
    if (chart.data.labels.length) {
      chart.tooltip.setActiveElements([{ datasetIndex: 0, index: 0 }], { x: 0, y: 0 });
      chart.update();
      tooltip = (chart.tooltip.title || []).map(String);
    }
    return { id: chart.canvas.id, labels: chart.data.labels.map(String), axes, tooltip };
  });
"""


def test_the_helper_writes_every_date_time_one_way(page, make_desk, fake_rasa):  # noqa: F811
    desk = make_desk(fake_rasa.url)
    page.get(f"{desk.url}/console/login")
    wait(page, lambda d: d.execute_script("return typeof Kefu === 'object'"), message="common.js")
    when = lambda *args: page.execute_script("return Kefu.when(...arguments)", *args)  # noqa: E731
    assert when("2025-03-04T05:06:00Z", "UTC") == "4 Mar 2025 05:06"
    assert when("2025-03-04T23:06:00Z", "Asia/Bangkok") == "5 Mar 2025 06:06"
    assert when(f"{YEAR}-12-07T00:05:00Z", "UTC") == "7 Dec 00:05"  # this year's: no year
    assert when(f"{YEAR}-01-31", None) == "31 Jan"  # a day alone
    assert when("2024-01-31", None) == "31 Jan 2024"
    assert when(None, None) == ""


def test_every_page_shows_dates_the_same_way(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url)
    sue = desk.login("sue")
    assert desk.chat("v-shop", "a person please").status_code == 200
    chat = journal.open_conversation(desk.sender("v-shop")).id
    label = {"language": "en", "text": "where is my parcel now", "intent": "track_order"}
    assert desk.api("POST", "/api/trainer/label", sue, json=label).status_code == 201
    saved = {"document": {"default_language": "en", "marketplaces": {"default": {"welcome": "Hi!"}}}}
    assert desk.api("PUT", "/api/seller/auto-replies", sue, json=saved).status_code == 200
    long_ago = datetime.now(timezone.utc) - timedelta(days=400)
    ModelHistory(journal.engine).start("sue", long_ago)

    sign_in(page, desk, "sue")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), message="console")
    page.get(f"{desk.url}/console#conversation={chat}")
    said_at = read(page, "[data-testid=message] time")
    assert DATE_TIME.fullmatch(said_at), said_at

    page.get(f"{desk.url}/console/auto-replies")
    wait(page, ec.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=ar-saved]"), "saved by sue"))
    stamp = read(page, "[data-testid=ar-saved]").split(" at ", 1)[1]
    assert DATE_TIME.fullmatch(stamp), stamp

    page.get(f"{desk.url}/console/models")
    started = read(page, "[data-testid=model-history] tbody tr td:nth-child(2)")
    assert DATE_TIME.fullmatch(started) and f" {long_ago.year} " in started, started

    page.get(f"{desk.url}/console/trainer")
    by = read(page, "[data-testid=recent-label] td:nth-child(3)")
    assert by.startswith("sue, ") and DATE_TIME.fullmatch(by.removeprefix("sue, ")), by

    page.get(f"{desk.url}/console/dashboard")
    day = read(page, "#kpi-body tr td[data-kpi=day]")
    assert re.fullmatch(DAY, day), day
    # The charts too: the trend's day axis and its tooltips said 2026-12-07.
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"), message="charts")
    charts = page.execute_script(CHART_TEXTS)
    days = next(chart for chart in charts if chart["id"] == "chart-trend")
    assert days["axes"]["x"] and all(re.fullmatch(DAY, label) for label in days["axes"]["x"]), days
    assert day in days["labels"] and days["tooltip"] and re.fullmatch(DAY, days["tooltip"][0]), days
    shown = [
        text
        for chart in charts
        for text in [*chart["labels"], *chart["tooltip"], *sum(chart["axes"].values(), [])]
    ]
    assert [text for text in shown if ISO_DAY.search(text)] == []
    assert severe_browser_errors(page) == []
