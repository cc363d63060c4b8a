"""The agent console in a real headless Chromium, against the real desk (Redis,
SQLite journal and orders; Rasa faked at the edge, see conftest.py).

An agent who reads Chinese signs in, sees a Thai buyer's chat arrive live in the
queue with its SLA counting down, claims it, answers with a reply template (the
Thai text, found by its Chinese title), tags it, leaves a note and hands it back
to the bot. Every step is checked on the page and through the API.

The browser is Debian's chromium and chromedriver at fixed paths (installed by
scripts/install-browser.sh); Selenium Manager is never consulted, so nothing is
downloaded. The screenshot lands in var/test-artifacts/console.png.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
import requests

from bot import PROJECT_ROOT
from bot.commerce.importer import import_orders, import_tracking
from bot.desk.console import PAGES
from tests.desk.browser import (  # noqa: F401 - helpers the other browser tests import from here
    ARTIFACTS,
    WAIT_S,
    By,
    ec,
    read,
    severe_browser_errors,
    sign_in,
    text_of,
    wait,
)
from tests.desk.conftest import add_agent, always_open, shop_link

SCREENSHOT = ARTIFACTS / "console.png"
ORDERS = PROJECT_ROOT / "tests" / "e2e" / "data"
WEBHOOK_SECRET = "browser-test-secret"
BUYER, MARKETPLACE = "e2e-th-1", "lazada"
NOTE = "Buyer waited long; offered a coupon if the parcel is late."
ORDER = "[data-testid=order]"


@pytest.fixture
def shop_desk(make_desk, fake_rasa, journal):
    """A desk open around the clock, whose web chat trusts the shop's signed buyers,
    with the e2e buyer's orders and tracking in its database."""
    running = make_desk(fake_rasa.url, webhook_secret=WEBHOOK_SECRET)
    import_orders(journal.engine, ORDERS / "orders.jsonl")
    import_tracking(journal.engine, ORDERS / "tracking.jsonl")
    return running


def buyer_says(desk, text: str) -> list:
    reply = desk.chat(BUYER, text, shop_link(WEBHOOK_SECRET, MARKETPLACE, BUYER))
    assert reply.status_code == 200, reply.text
    return reply.json()["messages"]


def test_agent_claims_replies_with_a_template_tags_and_hands_back(
    page, shop_desk, journal, fake_rasa, capsys
):
    driver, desk = page, shop_desk
    agent = add_agent(journal, "mei", "tier2", language="zh")
    token = desk.login("mei")

    # Signed in, the queues are live (server-sent events) before anything is waiting.
    sign_in(driver, desk, "mei")
    wait(driver, ec.text_to_be_present_in_element((By.ID, "whoami"), "tier2"))
    assert "Chinese" in text_of(driver, "whoami")
    wait(driver, lambda d: d.find_element(By.ID, "connection").get_attribute("data-mode") == "live")
    assert driver.execute_script("return Object.keys(window.localStorage)") == ["kefu.token"]

    # A Thai buyer asks for a person: the chat appears in tier 1 without a reload.
    replies = buyer_says(desk, "รอนานมากค่ะ ขอคุยกับเจ้าหน้าที่")
    assert replies and replies[0]["text"] == "แอดมินขอส่งต่อ"
    queued = desk.api("GET", "/api/queues", token).json()["tiers"]
    [item] = [i for t in queued if t["tier"] == 1 for i in t["conversations"]]
    conversation_id = item["conversation_id"]
    selector = f"[data-testid=tier-1] [data-testid=queue-item][data-conversation-id='{conversation_id}']"
    entry = read(driver, selector)
    # The handoff reason in words, not its code (human_handoff).
    assert BUYER in entry and "TH" in entry and "Asked for a person" in entry

    # The SLA counts down in the browser, in minutes and seconds, not yet breached.
    sla = f"{selector} [data-testid=sla]"
    first = read(driver, sla)
    assert re.fullmatch(r"[45]:\d\d", first), first
    wait(driver, lambda d: read(d, sla) != first, timeout=3, message="the SLA countdown does not tick")
    assert "breached" not in read(driver, sla, "class")

    # The conversation: transcript with the buyer's language and intent, orders with tracking.
    wait(driver, ec.element_to_be_clickable((By.CSS_SELECTOR, selector))).click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "queued"))
    from_buyer = "[data-testid=message][data-author=buyer]"
    assert "รอนานมากค่ะ" in read(driver, from_buyer)
    assert read(driver, f"{from_buyer} [data-testid=message-language]").startswith("TH")
    assert read(driver, f"{from_buyer} [data-testid=message-intent]") == "read as: Talk to a person"
    assert read(driver, f"{from_buyer} [data-testid=message-intent]", "title") == "human_handoff"
    orders = {o.get_attribute("data-order-number") for o in driver.find_elements(By.CSS_SELECTOR, ORDER)}
    assert orders >= {"7000000002", "7000000003"}
    tracking = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "[data-testid=tracking-number]")]
    assert "KER000000003TH" in tracking
    assert read(driver, "#reply-send", "disabled") == "true", "no reply before claiming"

    # Claim: the agent holds it, the bot is paused.
    driver.find_element(By.ID, "claim").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "assigned"))
    assert "held by you" in text_of(driver, "conversation-agent")
    held = desk.api("GET", f"/api/conversations/{conversation_id}", token).json()["conversation"]
    assert held["status"] == "assigned" and held["agent_id"] == agent.id
    assert fake_rasa.tracker(f"{MARKETPLACE}:{BUYER}").paused is True

    # A template found by its Chinese title, inserted in Thai into the reply box.
    driver.find_element(By.ID, "template-search").send_keys("问候")
    wait(driver, lambda d: read(d, "#template-results", "data-query") == "问候")
    greet = "[data-testid=template][data-name=agent_greet]"
    assert read(driver, greet).startswith("问候")
    wait(driver, ec.element_to_be_clickable((By.CSS_SELECTOR, greet))).click()
    greeting = read(driver, "#reply-text", "value")
    assert greeting.startswith("สวัสดีค่ะ") and "{" not in greeting
    driver.find_element(By.ID, "reply-send").click()
    sent = "[data-testid=message][data-author='agent:mei'] [data-testid=message-text]"
    assert read(driver, sent) == greeting
    wait(driver, lambda d: read(d, "#reply-text", "value") == "")

    # Tags (green refund, yellow reshipped) and an internal note.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=tag-green]").click()
    read(driver, "[data-testid=tag-chip][data-tag=green]")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=tag-yellow]").click()
    read(driver, "[data-testid=tag-chip][data-tag=yellow]")
    driver.find_element(By.ID, "note-text").send_keys(NOTE)
    driver.find_element(By.ID, "note-add").click()
    assert NOTE in read(driver, "[data-testid=note]")

    detail = desk.api("GET", f"/api/conversations/{conversation_id}", token).json()
    assert sorted(detail["conversation"]["tags"]) == ["green", "yellow"]
    assert [n["text"] for n in detail["notes"]] == [NOTE]
    agent_messages = [m for m in detail["messages"] if m["author"] == "agent:mei"]
    assert [m["text"] for m in agent_messages] == [greeting]
    assert agent_messages[0]["language"] == "th"
    assert_in_rasa_tracker(desk, fake_rasa, greeting, agent)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(SCREENSHOT))
    with capsys.disabled():
        print(f"\nconsole screenshot: {SCREENSHOT}")

    # Hand back: the bot has the chat again, it leaves the queue.
    driver.find_element(By.ID, "handback").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "bot"))
    assert read(driver, "#reply-send", "disabled") == "true"
    back = desk.api("GET", f"/api/conversations/{conversation_id}", token).json()["conversation"]
    assert back["status"] == "bot"
    assert fake_rasa.tracker(f"{MARKETPLACE}:{BUYER}").paused is False
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, selector), message="still in the queue")
    assert severe_browser_errors(driver) == []


def assert_in_rasa_tracker(desk, fake_rasa, text: str, agent) -> None:
    """The agent's reply is in the bot's tracker too, marked as the agent's."""

    def copies():
        events = fake_rasa.tracker(f"{MARKETPLACE}:{BUYER}").events
        return [e for e in events if e.get("event") == "bot" and e.get("text") == text]

    [event] = desk.wait_until(copies)
    assert (event.get("metadata") or {}).get("agent_id") in (agent.id, str(agent.id), agent.username)


def test_breached_sla_is_red_and_counts_up(page, make_desk, fake_rasa, journal):
    """First response due within a second: the sweep moves the chat up tier by tier, flagged
    breached; in tier 3 it stays and the overdue time counts up, in red."""
    desk = make_desk(fake_rasa.url, config=always_open(minutes=1 / 60, sweep=0.2))
    add_agent(journal, "ana", "supervisor", language="es")
    sign_in(page, desk, "ana")
    wait(page, ec.text_to_be_present_in_element((By.ID, "whoami"), "supervisor"))
    wait(page, lambda d: d.find_element(By.ID, "connection").get_attribute("data-mode") == "live")
    desk.chat("web-buyer-7", "please, a person")
    selector = "[data-testid=tier-3] [data-testid=queue-item] [data-testid=sla].breached"

    def overdue_text(driver):
        """The red countdown's text once it shows time past the deadline (re-read: the list re-renders)."""
        found = driver.find_elements(By.CSS_SELECTOR, selector)
        text = found[0].text if found else ""
        return text if re.fullmatch(r"Breached −\d+:\d\d", text) else None

    before = wait(page, overdue_text, timeout=WAIT_S, message="no overdue item in tier 3")
    background = "background-color"
    red = "rgba(179, 38, 30, 1)"
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, selector).value_of_css_property(background) == red)
    wait(page, lambda d: overdue_text(d) not in (None, before), timeout=3, message="the time stands still")
    assert "1 breached" in page.find_element(By.CSS_SELECTOR, "[data-testid=tier-3] h3").text


def test_without_server_sent_events_the_queues_are_polled(page, make_desk, fake_rasa, journal):
    """A browser (or proxy) without EventSource: the console polls /api/queues every 5 s."""
    desk = make_desk(fake_rasa.url)
    add_agent(journal, "sam", "tier1")
    script = page.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": "delete window.EventSource;"}
    )
    try:
        sign_in(page, desk, "sam")
        wait(page, lambda d: read(d, "#connection", "data-mode") == "polling")
        desk.chat("web-buyer-9", "please, a person")
        item = "[data-testid=tier-1] [data-testid=queue-item]"
        assert desk.chat_session("web-buyer-9")["buyer_id"] in read(page, item, timeout=8)
    finally:
        page.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def test_wrong_password_is_refused_on_the_page(page, make_desk, fake_rasa, journal):
    desk = make_desk(fake_rasa.url)
    add_agent(journal, "li", "tier1")
    sign_in(page, desk, "li", password="not the password")
    error = wait(page, ec.visibility_of_element_located((By.ID, "login-error")))
    assert error.text == "Wrong username or password."
    assert page.current_url.endswith("/console/login")
    assert page.execute_script("return window.localStorage.getItem('kefu.token')") is None
    # Without a token the console sends the browser to the login page.
    page.get(f"{desk.url}/console")
    wait(page, ec.url_contains("/console/login"))


def test_console_pages_forbid_outside_resources(make_desk, fake_rasa):
    desk = make_desk(fake_rasa.url)
    for path in ("/console", "/console/login", "/console/assets/app.js", "/console/assets/style.css"):
        reply = requests.get(f"{desk.url}{path}", timeout=10)
        assert reply.status_code == 200, path
        policy = reply.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert requests.get(f"{desk.url}/console/assets/__init__.py", timeout=10).status_code == 404
    page = requests.get(f"{desk.url}/console", timeout=10).text
    assert "http://" not in page and "https://" not in page


def test_no_console_page_can_be_framed_by_another_site(make_desk, fake_rasa):
    """Clickjacking: a site framing the console under its own buttons. Browsers that predate
    CSP's frame-ancestors read only X-Frame-Options (the web chat sends it too). And once
    seen over HTTPS, the console is never asked for over plain HTTP again (HSTS)."""
    desk = make_desk(fake_rasa.url)
    paths = ["/console"] + [f"/console/{name.replace('_', '-')}" for name in PAGES if name != "console"]
    for path in paths:
        reply = requests.get(f"{desk.url}{path}", timeout=10)
        assert reply.status_code == 200, path
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"], path
        assert reply.headers.get("X-Frame-Options") == "DENY", path
        assert reply.headers.get("Strict-Transport-Security") == "max-age=31536000", path


def test_the_web_chat_page_gets_its_own_session_and_cannot_take_another(page, make_desk, fake_rasa):
    """A visitor's page gets a session from the desk and talks with it; naming another
    visitor's id in the URL (/chat?buyer_id=...) shows none of that visitor's chat."""
    desk = make_desk(fake_rasa.url)
    page.get_log("browser")  # what earlier tests' pages logged is theirs
    alice = desk.chat_session("alice")["buyer_id"]
    desk.chat("alice", "my secret is 4242")
    page.get(f"{desk.url}/chat?buyer_id={alice}")
    page.find_element(By.ID, "text").send_keys("good evening from the page")
    page.find_element(By.CSS_SELECTOR, "#form button").click()
    wait(page, ec.text_to_be_present_in_element((By.ID, "log"), "bot heard: good evening from the page"))
    wait(page, lambda d: len(fake_rasa.received) == 2)
    assert fake_rasa.received[-1]["sender"].startswith("web:v-")
    assert fake_rasa.received[-1]["sender"] != f"web:{alice}"
    page.refresh()  # the page keeps its session: the visitor's own chat comes back, nobody else's
    wait(page, ec.text_to_be_present_in_element((By.ID, "log"), "bot heard: good evening from the page"))
    assert "4242" not in page.find_element(By.ID, "log").text
    # Both sides of it: the visitor's own words came back too (only the replies did).
    bubbles = [b.text for b in page.find_elements(By.CSS_SELECTOR, "#log .msg.buyer")]
    assert bubbles == ["good evening from the page"]
    assert not severe_browser_errors(page)


def test_a_signed_in_buyers_chat_is_not_left_to_the_next_visitor(page, make_desk, fake_rasa):
    """On a shared browser: a shop's signed-in buyer chats, then someone opens the plain
    chat page. They get a visitor session of their own, not the buyer's chat."""
    desk = make_desk(fake_rasa.url, webhook_secret=WEBHOOK_SECRET)
    page.get_log("browser")
    link = urlencode(shop_link(WEBHOOK_SECRET, "lazada", "shared-pc-buyer"))
    page.get(f"{desk.url}/chat?opened_from=order_page#{link}")  # the fragment never reaches a server
    page.find_element(By.ID, "text").send_keys("my order 5566 to my home")
    page.find_element(By.CSS_SELECTOR, "#form button").click()
    wait(page, ec.text_to_be_present_in_element((By.ID, "log"), "bot heard: my order 5566 to my home"))
    assert fake_rasa.received[-1]["sender"] == "lazada:shared-pc-buyer"
    # Read once and taken out of the address bar: not bookmarked, shared or left in the history.
    assert page.current_url == f"{desk.url}/chat?opened_from=order_page"
    page.get(f"{desk.url}/chat")
    page.find_element(By.ID, "text").send_keys("good day, first time here")
    page.find_element(By.CSS_SELECTOR, "#form button").click()
    wait(page, ec.text_to_be_present_in_element((By.ID, "log"), "bot heard: good day, first time here"))
    assert fake_rasa.received[-1]["sender"].startswith("web:v-")
    page.refresh()  # polled from the start: still none of the signed-in buyer's chat
    wait(page, ec.text_to_be_present_in_element((By.ID, "log"), "bot heard: good day, first time here"))
    assert "5566" not in page.find_element(By.ID, "log").text
    assert not severe_browser_errors(page)
