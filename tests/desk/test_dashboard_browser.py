"""The KPI dashboard in headless Chromium: a supervisor follows the link from the queues,
picks a period and a breakdown, and reads the journal's figures in the table.
The screenshot lands in var/test-artifacts/dashboard.png. Then the charts (Chart.js,
shipped with the console) drawn from a seeded day, each canvas painted, no console error,
and a screenshot in pytest's tmp dir."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.commerce.models import AfterSalesCase, Order
from bot.commerce.schema import ensure_schema
from bot.desk.records import Author, Inbound, NluResult, Outgoing
from bot.seller.desk import parse_desk_config
from tests.desk.conftest import add_agent
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    ARTIFACTS,
    By,
    ec,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)
from tests.metrics.conftest import Seeder


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
    # Both chats are the bot's and neither is resolved.
    assert read(page, f"tr[data-day='{day}'] td[data-kpi=bot_unresolved]") == "2"
    headers = [th.get_attribute("textContent") for th in page.find_elements(By.CSS_SELECTOR, "#kpi-head th")]
    assert "Bot unresolved" in headers
    page.find_element(By.ID, "kpi-by").send_keys("Marketplace")
    assert read(page, f"tr[data-day='{day}'][data-group='shopee'] td[data-kpi=reply_rate]") == "0.0 %"
    assert read(page, f"tr[data-day='{day}'][data-group='lazada'] td[data-kpi=reply_rate]") == "100.0 %"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "dashboard.png"))
    assert severe_browser_errors(page) == []


CHARTS = ("chart-trend", "chart-language", "chart-tier", "chart-intents", "chart-quality", "chart-csat")
# Each chart's labels and first data set, and whether its canvas has any painted pixel.
CHART_STATE = """
return arguments[0].map((id) => {
  const canvas = document.getElementById(id);
  const chart = Chart.getChart(canvas);
  if (!chart) return { id, drawn: false };
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = false;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) { painted = true; break; }
  return { id, drawn: true, painted, width: canvas.width, labels: chart.data.labels.map(String),
           first: chart.data.datasets[0].data };
});
"""


def _seed_a_day_of_work(journal, supervisor) -> str:
    """Yesterday: three buyers (two refunds, one greeting), the Thai one escalated to tier 2,
    answered and resolved by the supervisor and rated 5; one red-tagged damaged case."""
    ensure_schema(journal.engine)
    seeder = Seeder(journal.engine)
    at = datetime.now(timezone.utc).replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(days=1)
    conversations = {}
    for buyer, intent, language in (("b-1", "refund", "en"), ("b-2", "refund", "th"), ("b-3", "greet", "en")):
        conversations[buyer] = seeder.says(buyer, at, language=language)
        message = journal.messages(conversations[buyer])[-1]
        journal.update_nlu(message.id, NluResult(language=language, intent=intent))
        seeder.answers(conversations[buyer], at + timedelta(minutes=1))
    thai = conversations["b-2"]
    seeder.escalates(thai, at + timedelta(minutes=2), tier=2)
    assert journal.mark_assigned(thai, supervisor.id, now=at + timedelta(minutes=3))
    seeder.answers(thai, at + timedelta(minutes=4), by=Author.AGENT, agent=supervisor)
    assert journal.mark_resolved(thai, supervisor.id, now=at + timedelta(minutes=5))
    assert seeder.says("b-2", at + timedelta(minutes=6), language="th", rating=5) == thai
    seeder.order("lazada", "b-1", at, "R-1", (1, "9.90"))
    with Session(journal.engine) as s, s.begin():
        order = s.query(Order).filter_by(order_number="R-1").one()
        times = {"created_at": at, "updated_at": at}
        s.add(AfterSalesCase(order_id=order.id, kind="damaged", status="open", tag="red", **times))
    return at.date().isoformat()


def test_the_dashboard_draws_its_charts(page, make_desk, fake_rasa, journal, tmp_path):  # noqa: F811
    supervisor = add_agent(journal, "sue", "supervisor")
    day = _seed_a_day_of_work(journal, supervisor)
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=dashboard-link]")))
    page.get(f"{desk.url}/console/dashboard")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"), message="no charts")
    state = {chart["id"]: chart for chart in page.execute_script(CHART_STATE, list(CHARTS))}
    for chart_id in CHARTS:
        assert state[chart_id]["drawn"] and state[chart_id]["painted"], chart_id
        assert state[chart_id]["width"] > 0, chart_id
    drawn = {chart_id: (chart["labels"], chart["first"]) for chart_id, chart in state.items()}
    labels, buyers = drawn["chart-trend"]
    yesterday = date.fromisoformat(day)  # named on the axis as every date in the console: "7 Dec"
    shown = f"{yesterday.day} {yesterday:%b}" + (
        "" if yesterday.year == date.today().year else f" {yesterday.year}"
    )
    assert buyers[labels.index(shown)] == 3  # buyers served yesterday
    # Intents in the catalogue's words ("greet"); a code it has none for as it is.
    assert drawn["chart-intents"] == (["refund", "Hello"], [2, 1])
    assert drawn["chart-language"] == (["en", "th"], [2, 1])  # messages received (a rating is none)
    assert drawn["chart-tier"] == (["Bot only", "Tier 2"], [2, 1])
    assert drawn["chart-quality"] == (["thing (S0)"], [1])
    assert drawn["chart-csat"] == (["1 ★", "2 ★", "3 ★", "4 ★", "5 ★"], [0, 0, 0, 0, 1])
    # One rating is not a score: the table says how many rated.
    assert read(page, f"tr[data-day='{day}'] td[data-kpi=csat_avg]") == "5 (1 rated)"
    assert read(page, "#queue-body tr[data-tier='1'] td[data-queue=waiting]") == "0"
    assert read(page, "#queue-body tr[data-tier='1'] td[data-queue=held_late]") == "0"
    shot = tmp_path / "dashboard-charts.png"
    page.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    assert severe_browser_errors(page) == []


def test_the_default_period_ends_on_the_sellers_today_and_a_quick_answer_shows_seconds(
    page,  # noqa: F811
    make_desk,
    fake_rasa,
    journal,
):
    # A seller whose date is not UTC's right now: 14 h ahead after UTC noon, 12 h behind before.
    now = datetime.now(timezone.utc)
    zone = "Pacific/Kiritimati" if now.hour >= 12 else "Etc/GMT+12"
    today = now.astimezone(ZoneInfo(zone)).date()
    assert today != now.date()
    supervisor = add_agent(journal, "sue", "supervisor")
    seeder = Seeder(journal.engine)
    chat = seeder.says("b-1", now)
    seeder.escalates(chat, now, tier=1)
    assert journal.mark_assigned(chat, supervisor.id, now=now + timedelta(seconds=10))
    seeder.answers(chat, now + timedelta(seconds=20), by=Author.AGENT, agent=supervisor)
    desk = make_desk(fake_rasa.url, config=parse_desk_config({"time_zone": zone}))
    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=dashboard-link]")))
    page.get(f"{desk.url}/console/dashboard")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"), message="no table")
    period = [page.find_element(By.ID, name).get_attribute("value") for name in ("kpi-from", "kpi-to")]
    assert period == [(today - timedelta(days=6)).isoformat(), today.isoformat()]
    # Answered 20 s after it was queued: not "0 min".
    assert read(page, f"tr[data-day='{today.isoformat()}'] td[data-kpi=first_response_avg_s]") == "20 s"
    assert severe_browser_errors(page) == []


def test_the_seller_reads_the_totals_of_today_the_last_7_and_30_days(page, make_desk, fake_rasa, journal):  # noqa: F811
    """The dashboard had a row per day and no totals: the seller added up chats, handoffs and
    ratings by hand for 'this week', per marketplace. Now a table of the period's totals, for
    all chats and each marketplace, follows the period picked or the quick buttons."""
    supervisor = add_agent(journal, "sue", "supervisor")
    seeder = Seeder(journal.engine)
    now = datetime.now(timezone.utc)
    two_days_ago, ten_days_ago = now - timedelta(days=2), now - timedelta(days=10)
    settled = seeder.says("b-1", two_days_ago)
    seeder.answers(settled, two_days_ago + timedelta(minutes=1))
    assert journal.mark_resolved(settled, None, now=two_days_ago + timedelta(minutes=2))
    handed = seeder.says("b-2", two_days_ago, market="shopee")
    seeder.escalates(handed, two_days_ago, tier=1)
    assert journal.mark_assigned(handed, supervisor.id, now=two_days_ago + timedelta(seconds=30))
    seeder.answers(handed, two_days_ago + timedelta(seconds=45), by=Author.AGENT, agent=supervisor)
    seeder.says("b-1", two_days_ago + timedelta(minutes=3), rating=5)
    assert journal.mark_resolved(handed, supervisor.id, now=two_days_ago + timedelta(minutes=4))
    seeder.says("b-2", two_days_ago + timedelta(minutes=5), market="shopee", rating=1)
    seeder.says("b-3", ten_days_ago)
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=dashboard-link]")))
    page.get(f"{desk.url}/console/dashboard")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"), message="no totals")
    total = "#kpi-totals tr[data-group='{}'] td[data-kpi={}]"
    # The default period is the last 7 days.
    assert read(page, total.format("all", "conversations")) == "2"
    assert read(page, total.format("all", "bot_contained")) == "1 (50.0 %)"
    assert read(page, total.format("all", "escalated")) == "1 (50.0 %)"
    assert read(page, total.format("all", "first_response_avg_s")) == "45 s"
    assert read(page, total.format("lazada", "bot_contained")) == "1 (100.0 %)"
    assert read(page, total.format("shopee", "escalated")) == "1 (100.0 %)"
    # The ratings: an average, how many rated, and how many were poor (1 or 2).
    assert read(page, total.format("all", "csat_avg")) == "3 (2 rated)"
    assert read(page, total.format("shopee", "csat_distribution")) == "1"
    assert read(page, total.format("lazada", "csat_distribution")) == "0"
    for button, chats in (("period-30", "3"), ("period-today", "0"), ("period-7", "2")):
        drawn = page.find_element(By.TAG_NAME, "body").get_attribute("data-drawn")
        page.find_element(By.CSS_SELECTOR, f"[data-testid={button}]").click()
        wait(
            page,
            lambda d, before=drawn: d.find_element(By.TAG_NAME, "body").get_attribute("data-drawn") != before,
        )
        assert read(page, total.format("all", "conversations")) == chats, button
    assert read(page, "[data-testid=totals-period]").endswith(")")
    assert severe_browser_errors(page) == []


def test_the_dashboard_names_the_settings_still_holding_kefus_examples(
    page,  # noqa: F811
    make_desk,
    fake_rasa,
    journal,
    tmp_path,
):
    """seller/shop.yml ships example delivery days per country, which buyers are given as their
    parcel's dates: nothing told the seller they were Kefu's figures and not theirs."""
    from tests.seller.test_examples import copy_of

    add_agent(journal, "sue", "supervisor")
    own_hours = copy_of(
        tmp_path, "desk.yml", time_zone="Asia/Bangkok", working_hours={"mon-sun": "08:00-22:00"}
    )
    desk = make_desk(fake_rasa.url, desk_config=own_hours)
    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=dashboard-link]")))
    page.get(f"{desk.url}/console/dashboard")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-drawn"), message="no page")
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=unset-settings]").is_displayed()
    listed = [
        li.get_attribute("data-setting") for li in page.find_elements(By.CSS_SELECTOR, "#unset-list li")
    ]
    assert listed == [
        "delivery_days", "customs_goodwill_coupon", "refund_days", "pickup_hold_days", "carrier_check_days",
        "refused_duty_refund",
        "returns",
    ]  # fmt: skip
    assert "shop.yml: delivery_days" in read(page, "#unset-list li[data-setting=delivery_days]")
    assert severe_browser_errors(page) == []
