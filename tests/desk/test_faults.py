"""Faults: Rasa down or slow (holding message in the buyer's language, tier 1, nothing lost),
Redis down (503 with a clear message, the journal keeps everything, recovery by itself)."""

import asyncio
import logging
import os
import shutil
import subprocess
import time

import pytest
import redis

from bot import PROJECT_ROOT
from bot.nlg.catalogue import Catalogue
from tests.desk.conftest import (
    HANDOFF_SCRIPTS,
    PASSWORD,
    FakeRasa,
    add_agent,
    closed_port,
    free_port,
    logged_text,
)

CATALOGUE = Catalogue.from_dir(PROJECT_ROOT / "data" / "responses")


def text_of(name, language, **values):
    return CATALOGUE.render(name, language, values)["text"]


def test_rasa_down_gives_a_holding_message_and_tier_1_then_catches_up(make_desk, journal):
    port = closed_port()
    desk = make_desk(f"http://127.0.0.1:{port}")
    reply = desk.chat("v-down", "hola, necesito ayuda con mi pedido por favor")
    assert reply.status_code == 200
    texts = [m["text"] for m in reply.json()["messages"]]
    assert texts == [text_of("utter_desk_holding", "es"), text_of("utter_desk_wait_minutes", "es", minutes=5)]

    conversation = journal.open_conversation(desk.sender("v-down"))
    assert (conversation.status, conversation.tier, conversation.reason) == ("queued", 1, "bot_unavailable")
    assert journal.messages(conversation.id)[0].text == "hola, necesito ayuda con mi pedido por favor"

    # An agent takes it although the bot is down, and answers; the buyer gets it.
    add_agent(journal, "eva", "tier1")
    token = desk.login("eva")
    assert desk.api("POST", f"/api/conversations/{conversation.id}/claim", token).status_code == 200
    desk.api(
        "POST", f"/api/conversations/{conversation.id}/messages", token, json={"text": "¡Hola! Te ayudo."}
    )
    polled = desk.poll("v-down").json()["messages"]
    assert polled[-1]["text"] == "¡Hola! Te ayudo."
    # Handing back needs the bot; resolving a chat the bot never paused does not.
    rasa = FakeRasa(HANDOFF_SCRIPTS, port=port).start()
    try:
        desk.server.call(desk.hub.sync_pending(min_age=0))
        synced = [e["text"] for e in rasa.tracker(desk.sender("v-down")).events if e["event"] == "bot"]
        assert synced == texts + ["¡Hola! Te ayudo."]  # the tracker catches up: nothing lost
    finally:
        rasa.stop()


def test_rasa_down_logs_name_the_conversation_never_the_buyer(make_desk, journal, caplog):
    """The tracker paths (a holding message copied into Rasa's tracker) carry the sender id,
    <marketplace>:<buyer_id>; what the desk logs of their failure names the conversation."""
    caplog.set_level(logging.INFO, logger="bot")
    desk = make_desk(f"http://127.0.0.1:{closed_port()}")
    assert desk.chat("v-logged", "hello, where is my parcel?").status_code == 200
    desk.drain()
    buyer_id = desk.sender("v-logged").split(":", 1)[1]
    conversation = journal.open_conversation(desk.sender("v-logged"))
    logged = logged_text(caplog.records)
    assert "not updated yet" in logged and conversation.id in logged  # the failures were logged
    assert buyer_id not in logged


def test_a_buyers_limit_not_counted_without_redis_is_logged_without_the_buyer(caplog):
    from types import SimpleNamespace

    from bot.desk.queue import QueueUnavailable
    from bot.desk.rate_limits import RateLimits

    async def redis_down(_work):
        raise QueueUnavailable("Redis is down")

    queue = SimpleNamespace(redis=SimpleNamespace(register_script=lambda _lua: None), _call=redis_down)
    caplog.set_level(logging.DEBUG, logger="bot")
    asyncio.run(RateLimits(queue, per_buyer=30, per_address=120).buyer("lazada:b-7781"))  # open: no 429
    assert "not counted" in logged_text(caplog.records) and "b-7781" not in logged_text(caplog.records)


def test_slow_rasa_is_given_up_on_after_the_timeout(desk, journal):
    started = time.monotonic()
    texts = [m["text"] for m in desk.chat("v-slow", "answer me slowly please").json()["messages"]]
    assert time.monotonic() - started < 4.5  # the desk's timeout is 2 s; the bot would take 5
    assert texts[0] == text_of("utter_desk_holding", "en")
    assert journal.open_conversation(desk.sender("v-slow")).reason == "bot_unavailable"


class RedisServer:
    """A throw-away redis-server of our own, so the test can stop and restart it."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url).ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer().start()
    yield server
    server.stop()


def test_redis_down_answers_503_keeps_the_journal_and_recovers(make_desk, fake_rasa, journal, own_redis):
    desk = make_desk(fake_rasa.url, redis_url=own_redis.url)
    add_agent(journal, "sue", "supervisor")
    token = desk.login("sue")
    assert desk.api("GET", "/api/queues", token).status_code == 200

    own_redis.stop()
    down = desk.api("GET", "/api/queues", token)
    assert down.status_code == 503
    assert "Redis" in down.json()["error"] and "journaled" in down.json()["error"]
    # Buyers still get answers and every message is journaled; the escalation waits in the journal.
    replies = desk.chat("v-redis", "a person please").json()["messages"]
    assert replies[-1]["text"] == text_of("utter_desk_wait_minutes", "en", minutes=5)
    conversation = journal.open_conversation(desk.sender("v-redis"))
    assert conversation.status == "queued" and journal.messages(conversation.id)[0].text == "a person please"
    # The journal has it: an agent reads it (sessions are checked in the journal, not in Redis).
    view = desk.api("GET", f"/api/conversations/{conversation.id}", token)
    assert view.status_code == 200 and view.json()["messages"][0]["text"] == "a person please"

    own_redis.start()  # empty: it kept nothing

    def recovered():
        reply = desk.api("GET", "/api/queues", token)
        return reply.status_code == 200 and reply.json()["tiers"][0]["conversations"]

    [item] = desk.wait_until(recovered, timeout=15)
    assert item["conversation_id"] == conversation.id and item["last_message"] == "a person please"
    assert desk.api("POST", f"/api/conversations/{conversation.id}/claim", token).status_code == 200


def test_after_a_redis_restart_no_pooled_connection_answers_unavailable(own_redis):
    """Each connection the pool held before the restart is dead; the first command on each
    reconnects instead of failing (a claim got 503 just after the queue listed the chat)."""
    from bot.desk.queue import DeskQueue

    async def go():
        queue = DeskQueue.from_url(own_redis.url)
        try:
            await asyncio.gather(*(queue.ping() for _ in range(4)))  # four pooled connections
            own_redis.stop()
            own_redis.start()
            await asyncio.gather(*(queue.ping() for _ in range(4)))
        finally:
            await queue.close()

    asyncio.run(go())


def test_a_slow_redis_is_not_waited_for_twice_when_a_health_check_is_due(own_redis):
    """Failed once in CI: a login while Redis was paused answered 200, not 503. Its pooled
    connection had been idle past the health-check interval; the check's PING timed out and,
    as Retry's default list holds timeouts, was sent again on a new connection, which outlived
    the pause: the slow Redis read as a fast one, and a login went through unchecked."""
    from bot.desk.queue import DeskQueue, QueueUnavailable

    async def go():
        queue = DeskQueue.from_url(own_redis.url)
        try:
            await queue.ping()
            for connection in queue.redis.connection_pool._available_connections:
                connection.next_health_check = 0  # idle long enough: the next command checks first
            redis.Redis.from_url(own_redis.url).execute_command("CLIENT", "PAUSE", 3000, "ALL")
            started = time.monotonic()
            with pytest.raises(QueueUnavailable, match="Timeout"):
                await queue.ping()
            assert time.monotonic() - started < 2.9  # one 2 s timeout, not a second try
        finally:
            await asyncio.sleep(3.2)  # the pause is over before the pool closes
            await queue.close()

    asyncio.run(go())


def test_a_redis_that_restarted_empty_between_two_checks_gets_the_queue_back(desk, journal, redis_url):
    """A Redis restarted without persistence (or a failover) faster than the watch's ping saw
    it down: the queue was gone for good; escalated chats waited for agents who never saw
    them, and never breached."""
    add_agent(journal, "sue", "supervisor")
    token = desk.login("sue")
    desk.chat("v-flushed", "a person please")
    conversation = journal.open_conversation(desk.sender("v-flushed"))

    def listed():
        tiers = desk.api("GET", "/api/queues", token).json()["tiers"]
        return [c["conversation_id"] for t in tiers for c in t["conversations"]]

    assert listed() == [conversation.id]
    client = redis.Redis.from_url(redis_url)
    client.flushdb()  # what a restart with nothing kept leaves
    client.close()
    assert desk.wait_until(lambda: listed() == [conversation.id], timeout=10)
    assert desk.api("POST", f"/api/conversations/{conversation.id}/claim", token).status_code == 200


def test_a_chat_the_journal_no_longer_has_queued_leaves_the_queue_when_it_is_restored(desk, journal):
    add_agent(journal, "sue", "supervisor")
    amy = add_agent(journal, "amy", "tier1")
    token = desk.login("sue")
    for buyer in ("v-resolved", "v-assigned", "v-waiting"):
        desk.chat(buyer, "a person please")
    buyers = ("v-resolved", "v-assigned", "v-waiting")
    resolved, assigned, waiting = (journal.open_conversation(desk.sender(b)) for b in buyers)
    # Their journal writes went through and the Redis steps after them did not (an outage between).
    assert journal.mark_resolved(resolved.id, amy.id).status == "resolved"
    assert journal.mark_assigned(assigned.id, amy.id).status == "assigned"

    def listed():
        tiers = desk.api("GET", "/api/queues", token).json()["tiers"]
        return sorted(c["conversation_id"] for t in tiers for c in t["conversations"])

    assert listed() == sorted([resolved.id, assigned.id, waiting.id])
    desk.server.call(desk.hub.upkeep.restore_queue())
    assert listed() == [waiting.id]
    assert desk.api("POST", f"/api/conversations/{waiting.id}/claim", token).status_code == 200


def test_without_the_database_nothing_is_taken_and_the_channel_hears_503(desk, database_url, tmp_path):
    assert desk.chat("v-db", "hello").status_code == 200
    path = database_url.removeprefix("sqlite:///")
    os.rename(path, tmp_path / "moved.db")  # the desk now finds an empty database
    reply = desk.chat("v-db", "hello again")
    assert reply.status_code == 503 and "database is unavailable" in reply.json()["error"]


def test_a_slow_redis_refuses_logins_unchecked_and_a_down_one_lets_agents_in(
    make_desk, fake_rasa, journal, own_redis, monkeypatch
):
    """A timeout may hide a counted attempt: loading the desk must not buy unlimited guesses."""
    from bot.desk import auth

    desk = make_desk(fake_rasa.url, redis_url=own_redis.url)
    add_agent(journal, "lou", "tier1")
    checked = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda *a: checked.append(1) or real(*a))
    good = {"username": "lou", "password": PASSWORD}
    redis.Redis.from_url(own_redis.url).execute_command("CLIENT", "PAUSE", 4000, "ALL")
    slow = desk.api("POST", "/api/login", json=good)
    assert slow.status_code == 503 and "try again" in slow.json()["error"]
    assert checked == []
    time.sleep(2.5)  # the pause is over
    assert desk.api("POST", "/api/login", json=good).status_code == 200

    own_redis.stop()  # refused connections: the limit is unknowable, agents still get in
    assert desk.api("POST", "/api/login", json=good).status_code == 200
    own_redis.start()


def test_an_edit_of_desk_yml_counts_without_a_restart_and_a_broken_one_changes_nothing(
    make_desk, fake_rasa, journal, tmp_path, caplog
):
    """A supervisor lengthened the first-response target in seller/desk.yml; the desk kept the
    old hours and targets until it was restarted."""
    path = tmp_path / "desk.yml"
    path.write_text("first_response_minutes: 5\n", encoding="utf-8")
    # As `kefu desk` serves it: the file's settings, the file watched.
    desk = make_desk(fake_rasa.url, desk_config=path, watch_config=True)
    path.write_text("first_response_minutes: 45\n", encoding="utf-8")
    desk.wait_until(lambda: desk.hub.config.first_response_minutes == 45, timeout=15)
    desk.chat("v-target", "a person please")
    conversation = journal.open_conversation(desk.sender("v-target"))
    waited = conversation.sla_deadline - conversation.queued_at
    assert abs(waited.total_seconds() - 45 * 60) < 5
    path.write_text("working_hours: {mon: '18:00-09:00'}\n", encoding="utf-8")  # ends before it starts
    desk.wait_until(lambda: "ends before it starts" in caplog.text, timeout=15)
    assert desk.hub.config.first_response_minutes == 45
