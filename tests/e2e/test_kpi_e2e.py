"""The KPIs change by exactly what happened: two web-chat buyers in front of the real Rasa
and action servers, one settled by the bot (it says goodbye, so the desk closes the chat
as the bot's: contained), one asking for a person whom a supervisor claims, answers and
resolves, and who rates the chat 5. GET /api/kpi for today, read before and after, moves
by those counts and no more (the e2e database is shared with the other e2e modules, so
the test compares differences, and rates from the new totals)."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.desk.conftest import DeskClient, add_agent
from tests.e2e.conftest import desk_before
from tests.e2e.test_desk_takeover import queued
from tests.e2e.test_servers import replied_with

pytestmark = [pytest.mark.model, pytest.mark.servers]

COUNTS = (
    "buyers_served",
    "buyers_replied",
    "messages_received",
    "messages_replied",
    "replies_24h",
    "conversations",
    "escalated",
    "bot_contained",
    "bot_unresolved",
    "resolved",
    "csat_count",
)


@pytest.fixture(scope="module")
def desk(stack, database_url):
    with desk_before(stack, database_url, "e2e-kpi-secret", desk_rasa_timeout=10.0) as server:
        yield DeskClient(server, server.app.ctx.hub.journal)


def today(desk, token) -> dict:
    zone = desk.api("GET", "/api/kpi?from=2026-01-01&to=2026-01-01", token).json()["time_zone"]
    day = datetime.now(ZoneInfo(zone)).date().isoformat()
    reply = desk.api("GET", f"/api/kpi?from={day}&to={day}", token)
    assert reply.status_code == 200, reply.text
    (figures,) = reply.json()["days"]
    return figures


def greeted(desk, name: str) -> bool:
    reply = desk.chat(name, "hello there, good morning").json()["messages"]
    return replied_with(reply[0], "en", "utter_greet")


def test_the_kpis_count_what_the_buyers_and_the_agent_did(desk):
    sue = add_agent(desk.journal, f"sue-{uuid.uuid4().hex[:6]}", "supervisor")
    token = desk.login(sue.username)
    before = today(desk, token)

    settled = f"v-{uuid.uuid4().hex[:10]}"  # the bot answers, no person needed
    desk.chat_session(settled)
    assert greeted(desk, settled)
    goodbye = desk.chat(settled, "bye").json()["messages"]  # closed by the bot, rating asked
    assert replied_with(goodbye[0], "en", "utter_goodbye")
    assert [m["from"] for m in goodbye] == ["bot", "system"]

    helped = f"v-{uuid.uuid4().hex[:10]}"  # asks for a person
    buyer = desk.chat_session(helped)["buyer_id"]
    assert greeted(desk, helped)
    handoff = desk.chat(helped, "I want to talk to a real person").json()["messages"]
    assert replied_with(handoff[0], "en", "utter_handoff")
    conversation = queued(desk, token, buyer)["conversation_id"]
    assert desk.api("POST", f"/api/conversations/{conversation}/claim", token).status_code == 200
    path = f"/api/conversations/{conversation}"
    assert desk.api("POST", f"{path}/messages", token, json={"text": "Hi, Sue here."}).status_code == 201
    assert desk.api("POST", f"{path}/resolve", token).status_code == 200
    desk.chat(helped, "5")  # the answer to the rating question: a rating, not a message

    after = today(desk, token)
    change = {name: after[name] - before[name] for name in COUNTS}
    assert change == {
        "buyers_served": 2,
        "buyers_replied": 2,
        "messages_received": 4,  # two greetings, the goodbye and the request for a person
        "messages_replied": 4,  # the bot answered all four (its handoff notice too)
        "replies_24h": 4,
        "conversations": 2,
        "escalated": 1,
        "bot_contained": 1,  # the goodbye closed the bot's chat: resolved with no person
        "bot_unresolved": 0,
        "resolved": 2,  # the bot's and Sue's
        "csat_count": 1,
    }
    assert after["csat_distribution"]["5"] - before["csat_distribution"]["5"] == 1
    assert after["escalation_rate"] == round(after["escalated"] / after["conversations"], 4)
    assert after["bot_containment"] == round(after["bot_contained"] / after["conversations"], 4)
    assert after["reply_rate"] == round(after["messages_replied"] / after["messages_received"], 4)
    assert after["final"] is False  # today settles at T+3
