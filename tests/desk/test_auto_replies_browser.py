"""The auto-reply editor in headless Chromium: a supervisor adds a keyword rule, is told
the marketplace's limit, fixes it and saves; the screenshot lands in pytest's tmp dir."""

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


def test_supervisor_edits_keyword_replies_within_the_limits(page, make_desk, fake_rasa, journal, tmp_path):  # noqa: F811
    add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url)
    sign_in(page, desk, "sue")
    wait(page, ec.url_matches(r"/console/?$"))
    page.get(f"{desk.url}/console/auto-replies")
    wait(page, ec.presence_of_element_located((By.ID, "marketplace")))
    wait(page, ec.text_to_be_present_in_element((By.ID, "rule-limits"), "per marketplace"))
    # The seller is told before saving how long a keyword must be (a short one answers everything).
    assert "keywords of at least 2 letters (Chinese 2, Thai 3)" in read(page, "#rule-limits")
    page.find_element(By.CSS_SELECTOR, "[data-testid=ar-welcome]").send_keys("Welcome to our shop!")
    for word in ("wholesale", "invoice"):
        page.find_element(By.CSS_SELECTOR, "[data-testid=ar-add-rule]").click()
        rows = page.find_elements(By.CSS_SELECTOR, "[data-testid=ar-rule]")
        rows[-1].find_element(By.CSS_SELECTOR, "[data-testid=ar-keywords]").send_keys(f"{word}, 批发")
        rows[-1].find_element(By.CSS_SELECTOR, "[data-testid=ar-reply]").send_keys(f"About {word}: ask us.")
    page.find_element(By.CSS_SELECTOR, "[data-testid=ar-save]").click()
    assert "2 rules; a marketplace takes 3 to 9" in read(page, "[data-testid=ar-problems] li")
    page.find_element(By.CSS_SELECTOR, "[data-testid=ar-add-rule]").click()
    last = page.find_elements(By.CSS_SELECTOR, "[data-testid=ar-rule]")[-1]
    last.find_element(By.CSS_SELECTOR, "[data-testid=ar-keywords]").send_keys("coupon")
    last.find_element(By.CSS_SELECTOR, "[data-testid=ar-reply]").send_keys("Here is 5% off.")
    last.find_element(By.CSS_SELECTOR, "[data-testid=ar-coupon]").send_keys("SAVE5")
    page.find_element(By.CSS_SELECTOR, "[data-testid=ar-save]").click()
    saved_line = (By.CSS_SELECTOR, "[data-testid=ar-saved]")
    wait(page, ec.text_to_be_present_in_element(saved_line, "saved by sue"), message="not saved")
    page.save_screenshot(str(tmp_path / "auto-replies.png"))
    saved = desk.api("GET", "/api/seller/auto-replies", desk.login("sue")).json()
    default = saved["document"]["marketplaces"]["default"]
    assert default["welcome"] == {"en": "Welcome to our shop!"}
    assert [rule["keywords"] for rule in default["keywords"]][2] == ["coupon"]
    assert default["keywords"][2]["coupon_code"] == "SAVE5"
    assert (tmp_path / "auto-replies.png").stat().st_size > 0
    # The one refused save is the 400 the browser logs; nothing else went wrong.
    errors = severe_browser_errors(page)
    assert [e for e in errors if "status of 400" not in e["message"]] == [] and len(errors) <= 1


def value(element, testid: str) -> str:
    return element.find_element(By.CSS_SELECTOR, f"[data-testid={testid}]").get_attribute("value")


def test_the_editor_reads_plain_string_replies_and_a_lone_keyword(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url)
    sue = desk.login("sue")
    # As seller/auto_replies.yml may write them: a reply as a plain string, one keyword alone.
    rules = [{"keywords": "wholesale", "reply": "Ask us about wholesale."}] + [
        {"keywords": [f"word{i}"], "reply": {"en": f"Reply {i}"}} for i in range(2)
    ]
    document = {
        "default_language": "en",
        "marketplaces": {"default": {"welcome": "Hello!", "keywords": rules}},
    }
    assert desk.api("PUT", "/api/seller/auto-replies", sue, json={"document": document}).status_code == 200
    sign_in(page, desk, "sue")
    wait(page, ec.url_matches(r"/console/?$"))
    page.get(f"{desk.url}/console/auto-replies")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=ar-rule]")))
    first = page.find_elements(By.CSS_SELECTOR, "[data-testid=ar-rule]")[0]
    assert value(page, "ar-welcome") == "Hello!"
    assert (value(first, "ar-keywords"), value(first, "ar-reply")) == ("wholesale", "Ask us about wholesale.")
    first.find_element(By.CSS_SELECTOR, "[data-testid=ar-reply]").send_keys(" 10+ pieces.")
    page.find_element(By.CSS_SELECTOR, "[data-testid=ar-welcome]").send_keys(" Hi!")
    page.find_element(By.CSS_SELECTOR, "[data-testid=ar-save]").click()
    saved_line = (By.CSS_SELECTOR, "[data-testid=ar-saved]")
    wait(page, ec.text_to_be_present_in_element(saved_line, "Version 2"), message="not saved")
    default = desk.api("GET", "/api/seller/auto-replies", sue).json()["document"]["marketplaces"]["default"]
    assert default["welcome"] == {"en": "Hello! Hi!"}
    assert default["keywords"][0]["reply"] == {"en": "Ask us about wholesale. 10+ pieces."}
    assert default["keywords"][0]["keywords"] == "wholesale"  # left as written
    assert severe_browser_errors(page) == []


def test_the_seller_sees_the_working_hours_the_off_hours_reply_follows(page, make_desk, fake_rasa, journal):  # noqa: F811
    """The seller wrote the off-hours reply blind: the page never said which hours count as
    off hours, nor that they are set in desk.yml, so 'Back at 10:00' could not be checked
    against the hours in force. The page now shows them, whether the desk is open now, and
    the file that sets them."""
    from datetime import datetime, timezone

    from bot.seller.desk import parse_desk_config

    config = parse_desk_config(
        {
            "time_zone": "Asia/Bangkok",
            "working_hours": {"mon-fri": "09:00-18:00", "sat": "10:00-14:00"},
            "holidays": ["2026-12-31"],
        }
    )
    sunday = datetime(2026, 12, 6, 3, 0, tzinfo=timezone.utc)  # 10:00 on a Sunday in Bangkok
    add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url, config=config, clock=lambda: sunday)
    sign_in(page, desk, "sue")
    wait(page, ec.url_matches(r"/console/?$"))
    page.get(f"{desk.url}/console/auto-replies")
    wait(page, ec.text_to_be_present_in_element((By.ID, "hours-week"), "Asia/Bangkok"))
    assert read(page, "#hours-week") == (
        "mon-fri 09:00-18:00, sat 10:00-14:00, sun closed (Asia/Bangkok); days off 2026-12-31."
    )
    assert read(page, "#hours-now").startswith("Closed now; open again")
    assert read(page, "#hours-file").endswith("desk.yml")
    assert severe_browser_errors(page) == []


def test_the_reopening_time_is_the_sellers_and_says_its_zone(page, make_desk, fake_rasa, journal):  # noqa: F811
    """The off-hours reopening time was shown in the browser's time zone (an agent abroad read
    '6 Dec 9:00 PM' for the seller's Monday 09:00), and did not say which zone it was."""
    from datetime import datetime, timezone

    from bot.seller.desk import parse_desk_config

    config = parse_desk_config({"time_zone": "Asia/Bangkok", "working_hours": {"mon-fri": "09:00-18:00"}})
    sunday = datetime(2026, 12, 6, 3, 0, tzinfo=timezone.utc)  # 10:00 on a Sunday in Bangkok
    add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url, config=config, clock=lambda: sunday)
    page.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "America/New_York"})
    try:
        sign_in(page, desk, "sue")
        wait(page, ec.url_matches(r"/console/?$"))
        page.get(f"{desk.url}/console/auto-replies")
        wait(page, ec.text_to_be_present_in_element((By.ID, "hours-now"), "Closed now"))
        year = "" if datetime.now().year == 2026 else " 2026"
        assert read(page, "#hours-now") == f"Closed now; open again 7 Dec{year} 09:00 (Asia/Bangkok)."
    finally:
        page.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})
    assert severe_browser_errors(page) == []
