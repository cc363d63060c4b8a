"""A third review of the console in headless Chromium against the real desk (2026-12-07):
what the conversation's header and the history list say must be true of the chat now."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from tests.desk.test_console_browser import (  # noqa: F401 - fixtures
    read,
    severe_browser_errors,
    shop_desk,
    wait,
)
from tests.desk.test_console_review_browser import on_a_queued_chat, open_a_chat_ann_holds

AGENT = "#conversation-agent"
META = "#conversation-meta"


def says(driver, css: str, text: str, message: str = "") -> None:
    wait(driver, lambda d: read(d, css) == text, message=message or f"{css} never said {text!r}")


def test_the_header_says_who_holds_the_chat_not_a_queue_it_left(page, shop_desk, journal):  # noqa: F811
    """After a claim the header still said 'tier 1' beside the language and reason, as if the
    chat were still waiting in that tier's queue (and a resolved chat read 'held by')."""
    driver, desk = page, shop_desk
    on_a_queued_chat(driver, desk, journal, "tia", "tier1")
    says(driver, AGENT, "· waiting in the tier 1 queue")
    assert "tier" not in read(driver, META)

    driver.find_element(By.ID, "claim").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "assigned"))
    says(driver, AGENT, "· held by you · tier 1")
    assert "tier" not in read(driver, META)

    wait(driver, ec.element_to_be_clickable((By.ID, "resolve"))).click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "resolved"))
    says(driver, AGENT, "· last held by tia")
    assert severe_browser_errors(driver) == []


def test_a_colleagues_chat_says_who_holds_it(page, shop_desk, journal):  # noqa: F811
    driver, desk = page, shop_desk
    open_a_chat_ann_holds(driver, desk, journal, "sid", "supervisor")
    says(driver, AGENT, "· held by ann · tier 1")
    assert "tier" not in read(driver, META)


def test_a_chat_handed_back_is_with_the_bot(page, shop_desk, journal):  # noqa: F811
    driver, desk = page, shop_desk
    on_a_queued_chat(driver, desk, journal, "tia", "tier1")
    driver.find_element(By.ID, "claim").click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "assigned"))
    wait(driver, ec.element_to_be_clickable((By.ID, "handback"))).click()
    wait(driver, ec.text_to_be_present_in_element((By.ID, "conversation-status"), "bot"))
    says(driver, AGENT, "· with the bot")
    assert "tier" not in read(driver, META)


def test_the_history_shows_a_rating_as_a_rating_not_as_the_last_words(page, make_desk, fake_rasa, journal):  # noqa: F811
    """A rated chat's line in the history showed the buyer's bare '5' (their answer to the
    rating question) as if it were the last thing they said."""
    from datetime import datetime, timedelta, timezone

    from bot.desk.records import Inbound
    from tests.desk.conftest import add_agent
    from tests.desk.test_console_browser import sign_in

    add_agent(journal, "sue", "supervisor")
    at = datetime.now(timezone.utc) - timedelta(hours=3)

    def buyer(text: str, minutes: int, rating=None) -> str:
        inbound = Inbound("webhook", "lazada", "r-happy", text, language="en")
        recorded = journal.record_inbound(inbound, rating=rating, now=at + timedelta(minutes=minutes))
        return recorded.conversation.id

    chat = buyer("where is my parcel?", 0)
    assert journal.mark_resolved(chat, None, now=at + timedelta(minutes=1))
    assert buyer("5", 2, rating=5) == chat
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), message="console")
    page.find_element(By.ID, "history-buyer").send_keys("r-happy")
    page.find_element(By.CSS_SELECTOR, "[data-testid=history-search]").click()
    item = f"[data-testid=history-item][data-conversation-id='{chat}']"
    assert "5 ★" in read(page, item)
    assert read(page, f"{item} [data-testid=history-item-snippet]") == "where is my parcel?"
    assert severe_browser_errors(page) == []


def test_a_buyer_kefu_wrote_to_first_is_not_of_an_unknown_language(page, make_desk, fake_rasa, journal):  # noqa: F811
    """A buyer Kefu wrote to first (a parcel notice, no answer yet) was shown as 'unknown
    language (?)', 'the buyer reads unknown language' and a '?' badge in the history."""
    from datetime import datetime, timezone

    from bot.desk.notice_log import NoticeLog
    from bot.desk.records import Author, Outgoing
    from tests.desk.conftest import add_agent
    from tests.desk.test_console_browser import sign_in
    from tests.desk.test_console_review_browser import open_by_link

    now = datetime.now(timezone.utc)
    notices = NoticeLog(journal.engine)
    told = notices.conversation_for("lazada", "n-thai", now).id
    journal.record_outbound(told, [Outgoing("พัสดุของคุณถูกจัดส่งแล้ว", Author.SYSTEM, language="th")], now=now)
    silent = notices.conversation_for("lazada", "n-none", now).id
    journal.record_outbound(silent, [Outgoing("Your parcel is on its way", Author.SYSTEM)], now=now)
    add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")

    open_by_link(page, desk, told)
    wait(page, lambda d: read(d, "#conversation-view", "data-conversation-id") == told, message="chat open")
    wait(page, lambda d: read(d, META).startswith("Thai (th)"), message="the notice's language")
    assert read(page, "#reply-language") == "(the buyer reads Thai)"

    page.get(f"{desk.url}/console#conversation={silent}")
    page.refresh()
    wait(page, lambda d: read(d, "#conversation-view", "data-conversation-id") == silent, message="chat open")
    wait(page, lambda d: "Your parcel" in read(d, "[data-testid=message-text]"), message="transcript")
    assert "unknown" not in read(page, META) and "?" not in read(page, META)
    assert read(page, "#reply-language") == ""

    page.find_element(By.ID, "history-buyer").send_keys("n-")
    page.find_element(By.CSS_SELECTOR, "[data-testid=history-search]").click()
    line = f"[data-testid=history-item][data-conversation-id='{silent}']"
    assert "?" not in read(page, line)
    assert severe_browser_errors(page) == []
