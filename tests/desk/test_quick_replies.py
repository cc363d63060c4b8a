"""The seller's quick replies: supervisors write them per buyer language (GET/POST/PUT/DELETE
/api/quick-replies), agents find them first among the reply templates of a chat in that
language, filled from the chat's order like the catalogue's."""

from __future__ import annotations

import pytest

from bot.commerce.importer import import_orders
from tests.desk.conftest import add_agent, shop_link
from tests.desk.test_agent_desk import SECRET
from tests.desk.test_console_browser import ORDERS

REPLY = {"language": "th", "title": "ส่งช้า", "text": "คำสั่งซื้อ {order_number} จะส่งพรุ่งนี้ ใช้โค้ด {SAVE10 ได้"}


@pytest.fixture
def replies_desk(make_desk, fake_rasa, journal):
    add_agent(journal, "sue", "supervisor")
    add_agent(journal, "ann", "tier1")
    return make_desk(fake_rasa.url, webhook_secret=SECRET)


def test_supervisors_write_change_and_delete_quick_replies(replies_desk):
    sue, ann = replies_desk.login("sue"), replies_desk.login("ann")
    added = replies_desk.api("POST", "/api/quick-replies", sue, json=REPLY)
    assert added.status_code == 201, added.text
    reply = added.json()["quick_reply"]
    assert (reply["title"], reply["updated_by"]) == ("ส่งช้า", "sue")
    assert replies_desk.api("POST", "/api/quick-replies", ann, json=REPLY).status_code == 403
    again = replies_desk.api("POST", "/api/quick-replies", sue, json=REPLY)
    assert again.status_code == 409
    assert "exists already" in again.json()["error"]
    in_english = {**REPLY, "language": "en", "text": "Soon"}
    english = replies_desk.api("POST", "/api/quick-replies", sue, json=in_english)
    assert english.status_code == 201  # the same title in another language: the reply translated
    listed = replies_desk.api("GET", "/api/quick-replies?lang=th", ann).json()["quick_replies"]
    assert [r["text"] for r in listed] == [REPLY["text"]]
    path = f"/api/quick-replies/{reply['id']}"
    changed = replies_desk.api("PUT", path, sue, json={**REPLY, "title": "ส่งช้ามาก"})
    assert changed.status_code == 200 and changed.json()["quick_reply"]["title"] == "ส่งช้ามาก"
    assert replies_desk.api("DELETE", path, ann).status_code == 403
    assert replies_desk.api("DELETE", path, sue).status_code == 204
    assert replies_desk.api("DELETE", path, sue).status_code == 404
    assert replies_desk.api("PUT", path, sue, json=REPLY).status_code == 404
    left = replies_desk.api("GET", "/api/quick-replies", ann).json()["quick_replies"]
    assert [r["language"] for r in left] == ["en"]


@pytest.mark.parametrize(
    "body",
    [
        {**REPLY, "language": "xx"},
        {**REPLY, "language": None},
        {**REPLY, "title": ""},
        {**REPLY, "title": "   "},
        {**REPLY, "title": 5},
        {**REPLY, "title": "t" * 121},
        {**REPLY, "text": ""},
        {**REPLY, "text": ["a"]},
        {"language": "th"},
    ],
)
def test_a_bad_quick_reply_is_400_and_nothing_is_saved(replies_desk, body):
    sue = replies_desk.login("sue")
    reply = replies_desk.api("POST", "/api/quick-replies", sue, json=body)
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]
    assert replies_desk.api("GET", "/api/quick-replies", sue).json()["quick_replies"] == []


def test_agents_find_the_sellers_reply_first_in_the_buyers_language_filled_from_the_order(
    replies_desk, journal
):
    import_orders(journal.engine, ORDERS / "orders.jsonl")
    sue = replies_desk.login("sue")
    assert replies_desk.api("POST", "/api/quick-replies", sue, json=REPLY).status_code == 201
    english = {"language": "en", "title": "Delay", "text": "Sorry for the delay"}
    assert replies_desk.api("POST", "/api/quick-replies", sue, json=english).status_code == 201
    # A Thai buyer (the fake bot reads "รอนาน" as Thai) with orders in the shop's data.
    assert replies_desk.chat("e2e-th-1", "รอนาน", shop_link(SECRET, "lazada", "e2e-th-1")).ok
    cid = journal.open_conversation("lazada:e2e-th-1").id
    found = replies_desk.api("GET", f"/api/templates?conversation_id={cid}", sue).json()["templates"]
    first = found[0]
    assert (first["own"], first["title"]) == (True, "ส่งช้า")
    assert "{order_number}" not in first["text"] and "คำสั่งซื้อ 700000000" in first["text"]
    assert "{SAVE10" in first["text"]  # a stray brace is the seller's text, not a format error
    assert all(t["title"] != "Delay" for t in found)  # the English reply is for English buyers
    assert not any(t.get("own") for t in found[1:])  # Kefu's own templates follow
    searched = replies_desk.api("GET", f"/api/templates?conversation_id={cid}&q=ส่งช้า", sue).json()
    assert searched["templates"][0]["name"] == first["name"]


def test_a_language_holds_a_bounded_number_of_quick_replies(replies_desk, journal, monkeypatch):
    from bot.desk import quick_replies

    monkeypatch.setattr(quick_replies, "MAX_PER_LANGUAGE", 2)
    sue = replies_desk.login("sue")
    for title in ("one", "two"):
        assert (
            replies_desk.api("POST", "/api/quick-replies", sue, json={**REPLY, "title": title}).status_code
            == 201
        )
    third = replies_desk.api("POST", "/api/quick-replies", sue, json={**REPLY, "title": "three"})
    assert third.status_code == 409
    assert "the most it may have" in third.json()["error"]
    assert (
        replies_desk.api("POST", "/api/quick-replies", sue, json={**REPLY, "language": "en"}).status_code
        == 201
    )


def test_two_supervisors_editing_one_reply_lose_no_change(replies_desk, journal):
    add_agent(journal, "kim", "supervisor")
    sue, kim = replies_desk.login("sue"), replies_desk.login("kim")
    read = replies_desk.api("POST", "/api/quick-replies", sue, json=REPLY).json()["quick_reply"]
    path = f"/api/quick-replies/{read['id']}"
    version = read["updated_at"]
    kims = replies_desk.api("PUT", path, kim, json={**REPLY, "text": "kim's", "updated_at": version})
    assert kims.status_code == 200, kims.text
    sues = replies_desk.api("PUT", path, sue, json={**REPLY, "text": "sue's", "updated_at": version})
    assert sues.status_code == 409 and "kim changed this quick reply meanwhile" in sues.json()["error"]
    [kept] = replies_desk.api("GET", "/api/quick-replies", sue).json()["quick_replies"]
    assert kept["text"] == "kim's"
    bad = replies_desk.api("PUT", path, sue, json={**REPLY, "updated_at": 5})
    assert bad.status_code == 400 and "updated_at" in bad.json()["error"]
    again = {**REPLY, "text": "sue's", "updated_at": kept["updated_at"]}  # reloaded: her edit goes in
    assert replies_desk.api("PUT", path, sue, json=again).status_code == 200
    assert replies_desk.api("PUT", path, kim, json={**REPLY, "text": "a script's"}).status_code == 200
