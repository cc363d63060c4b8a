"""The desk in front of the real Rasa server and action server: escalations queue in the
tier the routing rules chose, a person takes over (the bot stays silent), hands back (the
bot answers again), and the transcript is whole in the journal and in the Rasa tracker."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.desk.conftest import DeskClient, add_agent, shop_link
from tests.e2e.conftest import desk_before
from tests.e2e.test_servers import replied_with

pytestmark = [pytest.mark.model, pytest.mark.servers]

SECRET = "e2e-webhook-secret"


@pytest.fixture(scope="module")
def desk(stack, database_url):
    with desk_before(stack, database_url, SECRET, desk_rasa_timeout=10.0) as server:
        client = DeskClient(server, server.app.ctx.hub.journal)
        add_agent(client.journal, f"sup-{uuid.uuid4().hex[:6]}", "supervisor")
        yield client


@pytest.fixture(scope="module")
def supervisor(desk):
    [agent] = [a for a in desk.journal.agents() if a.role == "supervisor"]
    return agent, desk.login(agent.username)


def tracker(stack, sender: str) -> dict:
    return requests.get(
        f"{stack.settings.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.settings.rasa_token},
        timeout=30,
    ).json()


def queued(desk, token, buyer: str) -> dict:
    for tier in desk.api("GET", "/api/queues", token).json()["tiers"]:
        for item in tier["conversations"]:
            if item["buyer_id"] == buyer:
                return item
    raise AssertionError(f"{buyer} is not queued")


def test_takeover_end_to_end(stack, desk, supervisor):
    agent, token = supervisor
    name = f"v-{uuid.uuid4().hex[:10]}"
    buyer, sender = desk.chat_session(name)["buyer_id"], desk.sender(name)  # the desk names web visitors
    greeting = desk.chat(name, "hello there, good morning").json()["messages"]
    assert replied_with(greeting[0], "en", "utter_greet")

    complaint = desk.chat(name, "this is a scam, I'm opening a dispute and leaving a 1 star review").json()
    assert replied_with(complaint["messages"][0], "en", "utter_handoff")
    assert "senior customer care" in complaint["messages"][0]["text"]
    item = queued(desk, token, buyer)
    assert (item["tier"], item["reason"]) == (3, "complaint")

    claimed = desk.api("POST", f"/api/conversations/{item['conversation_id']}/claim", token)
    assert claimed.json()["conversation"]["status"] == "assigned"
    assert tracker(stack, sender)["paused"] is True

    # Held: the buyer's message reaches the agent, the bot says nothing.
    assert desk.chat(name, "hello?? is anyone there").json()["messages"] == []
    held = desk.journal.messages(item["conversation_id"])[-1]
    assert (held.text, held.language) == ("hello?? is anyone there", "en") and held.intent

    sent = desk.api(
        "POST",
        f"/api/conversations/{item['conversation_id']}/messages",
        token,
        json={"text": "Hi, Sue here."},
    )
    assert sent.status_code == 201
    polled = desk.poll(name, greeting[0]["id"]).json()["messages"]
    assert polled[-1]["text"] == "Hi, Sue here." and polled[-1]["from"] == "agent"
    agent_event = [e for e in tracker(stack, sender)["events"] if e["event"] == "bot"][-1]
    assert agent_event["text"] == "Hi, Sue here."
    assert agent_event["metadata"]["agent_id"] == agent.id

    back = desk.api("POST", f"/api/conversations/{item['conversation_id']}/handback", token)
    assert back.json()["conversation"]["status"] == "bot"
    assert tracker(stack, sender)["paused"] is False
    again = desk.chat(name, "hello there, good morning").json()["messages"]
    assert replied_with(again[0], "en", "utter_greet")  # the bot answers again

    # The transcript is whole, in the same order, in the journal and in Rasa's tracker.
    journal = [(m.direction, m.text) for m in desk.journal.messages(item["conversation_id"])]
    events = tracker(stack, sender)["events"]
    rasa = [
        ("in" if e["event"] == "user" else "out", e["text"]) for e in events if e["event"] in ("user", "bot")
    ]
    assert journal == rasa
    assert ("in", "hello?? is anyone there") in journal and ("out", "Hi, Sue here.") in journal


def test_asking_for_a_person_goes_to_tier_1(desk, supervisor):
    _, token = supervisor
    name = f"v-{uuid.uuid4().hex[:10]}"
    buyer = desk.chat_session(name)["buyer_id"]
    reply = desk.chat(name, "I want to talk to a real person").json()["messages"]
    assert replied_with(reply[0], "en", "utter_handoff")
    item = queued(desk, token, buyer)
    assert (item["tier"], item["reason"]) == (1, "human_handoff")


def test_the_agent_sees_the_buyers_orders(desk, supervisor):
    _, token = supervisor
    desk.chat("e2e-th-1", "สวัสดีค่ะ", shop_link(SECRET, "lazada", "e2e-th-1"))
    conversation = desk.journal.open_conversation("lazada:e2e-th-1")
    view = desk.api("GET", f"/api/conversations/{conversation.id}", token).json()
    numbers = {o["order_number"] for o in view["orders"]}
    assert "7000000001" in numbers
    order = next(o for o in view["orders"] if o["order_number"] == "7000000001")
    assert order["items"] == [{"title": "Ceramic mug", "quantity": 2}] and order["total"] == "300.00 THB"
    templates = desk.api("GET", f"/api/templates?conversation_id={conversation.id}&q=order", token)
    assert templates.status_code == 200
