"""Web chat buyers are who the desk says: a session the desk issued and signed, never a
buyer_id the page picks. Mallory can neither read nor spoil Alice's chat."""

import requests

from bot.desk.auth import issue_token
from bot.desk.chat_sessions import issue_chat_token
from tests.desk.conftest import add_agent


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_posting_and_polling_need_a_session(desk):
    for method, body in (("POST", {"buyer_id": "alice", "text": "hello"}), ("GET", None)):
        reply = requests.request(method, f"{desk.url}/chat/messages?buyer_id=alice", json=body, timeout=10)
        assert reply.status_code == 401 and "POST /chat/session" in reply.json()["error"], method
        forged = requests.request(
            method, f"{desk.url}/chat/messages", json=body, headers=bearer("a.b.c"), timeout=10
        )
        assert forged.status_code == 401, method


def test_a_visitor_gets_a_fresh_unguessable_id_whatever_it_asks_for(desk):
    first = requests.post(f"{desk.url}/chat/session", json={}, timeout=10).json()
    second = requests.post(f"{desk.url}/chat/session", timeout=10).json()
    assert first["marketplace"] == second["marketplace"] == "web"
    assert first["buyer_id"] != second["buyer_id"] and len(first["buyer_id"]) >= 20
    # Naming a buyer without the shop's signature is refused, not quietly granted.
    claim = {"marketplace": "web", "buyer_id": first["buyer_id"]}
    claimed = requests.post(f"{desk.url}/chat/session", json=claim, timeout=10)
    assert claimed.status_code == 401 and "signature" in claimed.json()["error"]
    incomplete = requests.post(f"{desk.url}/chat/session", json={"buyer_id": first["buyer_id"]}, timeout=10)
    assert incomplete.status_code == 400 and "marketplace" in incomplete.json()["error"]


def test_mallory_cannot_read_or_spoil_alices_chat(desk, journal, fake_rasa):
    desk.chat("alice", "my address is 1 Secret Road", message_id="2")
    alice = desk.chat_session("alice")
    mallory = desk.chat_session("mallory")
    # Mallory's message with Alice's message id and buyer id is Mallory's own, answered for her.
    spoiled = requests.post(
        f"{desk.url}/chat/messages",
        json={"buyer_id": alice["buyer_id"], "message_id": "2", "text": "good day from mallory"},
        headers=bearer(mallory["token"]),
        timeout=10,
    )
    assert [m["text"] for m in spoiled.json()["messages"]] == ["bot heard: good day from mallory"]
    assert [r["sender"] for r in fake_rasa.received] == [desk.sender("alice"), desk.sender("mallory")]
    # Polling with Alice's id in the query reads Mallory's chat, never Alice's.
    polled = requests.get(
        f"{desk.url}/chat/messages?after=0&buyer_id={alice['buyer_id']}",
        headers=bearer(mallory["token"]),
        timeout=10,
    ).json()["messages"]
    assert "Secret Road" not in str(polled) and [m["text"] for m in polled] == [
        "bot heard: good day from mallory"
    ]
    # Alice's conversation has her message only; Mallory's went to her own.
    alices = journal.messages(journal.open_conversation(desk.sender("alice")).id)
    assert [m.text for m in alices if m.direction == "in"] == ["my address is 1 Secret Road"]


def test_alice_resending_her_message_id_is_answered_once(desk, fake_rasa):
    first = desk.chat("alice", "hello", message_id="7").json()["messages"]
    again = desk.chat("alice", "hello", message_id="7").json()["messages"]
    assert first == again and len(fake_rasa.received) == 1


def test_an_agents_token_is_not_a_buyers_session_nor_the_other_way(desk, journal):
    settings = desk.server.app.ctx.settings
    agent = add_agent(journal, "ann", "supervisor")
    agent_token, _ = issue_token(settings.desk_secret, agent.id, 1)
    assert (
        requests.get(f"{desk.url}/chat/messages", headers=bearer(agent_token), timeout=10).status_code == 401
    )
    buyer_token, _ = issue_chat_token(settings.desk_secret, "web", str(agent.id), 1)
    assert desk.api("GET", "/api/me", buyer_token).status_code == 401
    other_desk, _ = issue_chat_token("another desk's secret", "web", "v-x", 1)
    assert (
        requests.get(f"{desk.url}/chat/messages", headers=bearer(other_desk), timeout=10).status_code == 401
    )


def test_a_shop_frames_the_chat_only_where_the_seller_allows(make_desk, fake_rasa):
    own = requests.get(f"{make_desk(fake_rasa.url).url}/chat", timeout=10)
    assert "frame-ancestors 'self'" in own.headers["content-security-policy"]
    assert own.headers["x-frame-options"] == "SAMEORIGIN"
    shop = make_desk(fake_rasa.url, chat_frame_ancestors="'self' https://shop.example")
    framed = requests.get(f"{shop.url}/chat", timeout=10)
    assert "frame-ancestors 'self' https://shop.example" in framed.headers["content-security-policy"]
    assert "x-frame-options" not in framed.headers


def test_a_reloaded_chat_shows_the_buyers_messages_and_later_polls_only_new_replies(desk, fake_rasa):
    """A console review (2026-12-07): after a reload the web chat showed the replies alone,
    every message the buyer wrote gone."""
    first = desk.chat("alice", "where is my parcel?").json()["messages"]
    desk.chat("alice", "thanks")
    token = desk.chat_session("alice")["token"]
    reloaded = desk.api("GET", "/chat/messages?after=0&history=1", token=token).json()["messages"]
    assert [(m["from"], m["text"]) for m in reloaded] == [
        ("buyer", "where is my parcel?"),
        ("bot", "bot heard: where is my parcel?"),
        ("buyer", "thanks"),
        ("bot", "bot heard: thanks"),
    ]
    later = desk.poll("alice", after=first[-1]["id"]).json()["messages"]
    assert [(m["from"], m["text"]) for m in later] == [("bot", "bot heard: thanks")]
    # Mallory's history is her own, Alice's never.
    mallory = desk.chat_session("mallory")["token"]
    assert desk.api("GET", "/chat/messages?history=1", token=mallory).json()["messages"] == []
