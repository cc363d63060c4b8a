"""The signed webhook channel: signatures, one reply per channel message however often it
arrives, and replies POSTed to the seller's outbound URL with retries."""

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from bot.channels.outbound import sign
from bot.desk.channels import chat_identity_key, chat_identity_signature
from bot.desk.records import Author, Inbound, Outgoing
from tests.desk.conftest import add_agent, free_port, shop_link
from tests.desk.fake_server import Outbound

SECRET = "webhook-secret"


@pytest.fixture
def hooked(make_desk, fake_rasa, outbound):
    return make_desk(fake_rasa.url, webhook_secret=SECRET, outbound_url=outbound.url)


def post(desk, payload: dict, secret: str | None = SECRET, header: str | None = None):
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Kefu-Signature"] = header or sign(secret, body)
    return requests.post(f"{desk.url}/channels/webhook", data=body, headers=headers, timeout=15)


def message(message_id="m-1", text="hello", **extra):
    return {"message_id": message_id, "buyer_id": "th-001", "marketplace": "lazada", "text": text, **extra}


def test_signatures_are_checked(hooked):
    assert post(hooked, message(), secret=None).status_code == 401
    assert post(hooked, message(), secret="wrong secret").status_code == 401
    assert post(hooked, message(), header="sha256=" + "0" * 64).status_code == 401
    body = json.dumps(message()).encode()
    prefixed = post(hooked, message(), header="sha256=" + sign(SECRET, body))
    assert prefixed.status_code == 200 and prefixed.json()["status"] == "accepted"


def test_without_a_secret_the_channel_is_disabled(desk):
    reply = post(desk, message())
    assert reply.status_code == 503 and "KEFU_WEBHOOK_SECRET" in reply.json()["error"]


@pytest.mark.parametrize(
    "payload, problem",
    [
        ({"buyer_id": "x", "marketplace": "lazada", "text": "hi"}, "message_id"),
        (message(text=""), "empty"),
        (message(text=123), "string"),
        (message(attachments="http://x"), "list"),
        (message(attachments=["ftp://x"]), "URL"),
        (message(buyer_id="a b"), "buyer_id"),
        # "lazada:th" + "001" would be the conversation of "lazada" + "th:001".
        (message(marketplace="lazada:th"), "without ':'"),
    ],
)
def test_bad_payloads_are_explained(hooked, payload, problem):
    reply = post(hooked, payload)
    assert reply.status_code == 400 and problem in reply.json()["error"]


def test_the_same_message_twice_gets_one_reply(hooked, outbound, fake_rasa):
    first = post(hooked, message("dup-1", "hello"))
    second = post(hooked, message("dup-1", "hello"))
    assert (first.json()["status"], second.json()["status"]) == ("accepted", "duplicate")
    hooked.drain()
    assert [r[0]["text"] for r in outbound.received] == ["Hi! How can I help?"]
    assert len(fake_rasa.received) == 1
    sent, headers, body = outbound.received[0]
    assert headers["X-Kefu-Signature"] == sign(SECRET, body)
    assert (sent["buyer_id"], sent["marketplace"], sent["from"]) == ("th-001", "lazada", "bot")


def test_replies_are_retried_until_delivered(make_desk, fake_rasa):
    receiver = Outbound(failures=2).start()
    try:
        desk = make_desk(fake_rasa.url, webhook_secret=SECRET, outbound_url=receiver.url)
        post(desk, message("retry-1", "hello"))
        desk.drain()
        assert receiver.attempts == 3 and len(receiver.received) == 1
        [reply] = [
            m
            for m in desk.journal.messages(receiver.received[0][0]["conversation_id"])
            if m.direction == "out"
        ]
        assert reply.delivery == "sent"
    finally:
        receiver.stop()


def test_a_reply_the_endpoint_did_not_take_is_sent_by_the_sweep_once_it_answers(make_desk, fake_rasa):
    """Down through all five attempts: the reply is not lost ("failed") but left pending, and
    the redelivery sweep sends it, once, when the endpoint answers again."""
    now = [datetime.now(timezone.utc)]
    down_then_up = Outbound(failures=5).start()
    try:
        desk = make_desk(
            fake_rasa.url, clock=lambda: now[0], webhook_secret=SECRET, outbound_url=down_then_up.url
        )
        cid = post(desk, message("lost-1", "hello")).json()["conversation_id"]
        desk.drain()
        desk.wait_until(lambda: down_then_up.attempts == 5)
        [reply] = [m for m in desk.journal.messages(cid) if m.direction == "out"]
        assert reply.delivery == "pending" and down_then_up.received == []
        desk.server.call(desk.hub.redeliver_pending())  # held by this desk for a while yet
        desk.drain()
        assert down_then_up.received == []
        now[0] += timedelta(minutes=2)
        desk.server.call(desk.hub.redeliver_pending())
        desk.drain()
        desk.wait_until(lambda: down_then_up.received)
        assert [r[0]["text"] for r in down_then_up.received] == ["Hi! How can I help?"]
        marks = lambda: [m.delivery for m in desk.journal.messages(cid) if m.direction == "out"]  # noqa: E731
        desk.wait_until(lambda: marks() == ["sent"])
    finally:
        down_then_up.stop()


def test_a_reply_undelivered_for_a_day_is_given_up(make_desk, fake_rasa, journal):
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, outbound_url=f"http://127.0.0.1:{free_port()}/x")
    at = datetime.now(timezone.utc) - timedelta(hours=25)
    recorded = journal.record_inbound(Inbound("webhook", "lazada", "th-030", "where is it"), now=at)
    reply = [Outgoing("For th-030", Author.BOT)]
    [left] = journal.record_outbound(recorded.conversation.id, reply, recorded.message.id, "pending", now=at)
    desk.server.call(desk.hub.redeliver_pending())
    desk.drain()
    assert [m.delivery for m in journal.messages(recorded.conversation.id) if m.id == left.id] == ["failed"]


def test_replies_a_stopped_desk_left_pending_go_out_once_as_a_desk_starts(
    make_desk, fake_rasa, outbound, journal
):
    earlier = datetime.now(timezone.utc) - timedelta(minutes=5)
    recorded = journal.record_inbound(Inbound("webhook", "lazada", "th-002", "where is it"), now=earlier)
    conversation = recorded.conversation.id
    [left] = journal.record_outbound(
        conversation,
        [Outgoing("Your parcel is on its way.", Author.BOT)],
        recorded.message.id,
        "pending",
        now=earlier,
    )
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, outbound_url=outbound.url)
    deadline = time.monotonic() + 10
    while not outbound.received and time.monotonic() < deadline:  # the sweep runs as it starts
        time.sleep(0.05)
    desk.drain()
    assert [r[0]["message_id"] for r in outbound.received] == [left.id]
    # The new desk's own reply is sent by its first delivery alone, and marked.
    answered = post(desk, message("new-1", "hello"))
    assert answered.json()["replies"] == 1
    # Handed to the endpoint before the webhook is answered (the order across replicas).
    assert [r[0]["text"] for r in outbound.received] == ["Your parcel is on its way.", "Hi! How can I help?"]
    desk.drain()
    assert len(outbound.received) == 2
    replies = [m for m in journal.messages(answered.json()["conversation_id"]) if m.direction == "out"]
    assert [m.delivery for m in replies] == ["sent"] * len(replies) and replies
    assert [m.delivery for m in journal.messages(conversation) if m.direction == "out"] == ["sent"]


def test_a_running_desk_sends_what_a_stopped_replica_left_pending_once_it_is_stale(
    make_desk, fake_rasa, outbound, journal
):
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, outbound_url=outbound.url)
    stale, fresh, given_up = (datetime.now(timezone.utc) - timedelta(minutes=m) for m in (10, 1, 20))
    left = {}
    for buyer, at in (("th-010", stale), ("th-011", fresh), ("th-012", given_up)):
        recorded = journal.record_inbound(Inbound("webhook", "lazada", buyer, "where is it"), now=at)
        [left[buyer]] = journal.record_outbound(
            recorded.conversation.id,
            [Outgoing(f"For {buyer}", Author.BOT)],
            recorded.message.id,
            "pending",
            now=at,
        )
    journal.mark_delivery([left["th-012"].id], "failed", 5)
    desk.server.call(desk.hub.redeliver_pending())
    # The sweep the desk runs as it starts may be the one that claimed it, still on its way.
    desk.wait_until(lambda: outbound.received)
    desk.drain()
    # Another replica may still be at the minute-old one; the failed one stays failed.
    assert [r[0]["text"] for r in outbound.received] == ["For th-010"]
    desk.server.call(desk.hub.redeliver_pending())
    desk.drain()
    assert len(outbound.received) == 1


def test_two_desks_sweeping_at_once_send_a_left_reply_once(make_desk, fake_rasa, journal):
    """Replicas sweep for replies a stopped desk left at the same time: one takes each over.
    The endpoint is slow, so the first sweep's send is still under way when the second looks."""
    from tests.desk.fake_server import Outbound

    slow = Outbound(delay=1.0).start()
    try:
        desks = [make_desk(fake_rasa.url, webhook_secret=SECRET, outbound_url=slow.url) for _ in range(2)]
        at = datetime.now(timezone.utc) - timedelta(minutes=10)
        recorded = journal.record_inbound(Inbound("webhook", "lazada", "th-020", "where is it"), now=at)
        reply = [Outgoing("For th-020", Author.BOT)]
        journal.record_outbound(recorded.conversation.id, reply, recorded.message.id, "pending", now=at)
        for desk in desks:
            desk.server.call(desk.hub.redeliver_pending())
        for desk in desks:
            desk.drain()
        desks[0].wait_until(lambda: slow.received)
        time.sleep(1.5)  # a second send would have arrived by now
        assert [r[0]["text"] for r in slow.received] == ["For th-020"]
    finally:
        slow.stop()


def test_a_message_whose_handling_failed_is_answered_when_the_channel_sends_it_again(
    make_desk, fake_rasa, outbound, monkeypatch
):
    now = [datetime.now(timezone.utc)]
    desk = make_desk(fake_rasa.url, clock=lambda: now[0], webhook_secret=SECRET, outbound_url=outbound.url)
    record_outbound = desk.hub.journal.record_outbound

    def fails_once(*args, **kwargs):  # the database gives out after the message was journaled
        monkeypatch.setattr(desk.hub.journal, "record_outbound", record_outbound)
        raise RuntimeError("database is locked")

    monkeypatch.setattr(desk.hub.journal, "record_outbound", fails_once)
    assert post(desk, message("lost-answer", "hello")).status_code == 500
    # The channel's prompt retry finds the message still possibly being handled.
    assert post(desk, message("lost-answer", "hello")).json()["status"] == "duplicate"
    now[0] += timedelta(minutes=3)
    again = post(desk, message("lost-answer", "hello")).json()
    assert (again["status"], again["replies"]) == ("accepted", 1)
    assert post(desk, message("lost-answer", "hello")).json()["status"] == "duplicate"
    desk.drain()
    assert [r[0]["text"] for r in outbound.received] == ["Hi! How can I help?"]
    # Asked again: the real REST channel answers a message it read before from its tracker.
    assert len(fake_rasa.received) == 2


def test_a_message_whose_handling_stopped_is_answered_by_the_sweep_once_though_never_sent_again(
    make_desk, fake_rasa, outbound, monkeypatch
):
    now = [datetime.now(timezone.utc)]
    desk = make_desk(fake_rasa.url, clock=lambda: now[0], webhook_secret=SECRET, outbound_url=outbound.url)
    record_outbound = desk.hub.journal.record_outbound

    def fails_once(*args, **kwargs):  # the desk stops after the message was journaled
        monkeypatch.setattr(desk.hub.journal, "record_outbound", record_outbound)
        raise RuntimeError("desk stopped")

    monkeypatch.setattr(desk.hub.journal, "record_outbound", fails_once)
    assert post(desk, message("never-sent-again", "hello")).status_code == 500
    # Soon after, its desk may still be at it: nothing is taken up.
    assert desk.server.call(desk.hub.answer_unhandled()) == 0
    now[0] += timedelta(minutes=3)
    # Two desks sweeping: one answers it.
    assert desk.server.call(desk.hub.answer_unhandled()) == 1
    assert desk.server.call(desk.hub.answer_unhandled()) == 0
    desk.drain()
    assert [r[0]["text"] for r in outbound.received] == ["Hi! How can I help?"]
    # A copy the channel sends later is a duplicate with that answer, not a third reading.
    again = post(desk, message("never-sent-again", "hello")).json()
    assert (again["status"], again["replies"]) == ("duplicate", 1)
    assert len(fake_rasa.received) == 2


def test_agent_replies_to_webhook_buyers_go_out(hooked, outbound, journal):
    add_agent(journal, "amy", "tier2")
    cid = post(hooked, message("esc-1", "it arrived broken", opened_from="order_page")).json()[
        "conversation_id"
    ]
    assert journal.conversation(cid).opened_from == "after_sale"
    token = hooked.login("amy")
    hooked.api("POST", f"/api/conversations/{cid}/claim", token)
    hooked.api("POST", f"/api/conversations/{cid}/messages", token, json={"text": "Sorry! A photo please?"})
    hooked.drain()
    texts = [(r[0]["from"], r[0]["text"]) for r in outbound.received]
    assert texts[-1] == ("agent", "Sorry! A photo please?")
    assert texts[0] == ("bot", "I'm passing you to our after-sales team.")


def test_web_chat_claims_a_marketplace_identity_only_when_signed(hooked, fake_rasa):
    expires = int(time.time()) + 600
    claim = {"marketplace": "lazada", "buyer_id": "th-001", "expires": expires}
    for wrong in (
        {},
        {"signature": "0" * 64},
        {"signature": chat_identity_signature("other", "lazada", "th-001", expires)},
        # The webhook secret itself is not the key: a link's signature never passes for a webhook's.
        {"signature": chat_identity_signature(SECRET, "lazada", "th-001", expires)},
        # Signed for another expiry: the shop's signature covers it.
        {"signature": shop_link(SECRET, "lazada", "th-001", hours=2)["signature"]},
    ):
        refused = requests.post(f"{hooked.url}/chat/session", json={**claim, **wrong}, timeout=10)
        assert refused.status_code == 401 and "signature" in refused.json()["error"]
    hooked.chat("th-001", "hello")  # no signature: a web visitor, named by the desk
    hooked.chat("th-001", "hello", shop_link(SECRET, "lazada", "th-001"))
    visitor, signed = [r["sender"] for r in fake_rasa.received]
    assert visitor.startswith("web:v-") and visitor != "web:th-001"
    assert signed == "lazada:th-001"


@pytest.mark.parametrize(
    "hours, words",
    [(-0.01, "has expired"), (24.1, "more than 24 h ahead"), (24 * 365 * 10, "more than 24 h ahead")],
)
def test_a_chat_link_out_of_date_is_refused_with_a_clear_401(hooked, hours, words):
    """A leaked link works only until it expires, and a shop cannot sign one for ever."""
    link = shop_link(SECRET, "lazada", "th-001", hours=hours)
    refused = requests.post(f"{hooked.url}/chat/session", json=link, timeout=10)
    assert refused.status_code == 401 and words in refused.json()["error"]


def test_a_chat_link_names_a_marketplace_without_a_colon(hooked):
    """Signed "lazada:th" + "001" would open the conversation of "lazada" + "th:001"."""
    link = shop_link(SECRET, "lazada:th", "001")
    refused = requests.post(f"{hooked.url}/chat/session", json=link, timeout=10)
    assert refused.status_code == 400 and "without ':'" in refused.json()["error"]


def test_a_chat_link_needs_its_expiry(hooked):
    link = shop_link(SECRET, "lazada", "th-001")
    for expires in (None, "soon", "1.5e9", -1, True):
        refused = requests.post(f"{hooked.url}/chat/session", json={**link, "expires": expires}, timeout=10)
        assert refused.status_code == 401 and "'expires' in unix seconds" in refused.json()["error"], expires


def test_the_chat_link_key_is_its_own_secret_or_one_derived_from_the_webhooks():
    import hashlib
    import hmac

    assert chat_identity_key(None, None) is None  # no signed buyers at all
    derived = hmac.new(b"w", b"kefu web chat identity", hashlib.sha256).hexdigest()
    assert chat_identity_key(None, "w") == derived != "w"
    assert chat_identity_key("links", "w") == "links"


def test_a_chat_link_signed_with_its_own_secret(make_desk, fake_rasa):
    """KEFU_CHAT_IDENTITY_SECRET, when set, is the key: changing it voids every link, not the webhooks."""
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, chat_identity_secret="links-only")
    expires = int(time.time()) + 600
    signature = chat_identity_signature("links-only", "lazada", "th-001", expires)
    link = {"marketplace": "lazada", "buyer_id": "th-001", "expires": str(expires), "signature": signature}
    assert desk.sender("th-001", link) == "lazada:th-001"
    derived = shop_link(SECRET, "lazada", "th-001")  # the webhook secret's key no longer signs links
    assert requests.post(f"{desk.url}/chat/session", json=derived, timeout=10).status_code == 401


def test_the_same_message_id_from_another_buyer_is_another_message(hooked, outbound, fake_rasa):
    for buyer in ("th-001", "th-002"):
        reply = post(hooked, message(buyer_id=buyer, message_id="m-2", text=f"hello from {buyer}"))
        assert reply.json()["status"] == "accepted", buyer
    assert [r["sender"] for r in fake_rasa.received] == ["lazada:th-001", "lazada:th-002"]


def test_a_marketplace_name_cannot_make_one_buyer_another(hooked, outbound, fake_rasa):
    """Sender ids join marketplace and buyer id with ':'; a buyer id may hold ':' (the
    marketplace's own ids do), so a marketplace name holding one would let marketplace
    "lazada:th" + buyer "001" share the conversation of marketplace "lazada" + buyer "th:001"."""
    first = post(hooked, message(buyer_id="th:001", message_id="m-1", text="hello"))
    assert first.json()["status"] == "accepted"
    other = post(hooked, message(marketplace="lazada:th", buyer_id="001", message_id="m-2", text="hi"))
    assert other.status_code == 400 and "without ':'" in other.json()["error"]
    hooked.drain()
    assert [r[0]["buyer_id"] for r in outbound.received] == ["th:001"]
