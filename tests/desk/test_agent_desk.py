"""The agent's daily basics and the two queues, through the real desk (Redis, SQLite
journal and orders; Rasa scripted at its edge): pre-sale and after-sale queues with
their own first-response targets, my chats, history search, transfers with a note,
the bot's case tags on a conversation and the queue filtered by tag."""

from __future__ import annotations

import pytest
import requests

from bot.commerce.importer import import_orders
from bot.commerce.repository import CommerceRepository
from bot.commerce.views import BuyerRef
from bot.seller.desk import DeskConfig
from bot.seller.hours import WorkingHours
from bot.seller.routing import queue_after_escalation
from tests.desk.conftest import add_agent, next_event, shop_link
from tests.desk.test_console_browser import ORDERS

SECRET = "agent-desk-secret"
TARGETS = {("pre_sale", 1): 3, ("after_sale", 1): 10, ("pre_sale", 2): 4, ("after_sale", 2): 20}


def queued(desk, token, **params) -> dict:
    """{conversation_id: queue item} of every tier this agent sees."""
    tiers = desk.api("GET", "/api/queues", token, params=params).json()["tiers"]
    return {c["conversation_id"]: c for t in tiers for c in t["conversations"]}


def escalate(desk, name: str, text: str = "a person please", **extra) -> str:
    assert desk.chat(name, text, **extra).status_code == 200
    return desk.journal.open_conversation(desk.sender(name)).id


def test_pre_sale_and_after_sale_are_two_queues_with_their_own_targets(make_desk, fake_rasa, journal):
    config = DeskConfig(hours=WorkingHours(), first_response_minutes=5, first_response_targets=TARGETS)
    desk = make_desk(fake_rasa.url, config=config)
    add_agent(journal, "ann", "tier1")
    shop = escalate(desk, "v-shop", opened_from="product_page")
    order = escalate(desk, "v-order", opened_from="order_list")
    items = queued(desk, desk.login("ann"))
    assert (items[shop]["queue"], items[order]["queue"]) == ("pre_sale", "after_sale")
    assert 170 <= items[shop]["seconds_left"] <= 180
    assert 590 <= items[order]["seconds_left"] <= 600
    assert journal.conversation(order).opened_from == "after_sale"


def test_my_chats_come_from_the_server_and_follow_the_chat(desk, journal):
    for name, role in (("ann", "tier1"), ("bob", "tier1"), ("tess", "trainer")):
        add_agent(journal, name, role)
    ann, bob, tess = desk.login("ann"), desk.login("bob"), desk.login("tess")
    first, second = escalate(desk, "v-m1"), escalate(desk, "v-m2")
    for cid in (first, second):
        assert desk.api("POST", f"/api/conversations/{cid}/claim", ann).status_code == 200
    mine = desk.api("GET", "/api/my/conversations", ann).json()["conversations"]
    assert [c["id"] for c in mine] == [first, second]
    assert desk.api("GET", "/api/my/conversations", bob).json() == {"conversations": []}
    assert desk.api("GET", "/api/my/conversations", tess).status_code == 403
    assert desk.api("GET", "/api/my/conversations").status_code == 401
    desk.api("POST", f"/api/conversations/{first}/resolve", ann)
    assert [c["id"] for c in desk.api("GET", "/api/my/conversations", ann).json()["conversations"]] == [
        second
    ]


def test_history_is_searched_by_buyer_order_number_and_words(desk, journal):
    add_agent(journal, "ann", "tier1")
    add_agent(journal, "sup", "supervisor")
    ann, sup = desk.login("ann"), desk.login("sup")
    mug = escalate(desk, "v-h1", "a person please, order 7000000001 has no mug")
    desk.chat("v-h2", "hello, is the teapot 50% off?")
    angry = escalate(desk, "v-h3", "this is a scam, order 7000000001")  # tier 3

    def found(token, **params):
        reply = desk.api("GET", "/api/history", token, params=params)
        assert reply.status_code == 200, reply.text
        return reply.json()

    assert [c["id"] for c in found(sup, order="7000000001")["conversations"]] == [angry, mug]
    assert [c["id"] for c in found(ann, order="7000000001")["conversations"]] == [mug]  # tier 3 is not hers
    hit = found(ann, q="NO MUG")["conversations"]
    assert [c["id"] for c in hit] == [mug] and "7000000001 has no mug" in hit[0]["snippet"]
    buyer = journal.conversation(mug).buyer_id
    assert [c["id"] for c in found(sup, buyer=buyer[:8])["conversations"]] == [mug]
    assert len(found(sup, q="50%")["conversations"]) == 1
    assert found(sup, q="5_%")["conversations"] == []  # wildcards are literal
    first = found(sup, limit=2)
    assert len(first["conversations"]) == 2 and first["more"]
    rest = found(sup, limit=2, offset=2)
    assert len(rest["conversations"]) == 1 and not rest["more"]
    assert desk.api("GET", "/api/history", sup, params={"limit": "x"}).status_code == 400
    assert desk.api("GET", "/api/history", sup, params={"q": "x" * 101}).status_code == 400


def test_transfer_to_a_tier_with_a_note_queues_it_there(desk, journal):
    for name, role in (("ann", "tier1"), ("bob", "tier1"), ("cat", "tier2")):
        add_agent(journal, name, role)
    ann, bob, cat = desk.login("ann"), desk.login("bob"), desk.login("cat")
    cid = escalate(desk, "v-t1")
    desk.api("POST", f"/api/conversations/{cid}/claim", ann)
    path = f"/api/conversations/{cid}/transfer"
    assert desk.api("POST", path, bob, json={"tier": 2, "note": "x"}).status_code == 403
    assert desk.api("POST", path, ann, json={"tier": 2, "note": "  "}).status_code == 400
    assert desk.api("POST", path, ann, json={"tier": 2, "agent": "cat", "note": "x"}).status_code == 400
    assert desk.api("POST", path, ann, json={"tier": 7, "note": "x"}).status_code == 400
    reply = desk.api("POST", path, ann, json={"tier": 2, "note": "Refund over my limit"})
    assert reply.status_code == 200, reply.text
    moved = reply.json()["conversation"]
    assert (moved["status"], moved["tier"], moved["agent_id"]) == ("queued", 2, None)
    item = queued(desk, cat)[cid]
    assert (item["tier"], item["note"], item["claimed_by"]) == (2, "Refund over my limit", None)
    assert cid not in queued(desk, ann)
    assert desk.api("GET", f"/api/conversations/{cid}", ann).status_code == 403
    detail = desk.api("GET", f"/api/conversations/{cid}", cat).json()
    assert [(n["agent"], n["text"]) for n in detail["notes"]] == [("ann", "Refund over my limit")]
    [event] = [e for e in journal.events(cid) if e["kind"] == "transferred"]
    assert (
        event["tier"] == 2
        and event["data"]["from_tier"] == 1
        and event["data"]["note"] == "Refund over my limit"
    )
    assert desk.api("POST", f"/api/conversations/{cid}/claim", cat).status_code == 200


def test_transfer_to_a_colleague_hands_them_the_chat_live(desk, journal):
    for name, role in (("ann", "tier1"), ("bob", "tier1"), ("cat", "tier2")):
        add_agent(journal, name, role)
    ann, bob = desk.login("ann"), desk.login("bob")
    cid = escalate(desk, "v-t2")
    assert {a["username"] for a in desk.api("GET", "/api/colleagues", ann).json()["agents"]} == {
        "ann",
        "bob",
        "cat",
    }
    desk.api("POST", f"/api/conversations/{cid}/claim", ann)
    path = f"/api/conversations/{cid}/transfer"
    assert desk.api("POST", path, ann, json={"agent": "nobody", "note": "x"}).status_code == 400
    assert desk.api("POST", path, ann, json={"agent": "ann", "note": "x"}).status_code == 409
    headers = {"Authorization": f"Bearer {bob}"}
    with requests.get(f"{desk.url}/api/events", headers=headers, stream=True, timeout=10) as stream:
        next_event(stream, "queue")
        reply = desk.api("POST", path, ann, json={"agent": "bob", "note": "Thai speaker needed"})
        assert reply.status_code == 200, reply.text
        told = next_event(stream, "transfer")
    assert (told["conversation_id"], told["to_agent"], told["by"]) == (cid, "bob", "ann")
    assert told["note"] == "Thai speaker needed"
    assert [c["id"] for c in desk.api("GET", "/api/my/conversations", bob).json()["conversations"]] == [cid]
    assert desk.api("GET", "/api/my/conversations", ann).json()["conversations"] == []
    send = f"/api/conversations/{cid}/messages"
    assert desk.api("POST", send, ann, json={"text": "hi"}).status_code == 403
    assert desk.api("POST", send, bob, json={"text": "สวัสดีค่ะ"}).status_code == 201
    assert desk.server.call(desk.hub.queue.item(cid))["claimed_by"] == "bob"


def test_the_bots_case_tags_show_on_the_conversation_and_filter_the_queue(make_desk, fake_rasa, journal):
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET)
    import_orders(journal.engine, ORDERS / "orders.jsonl")
    add_agent(journal, "cat", "tier2")
    cat = desk.login("cat")
    buyer = BuyerRef("lazada", "e2e-th-1")
    CommerceRepository(journal.engine).open_case(
        buyer, "7000000002", "damaged", photos=["https://example.com/a.jpg"], tag="red"
    )
    assert desk.chat("e2e-th-1", "it arrived broken", shop_link(SECRET, "lazada", "e2e-th-1")).ok
    damaged = desk.journal.open_conversation("lazada:e2e-th-1").id
    other = escalate(desk, "v-plain", "it arrived broken")
    assert queued(desk, cat)[damaged]["tags"] == ["red"]
    assert set(queued(desk, cat)) == {damaged, other}
    assert set(queued(desk, cat, tag="red")) == {damaged}
    assert queued(desk, cat, tag="purple") == {}
    # A colour that does not exist is refused, not answered with an empty queue.
    pink = desk.api("GET", "/api/queues", cat, params={"tag": "pink"})
    assert pink.status_code == 400 and "'tag' must be one of" in pink.json()["error"], pink.text
    desk.api("POST", f"/api/conversations/{other}/tags", cat, json={"tags": ["blue"]})
    assert set(queued(desk, cat, tag="blue")) == {other}
    orders = desk.api("GET", f"/api/conversations/{damaged}", cat).json()["orders"]
    cases = [case for order in orders for case in order["cases"]]
    assert [(c["kind"], c["tag"]) for c in cases] == [("damaged", "red")]


def test_reply_templates_fill_in_the_order_the_conversation_is_about(make_desk, fake_rasa, journal):
    """Not simply the buyer's newest order: the one the bot and the buyer are on (order_id)."""
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET)
    import_orders(journal.engine, ORDERS / "orders.jsonl")
    add_agent(journal, "sue", "supervisor")
    assert desk.chat("e2e-th-1", "it arrived broken", shop_link(SECRET, "lazada", "e2e-th-1")).ok
    cid = desk.journal.open_conversation("lazada:e2e-th-1").id
    sue = desk.login("sue")

    def filled_in() -> str:
        found = desk.api("GET", f"/api/templates?conversation_id={cid}", sue)
        assert found.status_code == 200, found.text
        return " ".join(t["text"] for t in found.json()["templates"])

    for order_number, others in (("7000000001", "7000000003"), ("7000000003", "7000000001")):
        fake_rasa.tracker("lazada:e2e-th-1").slots["order_id"] = order_number
        text = filled_in()
        assert order_number in text and others not in text, order_number


def test_a_reply_with_a_templates_blank_left_in_is_refused_before_it_reaches_the_buyer(
    make_desk, fake_rasa, journal
):
    """A refund template sent through the API as the library gave it (no refund on the order)
    reached the buyer as "refund {refund_amount} made on {processed_date}"."""
    desk = make_desk(fake_rasa.url)
    add_agent(journal, "sue", "supervisor")
    sue = desk.login("sue")
    cid = escalate(desk, "v-blank")
    assert desk.api("POST", f"/api/conversations/{cid}/claim", sue).status_code == 200
    found = desk.api("GET", f"/api/templates?conversation_id={cid}&q=refund", sue).json()["templates"]
    text = next(t["text"] for t in found if t["name"] == "utter_refund_processed")
    assert "{refund_amount}" in text  # nothing to fill it from
    refused = desk.api("POST", f"/api/conversations/{cid}/messages", sue, json={"text": text})
    assert refused.status_code == 400 and "{refund_amount}" in refused.json()["error"]
    assert all("{refund_amount}" not in m.text for m in journal.messages(cid))
    filled = text.format(refund_amount="12.00 USD", processed_date="3 Dec", order_number="7000000001")
    assert (
        desk.api("POST", f"/api/conversations/{cid}/messages", sue, json={"text": filled}).status_code == 201
    )


def test_a_chat_the_bot_hands_over_about_an_order_is_after_sale_wherever_it_was_opened(desk, journal):
    """A console review: the web chat names no source, and chats about a broken item, a refund
    or customs sat in the pre-sale tab (After-sale (0) all session)."""
    add_agent(journal, "ann", "tier2")
    broken = escalate(desk, "v-broken", "the mug came broken")  # the bot hands it over: damaged_item
    person = escalate(desk, "v-person", "a person please")  # human_handoff: where it was opened
    items = queued(desk, desk.login("ann"))
    assert (items[broken]["queue"], items[person]["queue"]) == ("after_sale", "pre_sale")
    assert journal.conversation(broken).opened_from == "after_sale"


@pytest.mark.parametrize(
    ("reason", "queue"),
    [
        ("refund_status", "after_sale"),
        ("disputes_customs_duty", "after_sale"),
        ("address_change", "after_sale"),
        ("human_handoff", "pre_sale"),
        ("low_confidence", "pre_sale"),
        ("pre_sale", "pre_sale"),
    ],
)
def test_the_queue_follows_the_reason_the_bot_handed_over_for(reason, queue):
    assert queue_after_escalation("pre_sale", reason) == queue
    assert queue_after_escalation("after_sale", reason) == "after_sale"  # opened from an order page
