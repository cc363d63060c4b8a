"""Finding any order from the console: an agent holding an anonymous web-chat visitor's chat
types the order number the visitor gave, sees the order drawn as the chat's own orders are,
and is warned it belongs to another buyer; a wrong number says none was found."""

from __future__ import annotations

from bot.commerce.importer import import_orders
from tests.desk.conftest import add_agent
from tests.desk.test_agent_desk import SECRET
from tests.desk.test_console_browser import (  # noqa: F401 - browser: the page fixture needs it
    ORDERS,
    By,
    ec,
    read,
    severe_browser_errors,
    sign_in,
    wait,
)


def test_an_agent_finds_a_visitors_order_and_is_told_to_check_who_they_are(
    page,  # noqa: F811
    make_desk,
    fake_rasa,
    journal,
):
    import_orders(journal.engine, ORDERS / "orders.jsonl")
    add_agent(journal, "ann", "tier1")
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET)
    desk.chat("v-1", "I want a person, my order is 7000000003")
    cid = journal.open_conversation(desk.sender("v-1")).id
    assert desk.api("POST", f"/api/conversations/{cid}/claim", desk.login("ann")).status_code == 200

    sign_in(page, desk, "ann")
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=logout]")))
    page.get(f"{desk.url}/console#conversation={cid}")
    wait(page, lambda d: d.find_element(By.ID, "reply-text").is_enabled())
    # The visitor is nobody yet: no orders of their own.
    wait(page, lambda d: "No orders found" in d.find_element(By.CSS_SELECTOR, "[data-testid=orders]").text)

    page.find_element(By.ID, "order-lookup-reference").send_keys("7000000999")
    page.find_element(By.CSS_SELECTOR, "[data-testid=order-lookup-find]").click()
    warning_line = "[data-testid=order-lookup-warning]"
    wait(page, lambda d: "no order has that number" in d.find_element(By.CSS_SELECTOR, warning_line).text)

    field = page.find_element(By.ID, "order-lookup-reference")
    field.clear()
    field.send_keys("7000000003")
    page.find_element(By.CSS_SELECTOR, "[data-testid=order-lookup-find]").click()
    card = "[data-testid=order-lookup-result] [data-testid=order]"
    assert read(page, card, "data-order-number") == "7000000003"
    wait(page, lambda d: "e2e-th-1" in d.find_element(By.CSS_SELECTOR, warning_line).text)
    assert "check who you are talking to" in read(page, warning_line)
    # The browser logs the unknown number's 404 itself; nothing else went wrong.
    unknown = "/api/orders/lookup?reference=7000000999"
    assert [e for e in severe_browser_errors(page) if unknown not in e["message"]] == []
