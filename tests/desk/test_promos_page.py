"""The promo campaigns page: a supervisor checks a campaign file (who it reaches now, nothing
sent), sends it, and reads its progress in the list of campaigns (GET /api/seller/promos);
a bad file's problems are listed; agents have no access."""

from __future__ import annotations

import yaml

from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    By,
    ec,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)
from tests.desk.test_promos_desk import PROMOS, now_campaign, promo_desk


def test_the_campaigns_started_are_listed_newest_first_with_their_progress(
    make_desk,
    fake_rasa,
    outbound,
    tmp_path,
    database_url,
):
    desk, boss = promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url)
    assert desk.api("GET", PROMOS, boss).json() == {"campaigns": []}
    assert desk.api("POST", PROMOS, boss, json={"campaign": now_campaign()}).status_code == 202
    later = now_campaign(id="second-wave", audience={"buyer_ids": ["th-1"]})
    assert desk.api("POST", PROMOS, boss, json={"campaign": later}).status_code == 202

    def both_done():
        found = desk.api("GET", PROMOS, boss).json()["campaigns"]
        return found if all(c["state"] == "done" for c in found) else None

    found = desk.wait_until(both_done)
    assert [c["campaign"] for c in found] == ["second-wave", "songkran-2025"]
    assert (found[1]["sent"], found[1]["skipped"]) == (3, 1)
    assert desk.api("GET", PROMOS, desk.login("ann")).status_code == 403


def test_a_supervisor_checks_and_sends_a_campaign_from_the_page(
    page,  # noqa: F811
    make_desk,
    fake_rasa,
    outbound,
    tmp_path,
    database_url,
):
    desk, _ = promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url)
    sign_in(page, desk, "boss")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.get(f"{desk.url}/console/dashboard")
    page.find_element(By.CSS_SELECTOR, "[data-testid=promos-link]").click()
    wait(page, ec.url_contains("/console/promos"))
    box = page.find_element(By.ID, "promo-yaml")
    wait(page, lambda d: "weekend-sale" in box.get_attribute("value"))  # an example to start from

    page.execute_script("arguments[0].value = arguments[1];", box, "id: [broken")
    page.find_element(By.CSS_SELECTOR, "[data-testid=promo-check]").click()
    wait(
        page,
        lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=flash]").text.startswith(
            "campaign not usable"
        ),
    )

    file = yaml.safe_dump(now_campaign(), allow_unicode=True)
    page.execute_script("arguments[0].value = arguments[1];", box, file)
    page.find_element(By.CSS_SELECTOR, "[data-testid=promo-check]").click()
    wait(page, lambda d: d.find_element(By.ID, "promo-outcome").get_attribute("data-audience") == "4")
    assert "3 would get it now" in read(page, "#promo-outcome")
    assert outbound.received == []  # a check sends nothing

    page.find_element(By.CSS_SELECTOR, "[data-testid=promo-send]").click()
    page.switch_to.alert.accept()
    row = "#campaign-body tr[data-campaign='songkran-2025']"
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, f"{row} td[data-promo=state]"))
    wait(page, lambda d: read(d, f"{row} td[data-promo=state]") == "done", timeout=15)
    assert read(page, f"{row} td[data-promo=sent]") == "3"
    desk.wait_until(lambda: len(outbound.received) == 3)
    unusable = [e for e in severe_browser_errors(page) if "/api/seller/promos" not in e["message"]]
    assert unusable == []  # the broken file's 400 is the only thing the browser logged
