"""The team view in headless Chromium: an agent with a chat waiting on them sets themselves
away in the console; the supervisor's dashboard then shows them away, holding that chat,
its buyer waiting. Screenshot in var/test-artifacts/team-now.png."""

from __future__ import annotations

import re

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


def test_a_supervisor_sees_who_is_away_and_who_has_buyers_waiting(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "sue", "supervisor")
    add_agent(journal, "ann", "tier1")
    add_agent(journal, "bob", "tier1")
    desk = make_desk(fake_rasa.url)
    desk.chat("v-1", "I want a person")
    cid = journal.open_conversation(desk.sender("v-1")).id
    assert desk.api("POST", f"/api/conversations/{cid}/claim", desk.login("ann")).status_code == 200

    sign_in(page, desk, "ann")
    button = "[data-testid=availability]"
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, button)))
    assert read(page, button, "aria-pressed") == "false"
    page.find_element(By.CSS_SELECTOR, button).click()
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, button).get_attribute("aria-pressed") == "true")
    assert "away" in read(page, "[data-testid=flash]")
    page.refresh()  # the server keeps it, not the page
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, button).get_attribute("aria-pressed") == "true")
    page.find_element(By.CSS_SELECTOR, "[data-testid=logout]").click()
    wait(page, ec.url_contains("/console/login"))

    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=dashboard-link]")))
    page.get(f"{desk.url}/console/dashboard")
    ann = "#team-body tr[data-agent=ann]"
    assert read(page, f"{ann} td[data-team=state]") == "away"  # her page was open seconds ago
    assert read(page, f"{ann} td[data-team=held]") == "1"
    assert read(page, f"{ann} td[data-team=awaiting_reply]") == "1"
    assert re.fullmatch(r"\d+ (s|min)", read(page, f"{ann} td[data-team=longest_wait]"))
    assert read(page, "#team-body tr[data-agent=bob] td[data-team=state]") == "offline"
    # The agent with a buyer waiting comes first.
    first = page.find_element(By.CSS_SELECTOR, "#team-body tr").get_attribute("data-agent")
    assert first == "ann"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "team-now.png"))
    assert severe_browser_errors(page) == []
