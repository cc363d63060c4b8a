"""Correcting and deleting a note in the console: the author edits their note in place and
deletes it; a colleague's note has no Edit or Delete for them."""

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
from tests.desk.test_notes import chat_with_a_note


def test_the_author_corrects_and_deletes_a_note_a_colleague_cannot(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "ann", "tier1")
    add_agent(journal, "bob", "tier1")
    desk = make_desk(fake_rasa.url)
    cid, _ = chat_with_a_note(desk, journal, "v-1", desk.login("bob"), "bob's note")
    desk.api("POST", f"/api/conversations/{cid}/notes", desk.login("ann"), json={"text": "call back at 5"})

    sign_in(page, desk, "ann")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.get(f"{desk.url}/console#conversation={cid}")
    mine = "#notes li[data-author=ann]"
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, f"{mine} [data-testid=note-edit]"))
    assert page.find_elements(By.CSS_SELECTOR, "#notes li[data-author=bob] [data-testid=note-edit]") == []

    page.find_element(By.CSS_SELECTOR, f"{mine} [data-testid=note-edit]").click()
    box = page.find_element(By.CSS_SELECTOR, f"{mine} [data-testid=note-edit-text]")
    box.clear()
    box.send_keys("call back at 6")
    page.find_element(By.CSS_SELECTOR, f"{mine} [data-testid=note-edit-save]").click()
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, f"{mine} p").text == "call back at 6")
    assert [n.text for n in journal.notes(cid)] == ["bob's note", "call back at 6"]

    page.find_element(By.CSS_SELECTOR, f"{mine} [data-testid=note-delete]").click()
    page.switch_to.alert.accept()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, mine) == [])
    assert [n.text for n in journal.notes(cid)] == ["bob's note"]
    assert severe_browser_errors(page) == []
