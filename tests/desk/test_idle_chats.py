"""Chats the bot had alone and the buyer left are closed by the desk's idle sweep (real
Redis and SQLite, Rasa faked at the edge, the time moved by the test): counted as the
bot's (contained) only when the bot's last answer was not a clarification, and each buyer
is asked once, through their own channel, for a rating."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import text

from bot.channels.outbound import sign
from bot.seller.desk import parse_desk_config
from tests.desk.conftest import HANDOFF_SCRIPTS, FakeRasa, Script, add_agent, always_open
from tests.desk.test_hub import text_of
from tests.desk.test_seller_rules import Clock

SECRET = "idle-secret"
SCRIPTS = [*HANDOFF_SCRIPTS, Script("blorp", [{"text": "Did you mean ...?"}], intent="nlu_fallback")]
START = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)
DAY = START.date().isoformat()


@pytest.fixture
def rasa():
    fake = FakeRasa(SCRIPTS).start()
    yield fake
    fake.stop()


def webhook(desk, buyer_id: str, text_: str):
    payload = {"message_id": f"{buyer_id}-1", "buyer_id": buyer_id, "marketplace": "lazada", "text": text_}
    body = json.dumps(payload).encode()
    reply = requests.post(
        f"{desk.url}/channels/webhook",
        data=body,
        headers={"X-Kefu-Signature": sign(SECRET, body)},
        timeout=15,
    )
    assert reply.status_code == 200, reply.text


def kpis(desk, token) -> dict:
    reply = desk.api("GET", f"/api/kpi?from={DAY}&to={DAY}", token)
    assert reply.status_code == 200, reply.text
    (figures,) = reply.json()["days"]
    return figures


def first_conversation(journal, sender_id: str) -> str:
    with journal.engine.connect() as conn:
        query = text("select id from desk_conversations where sender_id = :s order by created_at limit 1")
        return conn.execute(query, {"s": sender_id}).scalar_one()


def sweep(desk) -> int:
    return desk.server.call(desk.hub.close_idle_once())


def test_chats_the_buyer_left_are_closed_counted_and_asked_once(make_desk, rasa, journal, outbound):
    clock = Clock(START)
    config = replace(always_open(), bot_idle_minutes=30)
    desk = make_desk(rasa.url, clock=clock, config=config, webhook_secret=SECRET, outbound_url=outbound.url)
    token = desk.login(add_agent(journal, "sue", "supervisor").username)

    desk.chat("answered", "hello")  # the bot answered
    clock.at += timedelta(seconds=20)
    desk.chat("unclear", "blorp blorp")  # the bot asked "did you mean ...?"
    webhook(desk, "th-009", "hello")  # a marketplace buyer the bot answered
    desk.chat("waiting", "I want a person")  # queued: the agents have it, not the bot
    clock.at += timedelta(minutes=20)
    desk.chat("recent", "hello")  # wrote 20 minutes later: not idle yet
    desk.wait_until(lambda: outbound.received)  # the bot's answer to th-009 went out
    clock.at += timedelta(minutes=10, seconds=30)

    assert sweep(desk) == 3
    question = text_of("utter_desk_csat_bot", "en")
    for name in ("answered", "unclear"):
        assert journal.open_conversation(desk.sender(name)) is None
        last = desk.poll(name).json()["messages"][-1]
        assert (last["from"], last["text"]) == ("system", question)  # through the web chat
    assert journal.open_conversation("lazada:th-009") is None
    desk.wait_until(lambda: len(outbound.received) == 2)  # through the seller's webhook
    assert [(r[0]["from"], r[0]["text"]) for r in outbound.received][-1] == ("system", question)
    assert journal.open_conversation(desk.sender("waiting")).status == "queued"
    assert journal.open_conversation(desk.sender("recent")).status == "bot"

    answered = journal.conversation(first_conversation(journal, desk.sender("answered")))
    bot_answer = [m for m in journal.messages(answered.id) if m.author == "bot"][-1]
    assert answered.resolved_at == bot_answer.created_at  # the idle wait is not resolution time

    clock.at += timedelta(minutes=45)  # asked once: a later sweep closes only the recent chat
    assert sweep(desk) == 1
    assert sum(1 for r in outbound.received if r[0]["text"] == question) == 1
    polled = [m["text"] for m in desk.poll("answered").json()["messages"]]
    assert polled.count(question) == 1

    assert desk.chat("answered", "4").json()["messages"][0]["text"] == text_of("utter_desk_csat_thanks", "en")
    figures = kpis(desk, token)
    assert figures["conversations"] == 5 and figures["escalated"] == 1
    # answered and th-009: contained; unclear (left after a clarification): unresolved, not
    # resolved; recent: the bot answered it, so contained when it went idle too.
    assert (figures["bot_contained"], figures["bot_unresolved"], figures["resolved"]) == (3, 1, 3)
    assert figures["csat_count"] == 1 and figures["csat_avg"] == 4
    with journal.engine.connect() as conn:
        kinds = conn.execute(text("select kind from desk_events where kind in ('resolved', 'abandoned')"))
        assert sorted(k for (k,) in kinds) == ["abandoned", "resolved", "resolved", "resolved"]


def test_a_buyer_back_in_time_keeps_the_chat_and_zero_minutes_never_closes(make_desk, rasa, journal):
    clock = Clock(START)
    desk = make_desk(rasa.url, clock=clock, config=replace(always_open(), bot_idle_minutes=30))
    desk.chat("back", "hello")
    clock.at += timedelta(minutes=29)
    desk.chat("back", "hello again")
    clock.at += timedelta(minutes=29)
    assert sweep(desk) == 0 and journal.open_conversation(desk.sender("back")).status == "bot"

    never = make_desk(rasa.url, clock=clock, config=replace(always_open(), bot_idle_minutes=0))
    never.chat("stays", "hello")
    clock.at += timedelta(days=2)
    assert sweep(never) == 0 and journal.open_conversation(never.sender("stays")) is not None


def test_no_question_when_the_seller_turned_the_bot_rating_off(make_desk, rasa, journal):
    clock = Clock(START)
    quiet = parse_desk_config({"bot_csat": {"ask": False}, "bot_idle_minutes": 30})
    desk = make_desk(rasa.url, clock=clock, config=replace(quiet, hours=always_open().hours))
    desk.chat("quiet", "hello")
    clock.at += timedelta(minutes=31)
    assert sweep(desk) == 1 and journal.open_conversation(desk.sender("quiet")) is None
    assert [m["from"] for m in desk.poll("quiet").json()["messages"]] == ["bot"]
    second = desk.chat("quiet", "5").json()["messages"]  # not a rating: nothing was asked
    assert [m["text"] for m in second] == ["bot heard: 5"]


@pytest.mark.parametrize("value", [-1, "soon", True])
def test_the_idle_minutes_must_be_a_number_of_minutes(value):
    with pytest.raises(ValueError, match="bot_idle_minutes"):
        parse_desk_config({"bot_idle_minutes": value})


def test_a_chat_only_a_keyword_rule_answered_is_replied_and_closed_as_resolved(make_desk, rasa, journal):
    """A buyer asking about wholesale got the seller's keyword reply and left: the KPIs
    counted the message unanswered and the idle sweep closed the chat as abandoned."""
    from tests.desk.test_seller_rules import DOCUMENT

    clock = Clock(START)
    desk = make_desk(rasa.url, clock=clock, config=replace(always_open(), bot_idle_minutes=30))
    token = desk.login(add_agent(journal, "sue", "supervisor").username)
    saved = desk.api("PUT", "/api/seller/auto-replies", token, json={"document": DOCUMENT})
    assert saved.status_code == 200, saved.text
    desk.chat("wholesaler", "do you sell wholesale?")
    clock.at += timedelta(minutes=31)
    assert sweep(desk) == 1
    figures = kpis(desk, token)
    assert (figures["messages_received"], figures["messages_replied"], figures["buyers_replied"]) == (1, 1, 1)
    assert (figures["bot_contained"], figures["bot_unresolved"], figures["resolved"]) == (1, 0, 1)


def test_idle_minutes_set_on_the_settings_page_count_on_a_desk_started_with_none(
    make_desk, rasa, journal, monkeypatch
):
    """A desk started with bot_idle_minutes 0 never started its idle sweep, so the minutes a
    supervisor set on the settings page ("in force at once") closed nothing until a restart."""
    monkeypatch.setattr("bot.desk.app.IDLE_SWEEP_SECONDS", 0.1)
    add_agent(journal, "sue", "supervisor")
    clock = Clock(START)
    desk = make_desk(rasa.url, clock=clock, config=replace(always_open(), bot_idle_minutes=0))
    desk.chat("left", "hello")
    saved = desk.api(
        "PUT", "/api/seller/desk-settings", desk.login("sue"), json={"settings": {"bot_idle_minutes": 30}}
    )
    assert saved.status_code == 200, saved.text
    clock.at += timedelta(minutes=31)
    desk.wait_until(lambda: journal.open_conversation(desk.sender("left")) is None)
