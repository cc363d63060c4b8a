"""Quick replies in headless Chromium: a supervisor writes one for Thai buyers on the quick
replies page and fixes a typo; an agent holding a Thai buyer's chat finds it first among the
templates, filled from the chat's order, and puts it in the reply box."""

from __future__ import annotations

from bot.commerce.importer import import_orders
from tests.desk.conftest import add_agent, shop_link
from tests.desk.test_agent_desk import SECRET
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    ORDERS,
    By,
    browser,
    ec,
    page,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)


def test_a_supervisor_writes_a_quick_reply_and_an_agent_uses_it(page, make_desk, fake_rasa, journal):  # noqa: F811
    add_agent(journal, "sue", "supervisor")
    add_agent(journal, "ann", "tier1")
    import_orders(journal.engine, ORDERS / "orders.jsonl")
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET)

    sign_in(page, desk, "sue")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=quick-replies-link]")))
    page.find_element(By.CSS_SELECTOR, "[data-testid=quick-replies-link]").click()
    wait(page, ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=qr-form]")))
    wait(page, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#qr-language option")) == 8)
    page.find_element(By.ID, "qr-language").send_keys("th")
    page.find_element(By.ID, "qr-title").send_keys("ส่งช้ากว่าปกติ")
    page.find_element(By.ID, "qr-text").send_keys("ขออภัยค่ะ คำสั่งซื้อ {order_number} ส่งช้าไปนิด")
    page.find_element(By.CSS_SELECTOR, "[data-testid=qr-save]").click()
    row = "#qr-body tr"
    wait(page, lambda d: "ส่งช้ากว่าปกติ" in d.find_element(By.ID, "qr-body").text)
    assert "Saved" in read(page, "[data-testid=flash]")
    page.find_element(By.CSS_SELECTOR, "[data-testid=qr-edit]").click()
    page.find_element(By.ID, "qr-text").send_keys(" ค่ะ")
    page.find_element(By.CSS_SELECTOR, "[data-testid=qr-save]").click()
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, row).text.count("นิด ค่ะ") == 1)
    assert len(page.find_elements(By.CSS_SELECTOR, row)) == 1  # changed, not added
    page.get(f"{desk.url}/console")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.find_element(By.CSS_SELECTOR, "[data-testid=logout]").click()
    wait(page, ec.url_contains("/console/login"))

    assert desk.chat("e2e-th-1", "รอนาน", shop_link(SECRET, "lazada", "e2e-th-1")).ok
    cid = journal.open_conversation("lazada:e2e-th-1").id
    assert desk.api("POST", f"/api/conversations/{cid}/claim", desk.login("ann")).status_code == 200
    sign_in(page, desk, "ann")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.get(f"{desk.url}/console#conversation={cid}")
    wait(page, lambda d: d.find_element(By.ID, "reply-text").is_enabled())
    page.find_element(By.ID, "template-search").send_keys("ส่งช้า")
    wait(page, lambda d: read(d, "#template-results", "data-query") == "ส่งช้า")
    first = page.find_element(By.CSS_SELECTOR, "[data-testid=template]")
    assert "ส่งช้ากว่าปกติ" in first.text
    first.click()
    text = read(page, "#reply-text", "value")
    assert text.startswith("ขออภัยค่ะ คำสั่งซื้อ 700000000") and text.endswith("นิด ค่ะ")
    assert severe_browser_errors(page) == []
