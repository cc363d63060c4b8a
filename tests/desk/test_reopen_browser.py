"""Reopen in headless Chromium: the agent who resolved a chat opens it from its link, presses
Reopen, holds it again and can write to the buyer; a colleague sees no Reopen on it."""

from __future__ import annotations

from tests.desk.conftest import add_agent
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    By,
    ec,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)
from tests.desk.test_reopen import resolved_chat


def test_the_resolver_reopens_a_chat_from_the_console(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "ann", "tier1")
    add_agent(journal, "bob", "tier1")
    desk = make_desk(fake_rasa.url)
    cid = resolved_chat(desk, journal, "v-1", desk.login("ann"))

    sign_in(page, desk, "bob")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.get(f"{desk.url}/console#conversation={cid}")
    wait(
        page,
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=conversation-status]").text == "resolved",
    )
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=reopen]").is_displayed() is False  # Ann's
    page.find_element(By.CSS_SELECTOR, "[data-testid=logout]").click()
    wait(page, ec.url_contains("/console/login"))

    sign_in(page, desk, "ann")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.get(f"{desk.url}/console#conversation={cid}")
    wait(
        page,
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=conversation-status]").text == "resolved",
    )
    reopen = "[data-testid=reopen]"
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, reopen)))
    assert page.find_element(By.ID, "reply-text").is_enabled() is False
    page.find_element(By.CSS_SELECTOR, reopen).click()
    status = "[data-testid=conversation-status]"
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, status).text == "assigned")
    assert "Reopened" in read(page, "[data-testid=flash]")
    wait(page, lambda d: d.find_element(By.ID, "reply-text").is_enabled())
    assert page.find_element(By.CSS_SELECTOR, reopen).is_displayed() is False
    assert journal.conversation(cid).status == "assigned"
    assert severe_browser_errors(page) == []


def test_earlier_chats_with_this_buyer_are_one_click_away(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "ann", "tier1")
    desk = make_desk(fake_rasa.url)
    earlier = resolved_chat(desk, journal, "v-1", desk.login("ann"))
    resolved_chat(desk, journal, "v-2", desk.login("ann"))  # another buyer's: not listed
    desk.chat("v-1", "I want a person again")
    now = journal.open_conversation(desk.sender("v-1")).id
    assert now != earlier

    sign_in(page, desk, "ann")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.get(f"{desk.url}/console#conversation={now}")
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=buyer-history]"))).click()
    item = "[data-testid=history-item]"
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, item))
    found = {e.get_attribute("data-conversation-id") for e in page.find_elements(By.CSS_SELECTOR, item)}
    assert found == {earlier, now}
    assert severe_browser_errors(page) == []
