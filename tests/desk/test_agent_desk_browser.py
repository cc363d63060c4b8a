"""The agent's daily basics in a real headless Chromium against the real desk: the
pre-sale and after-sale queues, the queue filtered by the bot's red case tag, my chats
surviving a reload, history search, and a transfer to a colleague with a note that the
colleague finds in their own "my chats". The screenshot lands in pytest's tmp dir."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from bot.commerce.repository import CommerceRepository
from bot.commerce.views import BuyerRef
from tests.desk.conftest import add_agent, shop_link
from tests.desk.test_console_browser import (  # noqa: F401 - fixtures
    BUYER,
    MARKETPLACE,
    WEBHOOK_SECRET,
    read,
    severe_browser_errors,
    shop_desk,
    sign_in,
    wait,
)

NOTE = "Thai speaker needed; the mug arrived broken"


def items(driver, css: str) -> list:
    return [e.get_attribute("data-conversation-id") for e in driver.find_elements(By.CSS_SELECTOR, css)]


def test_my_chats_history_and_transfer_in_the_console(page, shop_desk, journal, tmp_path):  # noqa: F811
    driver, desk = page, shop_desk
    add_agent(journal, "mei", "tier2", language="zh")
    add_agent(journal, "lin", "tier2", language="th")
    CommerceRepository(journal.engine).open_case(
        BuyerRef(MARKETPLACE, BUYER), "7000000002", "damaged", photos=["https://example.com/a.jpg"], tag="red"
    )
    said = desk.chat(
        BUYER,
        "รอนานมากค่ะ ขอคุยกับเจ้าหน้าที่",
        shop_link(WEBHOOK_SECRET, MARKETPLACE, BUYER),
        opened_from="order_page",
    )
    assert said.status_code == 200, said.text
    after_sale = journal.open_conversation(f"{MARKETPLACE}:{BUYER}").id
    assert desk.chat("v-shop", "a person please", opened_from="product_page").status_code == 200
    pre_sale = journal.open_conversation(desk.sender("v-shop")).id

    # Two queues: pre-sale shown first, after-sale behind the switch, with the bot's red tag.
    sign_in(driver, desk, "mei")
    queue_items = "#tiers [data-testid=queue-item]"
    wait(driver, lambda d: items(d, queue_items) == [pre_sale], message="pre-sale queue")
    assert read(driver, "[data-testid=queue-after_sale] .count") == "(1)"
    driver.find_element(By.CSS_SELECTOR, "[data-testid=queue-after_sale]").click()
    wait(driver, lambda d: items(d, queue_items) == [after_sale], message="after-sale queue")
    assert read(driver, "[data-testid=queue-tag]") == "red"
    driver.find_element(By.CSS_SELECTOR, "[data-testid=tag-filter] option[value=purple]").click()
    wait(driver, lambda d: items(d, queue_items) == [], message="the tag filter")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=tag-filter] option[value=red]").click()
    wait(driver, lambda d: items(d, queue_items) == [after_sale], message="the red filter")

    # Open and claim it: the case tag shows on the conversation, and it is in my chats.
    wait(driver, ec.element_to_be_clickable((By.CSS_SELECTOR, queue_items))).click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "queued"))
    assert read(driver, "[data-testid=case-tag]").startswith("red: damaged · 7000000002")
    driver.find_element(By.ID, "claim").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "assigned"))
    wait(driver, lambda d: items(d, "[data-testid=my-chat]") == [after_sale], message="my chats")

    # A reload keeps my chats (they come from the desk, not the page).
    driver.get(f"{desk.url}/console")
    wait(driver, lambda d: items(d, "[data-testid=my-chat]") == [after_sale], message="my chats after reload")

    # History: by buyer, and by words of the chat.
    driver.find_element(By.ID, "history-buyer").send_keys("e2e-th")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=history-search]").click()
    wait(driver, lambda d: items(d, "[data-testid=history-item]") == [after_sale], message="history by buyer")
    driver.find_element(By.ID, "history-buyer").clear()
    driver.find_element(By.ID, "history-text").send_keys("a person")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=history-search]").click()
    wait(driver, lambda d: items(d, "[data-testid=history-item]") == [pre_sale], message="history by words")
    assert "a person please" in read(driver, "[data-testid=history-item-snippet]")

    # Transfer to a colleague with a note: out of my chats.
    driver.find_element(By.CSS_SELECTOR, "[data-testid=my-chat]").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-agent"), "held by you"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#transfer-to option[value='agent:lin']"))
    driver.find_element(By.CSS_SELECTOR, "#transfer-to option[value='agent:lin']").click()
    driver.find_element(By.ID, "transfer-note").send_keys(NOTE)
    driver.find_element(By.ID, "transfer-send").click()
    wait(driver, lambda d: items(d, "[data-testid=my-chat]") == [], message="transferred away")
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-agent"), "held by lin"))
    assert not severe_browser_errors(driver)

    # The colleague finds it in their own my chats, with the note.
    driver.find_element(By.ID, "logout").click()
    wait(driver, ec.url_contains("/console/login"))
    sign_in(driver, desk, "lin")
    wait(driver, lambda d: items(d, "[data-testid=my-chat]") == [after_sale], message="lin's chats")
    driver.find_element(By.CSS_SELECTOR, "[data-testid=my-chat]").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "notes"), NOTE))
    driver.save_screenshot(str(tmp_path / "agent-desk.png"))
    assert (tmp_path / "agent-desk.png").stat().st_size > 0


def test_a_held_chat_past_its_first_reply_deadline_is_flagged_in_my_chats(
    page,  # noqa: F811
    make_desk,
    fake_rasa,
    journal,
):
    """Claimed and left unanswered past the deadline (the sweep flags it: f3d5f37): the
    agent's own list showed nothing of it."""
    from tests.desk.conftest import always_open

    desk = make_desk(fake_rasa.url, config=always_open(minutes=0.02, sweep=0.1))
    add_agent(journal, "sue", "supervisor")
    desk.chat("v-late", "I want a person")
    desk.chat("v-fine", "I want a person")
    late = journal.open_conversation(desk.sender("v-late")).id
    fine = journal.open_conversation(desk.sender("v-fine")).id
    token = desk.login("sue")
    for cid in (late, fine):
        assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200
    desk.api("POST", f"/api/conversations/{fine}/messages", token, json={"text": "On it!"})
    desk.wait_until(lambda: journal.conversation(late).breached)
    sign_in(page, desk, "sue")
    wait(
        page, lambda d: sorted(items(d, "[data-testid=my-chat]")) == sorted([late, fine]), message="my chats"
    )
    flagged = page.find_elements(By.CSS_SELECTOR, "[data-testid=my-chat]:has([data-testid=my-chat-breached])")
    assert [e.get_attribute("data-conversation-id") for e in flagged] == [late]
    assert read(page, "[data-testid=my-chat-breached]") == "SLA breached"
    assert severe_browser_errors(page) == []


def test_a_supervisor_finds_the_chats_an_agent_holds_and_passes_them_on(
    page,  # noqa: F811
    make_desk,
    fake_rasa,
    journal,
):
    """An agent went to lunch holding two chats: the supervisor's console listed only the
    queues (claimed chats leave them) and their own chats, so the held ones could be found
    only by searching the history buyer by buyer. The supervisor now sees every chat a
    colleague holds, opens one and passes it on; tier-1 agents see neither this list nor
    the links to the KPIs and auto-replies pages they may not use."""
    add_agent(journal, "sue", "supervisor")
    add_agent(journal, "tom", "tier1")
    add_agent(journal, "ann", "tier2")
    desk = make_desk(fake_rasa.url)
    desk.chat("h-1", "I want a person")
    desk.chat("h-2", "I want a person")
    held = [journal.open_conversation(desk.sender(name)).id for name in ("h-1", "h-2")]
    token = desk.login("tom")
    for cid in held:
        assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200
    assert desk.api("GET", "/api/held", token).status_code == 403
    sign_in(page, desk, "tom")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), message="console")
    links = ("dashboard-link", "auto-replies-link", "promos-link", "settings-link", "held-chats")

    def shown(driver) -> list:
        return [driver.find_element(By.CSS_SELECTOR, f"[data-testid={t}]").is_displayed() for t in links]

    assert shown(page) == [False] * len(links)
    page.find_element(By.ID, "logout").click()
    wait(page, ec.url_contains("/console/login"))
    sign_in(page, desk, "sue")
    wait(page, lambda d: items(d, "[data-testid=held-chat]") == held, message="held chats")
    assert read(page, "[data-testid=held-count]") == "(2)"
    assert read(page, "[data-testid=held-chat-snippet]") == "held by tom"
    assert shown(page) == [True] * len(links)
    page.find_element(By.CSS_SELECTOR, f"[data-testid=held-chat][data-conversation-id='{held[0]}']").click()
    # The colleagues list is filled at sign-in; the transfer form shows once the chat is open.
    wait(
        page,
        lambda d: (
            d.find_element(By.ID, "conversation-view").get_attribute("data-conversation-id") == str(held[0])
            and d.find_element(By.ID, "transfer-to").is_displayed()
        ),
        message="chat open",
    )
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#transfer-to option[value='agent:ann']"))
    page.find_element(By.CSS_SELECTOR, "#transfer-to option[value='agent:ann']").click()
    page.find_element(By.ID, "transfer-note").send_keys("tom is at lunch")
    wait(page, lambda d: d.find_element(By.ID, "transfer-send").is_enabled(), message="transfer enabled")
    page.find_element(By.ID, "transfer-send").click()
    desk.wait_until(lambda: journal.conversation(held[0]).agent_username == "ann")
    wait(page, lambda d: read(d, "[data-testid=held-chat-snippet]") == "held by ann", message="held by ann")
    assert severe_browser_errors(page) == []


def test_a_supervisor_reads_the_poor_ratings_first(page, make_desk, fake_rasa, journal):  # noqa: F811
    """The ratings were only an average on the dashboard: to read what went wrong in the
    chats rated 1 or 2, a supervisor opened every chat in the history. The history now
    finds the chats rated at most N, and shows a chat's rating in the list."""
    from datetime import datetime, timedelta, timezone

    from tests.metrics.conftest import Seeder

    add_agent(journal, "sue", "supervisor")
    seeder = Seeder(journal.engine)
    at = datetime.now(timezone.utc) - timedelta(hours=3)
    chats = {}
    for buyer, score in (("r-poor", 1), ("r-good", 4), ("r-none", None)):
        chats[buyer] = seeder.says(buyer, at)
        assert journal.mark_resolved(chats[buyer], None, now=at + timedelta(minutes=1))
        if score is not None:
            assert seeder.says(buyer, at + timedelta(minutes=2), rating=score) == chats[buyer]
    desk = make_desk(fake_rasa.url)
    token = desk.login("sue")
    assert desk.api("GET", "/api/history?rated_at_most=0", token).status_code == 400
    sign_in(page, desk, "sue")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), message="console")
    for option, wanted in (("2", ["r-poor"]), ("5", ["r-good", "r-poor"])):
        page.find_element(By.CSS_SELECTOR, f"#history-rating option[value='{option}']").click()
        page.find_element(By.CSS_SELECTOR, "[data-testid=history-search]").click()
        expected = sorted(chats[b] for b in wanted)
        wait(page, lambda d, e=expected: sorted(items(d, "[data-testid=history-item]")) == e, message=option)
    poor = f"[data-testid=history-item][data-conversation-id='{chats['r-poor']}']"
    assert "1 ★" in read(page, poor)
    assert severe_browser_errors(page) == []
