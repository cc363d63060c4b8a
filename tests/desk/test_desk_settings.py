"""The desk's settings from the console (GET/PUT /api/seller/desk-settings): a supervisor
changes the hours, holidays, targets and automatic assignment; they are checked, written to
the desk's settings file (keeping what the console does not show) and in force at once."""

from __future__ import annotations

import pytest

from bot.seller.desk import read_desk_config
from tests.desk.conftest import add_agent
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    By,
    ec,
    severe_browser_errors,
    sign_in,
    wait,
)

FILE = """\
# the seller's own comment
time_zone: UTC
sla_sweep_seconds: 0.2
bot_csat:
  ask: false
"""
WEEK = {
    "mon": ["09:00-12:00", "13:00-18:00"],
    "tue": ["09:00-18:00"],
    "wed": ["09:00-18:00"],
    "thu": ["09:00-18:00"],
    "fri": ["09:00-24:00"],
    "sat": [],
    "sun": [],
}
SETTINGS = {
    "time_zone": "Asia/Bangkok",
    "working_hours": WEEK,
    "always_open": False,
    "holidays": ["2026-12-31"],
    "first_response_minutes": 7,
    "first_response_targets": {"pre_sale": {"1": 3}, "after_sale": {"2": 15}},
    "auto_assign": {"max_chats": 4},
    "csat_window_hours": 12,
    "bot_idle_minutes": 45,
}


@pytest.fixture
def settings_desk(make_desk, fake_rasa, journal, tmp_path):
    path = tmp_path / "desk.yml"
    path.write_text(FILE)
    for username, role in (("sue", "supervisor"), ("tom", "tier3"), ("tia", "trainer")):
        add_agent(journal, username, role)
    return make_desk(fake_rasa.url, desk_config=path), path


def test_a_supervisor_changes_the_desks_settings_and_they_count_at_once(settings_desk):
    desk, path = settings_desk
    sue = desk.login("sue")
    before = desk.api("GET", "/api/seller/desk-settings", sue).json()
    assert (before["settings"]["always_open"], before["file"]) == (True, "desk.yml")
    saved = desk.api("PUT", "/api/seller/desk-settings", sue, json={"settings": SETTINGS})
    assert saved.status_code == 200, saved.text
    shown = saved.json()["settings"]
    assert shown["working_hours"] == WEEK and shown["time_zone"] == "Asia/Bangkok"
    assert shown["first_response_targets"]["after_sale"]["2"] == 15
    assert shown["first_response_targets"]["after_sale"]["1"] == 7  # no target of its own: the default
    assert desk.api("GET", "/api/seller/desk-settings", sue).json()["settings"] == shown
    config = read_desk_config(path)
    assert (config.auto_assign_max_chats, config.csat_window_hours, config.bot_idle_minutes) == (4, 12, 45)
    assert config.sla_sweep_seconds == 0.2 and config.bot_csat_ask is False  # kept from the file
    assert str(config.hours.zone.key) == "Asia/Bangkok" and len(config.hours.holidays) == 1
    assert "Written by the console (sue" in path.read_text()
    assert desk.hub.config.auto_assign_max_chats == 4  # in force on this desk already


def test_open_around_the_clock_drops_the_hours(settings_desk):
    desk, path = settings_desk
    sue = desk.login("sue")
    assert desk.api("PUT", "/api/seller/desk-settings", sue, json={"settings": SETTINGS}).status_code == 200
    opened = desk.api("PUT", "/api/seller/desk-settings", sue, json={"settings": {"always_open": True}})
    assert opened.json()["settings"]["always_open"] is True
    assert read_desk_config(path).hours.always_open


@pytest.mark.parametrize(
    "change, named",
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"working_hours": {**WEEK, "tue": ["9-18"]}}, "working_hours.tue"),
        ({"working_hours": {**WEEK, "wed": ["18:00-09:00"]}}, "ends before it starts"),
        ({"working_hours": {day: [] for day in WEEK}}, "every day is closed"),
        ({"holidays": ["31/12/2026"]}, "31/12/2026"),
        ({"first_response_targets": {"pre_sale": {"1": -3}}}, "more than 0"),
        ({"auto_assign": {"max_chats": "many"}}, "auto_assign"),
        ({"colour": "red"}, "unknown settings: colour"),
        ({"first_response_minutes": "soon"}, "soon"),
        # Saved once, each of these failed every escalation, rating or idle sweep after it (a 500
        # to the buyer): a timedelta overflowed, NaN had no value, or no deadline was found.
        ({"first_response_minutes": 1e300}, "first_response_minutes"),
        ({"first_response_minutes": "nan"}, "first_response_minutes"),
        ({"first_response_minutes": "5"}, "first_response_minutes"),
        ({"first_response_minutes": 300_000}, "more working time than working_hours give"),
        ({"first_response_targets": {"after_sale": {"2": 1e300}}}, "first_response_targets.after_sale.2"),
        ({"csat_window_hours": 1e300}, "csat_window_hours"),
        ({"csat_window_hours": "inf"}, "csat_window_hours"),
        ({"csat_window_hours": -5}, "csat_window_hours"),
        ({"bot_idle_minutes": 1e300}, "bot_idle_minutes"),
        ({"always_open": "yes"}, "always_open must be true or false"),
    ],
)
def test_a_setting_the_desk_cannot_use_is_named_and_nothing_is_written(settings_desk, change, named):
    desk, path = settings_desk
    reply = desk.api(
        "PUT", "/api/seller/desk-settings", desk.login("sue"), json={"settings": {**SETTINGS, **change}}
    )
    assert reply.status_code == 400, reply.text
    assert named in reply.json()["error"]
    assert path.read_text() == FILE


def test_a_change_made_meanwhile_is_not_undone(settings_desk):
    """Two supervisors with the settings page open: the second one's save wrote the settings
    their page had read over the first one's change, without a word."""
    desk, path = settings_desk
    sue = desk.login("sue")
    add_agent(desk.journal, "sam", "supervisor")
    sam = desk.login("sam")
    opened = desk.api("GET", "/api/seller/desk-settings", sam).json()
    first = desk.api("GET", "/api/seller/desk-settings", sue).json()
    assert opened["version"] == first["version"] != ""
    saved = desk.api(
        "PUT", "/api/seller/desk-settings", sue, json={"settings": SETTINGS, "version": first["version"]}
    )
    assert saved.status_code == 200 and saved.json()["version"] != first["version"], saved.text
    stale = {**opened["settings"], "csat_window_hours": 48}
    late = desk.api(
        "PUT", "/api/seller/desk-settings", sam, json={"settings": stale, "version": opened["version"]}
    )
    assert late.status_code == 409 and "reload" in late.json()["error"]
    assert read_desk_config(path).csat_window_hours == 12  # sue's change stands
    current = desk.api("GET", "/api/seller/desk-settings", sam).json()
    assert current["version"] == saved.json()["version"]
    again = desk.api(
        "PUT",
        "/api/seller/desk-settings",
        sam,
        json={"settings": {"csat_window_hours": 48}, "version": current["version"]},
    )
    assert again.status_code == 200 and str(read_desk_config(path).hours.zone.key) == "Asia/Bangkok"


def test_a_save_waits_for_another_replicas_save_and_then_sees_its_change(settings_desk):
    """Two desk replicas share seller/desk.yml. Each checked the version and wrote in turns of its
    own, so two saves at once could both pass the check and the second undo the first. A save
    now reads, checks and writes under the file's lock: here another replica holds it while it
    writes, and this desk's save, made on the version before, waits and then is a 409."""
    import fcntl
    import threading
    import time

    desk, path = settings_desk
    sue = desk.login("sue")
    opened = desk.api("GET", "/api/seller/desk-settings", sue).json()
    answers: dict = {}

    def save() -> None:
        body = {"settings": {"csat_window_hours": 48}, "version": opened["version"]}
        answers["save"] = desk.api("PUT", "/api/seller/desk-settings", sue, json=body)

    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other replica's save begins
        saving = threading.Thread(target=save)
        saving.start()
        time.sleep(0.5)
        assert "save" not in answers, "the save did not wait for the other replica's"
        path.write_text(path.read_text() + "csat_window_hours: 6\n")  # what that replica wrote
        fcntl.flock(lock, fcntl.LOCK_UN)
    saving.join(15)
    assert answers["save"].status_code == 409, answers["save"].text
    assert read_desk_config(path).csat_window_hours == 6  # the other replica's change stands


def test_the_bots_rating_question_is_turned_on_and_off_and_its_intents_stay(settings_desk):
    """Whether a chat the bot settled alone asks the buyer for a rating was the file's alone;
    the page now turns it on and off, and the intents that close such a chat stay the file's."""
    desk, path = settings_desk
    path.write_text(FILE.replace("  ask: false\n", "  ask: false  # not yet\n  after_intents: [thank]\n"))
    sue = desk.login("sue")
    for ask in (True, False):
        body = {"settings": {"bot_csat": {"ask": ask}}}
        saved = desk.api("PUT", "/api/seller/desk-settings", sue, json=body)
        assert saved.status_code == 200 and saved.json()["settings"]["bot_csat"] == {"ask": ask}, saved.text
        shown = desk.api("GET", "/api/seller/desk-settings", sue).json()  # in force at once
        assert shown["settings"]["bot_csat"] == {"ask": ask}
        config = read_desk_config(path)
        assert config.bot_csat_ask is ask and config.bot_csat_intents == (("thank",) if ask else ())
        assert "after_intents: [thank]" in path.read_text()
    for odd in ({"ask": "no"}, {"ask": False, "after_intents": ["greet"]}, True, {}):
        refused = desk.api("PUT", "/api/seller/desk-settings", sue, json={"settings": {"bot_csat": odd}})
        assert refused.status_code == 400 and "bot_csat" in refused.json()["error"], (odd, refused.text)
    assert read_desk_config(path).bot_csat_ask is False


def test_only_supervisors_see_or_change_the_settings(settings_desk):
    desk, path = settings_desk
    for username in ("tom", "tia"):
        token = desk.login(username)
        assert desk.api("GET", "/api/seller/desk-settings", token).status_code == 403
        assert (
            desk.api("PUT", "/api/seller/desk-settings", token, json={"settings": SETTINGS}).status_code
            == 403
        )
    assert (
        desk.api("PUT", "/api/seller/desk-settings", desk.login("sue"), json={"settings": "x"}).status_code
        == 400
    )
    assert path.read_text() == FILE


def test_a_supervisor_sets_the_hours_on_the_settings_page(settings_desk, page):  # noqa: F811
    desk, path = settings_desk
    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    # From the queues' top bar, where a supervisor finds the seller's pages.
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=settings-link]"))).click()
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=settings-form]")))
    assert page.find_element(By.ID, "always-open").is_selected()
    page.find_element(By.ID, "always-open").click()
    zone = page.find_element(By.ID, "time-zone")
    zone.clear()
    zone.send_keys("Asia/Bangkok")
    for day in ("mon", "tue", "wed", "thu", "fri"):
        page.find_element(By.ID, f"hours-{day}").send_keys("09:00-18:00")
    page.find_element(By.ID, "holidays").send_keys("2026-12-31")
    chats = page.find_element(By.ID, "max-chats")
    chats.clear()
    chats.send_keys("3")
    assert page.find_element(By.ID, "bot-csat-ask").is_selected()  # the desk asks (its default)
    page.find_element(By.ID, "bot-csat-ask").click()
    page.find_element(By.CSS_SELECTOR, "[data-testid=settings-save]").click()
    wait(page, lambda d: "Saved to desk.yml" in d.find_element(By.CSS_SELECTOR, "[data-testid=flash]").text)
    config = read_desk_config(path)
    assert str(config.hours.zone.key) == "Asia/Bangkok" and not config.hours.always_open
    assert config.hours.week_text()["mon"] == "09:00-18:00" and config.auto_assign_max_chats == 3
    assert config.bot_csat_ask is False

    page.find_element(By.ID, "hours-sat").send_keys("25:00-26:00")
    page.find_element(By.CSS_SELECTOR, "[data-testid=settings-save]").click()
    flash = "[data-testid=flash]"
    wait(page, lambda d: "working_hours.sat" in d.find_element(By.CSS_SELECTOR, flash).text)
    assert read_desk_config(path).hours.week_text().get("sat") in (None, "", "closed")  # nothing saved
    unexpected = [e for e in severe_browser_errors(page) if "/api/seller/desk-settings" not in e["message"]]
    assert unexpected == []
