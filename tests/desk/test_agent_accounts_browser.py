"""Agent accounts in headless Chromium: a supervisor opens Agents from the queues' top bar,
adds an agent, gives them a new password, changes their role, disables and enables them,
deletes an account that never worked, and changes her own password staying signed in; the
new agent signs in and changes theirs from "My password". The screenshot lands in pytest's
tmp dir."""

from __future__ import annotations

from selenium.webdriver.support.ui import Select

from tests.desk.conftest import PASSWORD, add_agent
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    By,
    ec,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)

FLASH = "[data-testid=flash]"
ANNS = "a fresh passphrase for ann"


def flashed(page, words: str) -> None:  # noqa: F811
    wait(page, lambda d: words in d.find_element(By.CSS_SELECTOR, FLASH).text, message=f"no flash '{words}'")


def in_row(page, username: str, testid: str):  # noqa: F811
    return page.find_element(By.CSS_SELECTOR, f"tr[data-username='{username}'] [data-testid={testid}]")


def login_status(desk, username: str, password: str) -> int:
    return desk.api("POST", "/api/login", json={"username": username, "password": password}).status_code


def test_a_supervisor_manages_the_team_and_the_new_agent_signs_in(
    page,  # noqa: F811
    make_desk,
    fake_rasa,
    journal,
    tmp_path,
):
    add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")
    wait(page, ec.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=agents-link]"), "Agents"))
    page.find_element(By.CSS_SELECTOR, "[data-testid=agents-link]").click()
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=agents-table]")))
    wait(page, lambda d: "sue" in d.find_element(By.ID, "agents-body").text)

    page.find_element(By.ID, "add-username").send_keys("ann")
    page.find_element(By.ID, "add-name").send_keys("Ann Lee")
    Select(page.find_element(By.ID, "add-role")).select_by_value("tier2")
    Select(page.find_element(By.ID, "add-language")).select_by_value("zh")
    page.find_element(By.ID, "add-password").send_keys(PASSWORD)
    page.find_element(By.CSS_SELECTOR, "[data-testid=add-save]").click()
    flashed(page, "Added ann (tier2).")
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "tr[data-username=ann]"))
    assert "sue added ann (tier2)" in read(page, "[data-testid=changes]")

    in_row(page, "ann", "agent-new-password").send_keys(ANNS)
    in_row(page, "ann", "agent-set-password").click()
    flashed(page, "New password set for ann")
    assert login_status(desk, "ann", PASSWORD) == 401 and login_status(desk, "ann", ANNS) == 200

    Select(in_row(page, "ann", "agent-role")).select_by_value("tier3")
    in_row(page, "ann", "agent-save").click()
    flashed(page, "Saved ann.")
    assert journal.agent_credentials("ann")[0].role == "tier3"

    in_row(page, "ann", "agent-disable").click()
    flashed(page, "Disabled ann")
    wait(page, lambda d: "disabled" in read(d, "tr[data-username=ann]"))
    assert login_status(desk, "ann", ANNS) == 401
    in_row(page, "ann", "agent-enable").click()
    flashed(page, "Enabled ann.")

    add_agent(journal, "bob", "tier1")
    page.refresh()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "tr[data-username=bob]"))
    in_row(page, "bob", "agent-delete").click()
    page.switch_to.alert.accept()
    flashed(page, "Deleted bob.")
    assert journal.agent_credentials("bob") is None
    assert not page.find_elements(By.CSS_SELECTOR, "tr[data-username=sue] [data-testid=agent-disable]")
    page.save_screenshot(str(tmp_path / "agents.png"))

    # Her own password, on the same page: she stays signed in here.
    page.find_element(By.ID, "current-password").send_keys(PASSWORD)
    page.find_element(By.ID, "new-password").send_keys("sue's new passphrase")
    page.find_element(By.ID, "repeat-password").send_keys("sue's new passphrase")
    page.find_element(By.CSS_SELECTOR, "[data-testid=my-password-save]").click()
    flashed(page, "Your password is changed.")
    assert login_status(desk, "sue", PASSWORD) == 401
    page.refresh()
    wait(page, lambda d: "ann" in d.find_element(By.ID, "agents-body").text)  # still signed in

    page.get(f"{desk.url}/console")
    wait(page, ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=logout]"))).click()
    wait(page, ec.url_contains("/console/login"))
    sign_in(page, desk, "ann", ANNS)
    wait(page, ec.text_to_be_present_in_element((By.ID, "whoami"), "Ann Lee"))
    link = page.find_element(By.CSS_SELECTOR, "[data-testid=agents-link]")
    assert link.text == "My password"
    link.click()
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=my-password-form]")))
    assert read(page, "#page-title") == "My password"
    assert not page.find_element(By.CSS_SELECTOR, "[data-testid=team]").is_displayed()
    page.find_element(By.ID, "current-password").send_keys(ANNS)
    page.find_element(By.ID, "new-password").send_keys("ann's own passphrase")
    page.find_element(By.ID, "repeat-password").send_keys("ann's own passphrase")
    page.find_element(By.CSS_SELECTOR, "[data-testid=my-password-save]").click()
    flashed(page, "Your password is changed.")
    assert login_status(desk, "ann", "ann's own passphrase") == 200
    assert severe_browser_errors(page) == []
