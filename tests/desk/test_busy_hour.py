"""A busy hour stays with the bot: calls to Rasa wait for a turn rather than time out,
a refused connection is told from a slow answer, and one flooder is rate limited
(429 with Retry-After) without stopping anyone else."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from bot.channels.outbound import SIGNATURE_HEADER, sign
from bot.desk.rasa_client import RasaClient, RasaUnavailable
from tests.desk.conftest import RASA_TOKEN, FakeRasa, Script, closed_port
from tests.desk.test_faults import own_redis  # noqa: F401 (a fixture)

SECRET = "busy-webhook-secret"


def webhook(desk, buyer: str, message_id: str, text: str = "hello") -> requests.Response:
    body = json.dumps({"message_id": message_id, "buyer_id": buyer, "marketplace": "lazada", "text": text})
    headers = {SIGNATURE_HEADER: sign(SECRET, body.encode())}
    return requests.post(f"{desk.url}/channels/webhook", data=body.encode(), headers=headers, timeout=60)


class BusyRasa(FakeRasa):
    """Answers one message at a time, as a CPU-bound Rasa under load does."""

    _one_at_a_time: asyncio.Lock | None = None

    async def _webhook(self, request):
        if self._one_at_a_time is None:
            self._one_at_a_time = asyncio.Lock()
        async with self._one_at_a_time:
            return await super()._webhook(request)


def test_waiting_for_a_turn_does_not_count_against_the_patience(make_desk, journal):
    # Each answer takes 0.4 s, one at a time: 12 messages need ~5 s, the patience is 1.5 s.
    # Counted from arrival most would be held; counted from the desk's turn (two in Rasa at
    # once) none is.
    rasa = BusyRasa([Script("hello", [{"text": "Hi!"}], delay=0.4)]).start()
    try:
        desk = make_desk(rasa.url, webhook_secret=SECRET, desk_rasa_timeout=1.5, desk_rasa_concurrency=2)
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda n: webhook(desk, f"b{n}", f"m{n}"), range(12)))
    finally:
        rasa.stop()
    assert [a.status_code for a in answers] == [200] * 12
    for n in range(12):
        conversation = journal.open_conversation(f"lazada:b{n}")
        assert conversation.status != "queued", f"b{n} was held"
        authors = [m.author for m in journal.messages(conversation.id)]
        assert authors == ["buyer", "bot"], authors


def test_a_refused_connection_is_known_at_once():
    client = RasaClient(f"http://127.0.0.1:{closed_port()}", RASA_TOKEN, timeout=30)

    async def send():
        try:
            await client.send("web:x", "hi", {})
        finally:
            await client.close()

    started = time.monotonic()
    try:
        asyncio.run(send())
    except RasaUnavailable:
        pass
    else:
        raise AssertionError("no RasaUnavailable")
    assert time.monotonic() - started < 5


def test_a_flooding_buyer_gets_429_with_retry_after_and_others_still_get_through(make_desk, fake_rasa):
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, desk_buyer_rate=5)
    statuses = [webhook(desk, "flood", f"f{n}").status_code for n in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    refused = webhook(desk, "flood", "f-last")
    assert refused.json()["error"] and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert webhook(desk, "calm", "c1").status_code == 200


def test_the_web_chat_is_limited_per_client_address(make_desk, fake_rasa):
    desk = make_desk(fake_rasa.url, desk_address_rate=4, desk_buyer_rate=100)
    statuses = [desk.chat(f"visitor{n}", "hello").status_code for n in range(6)]
    assert statuses == [200] * 4 + [429] * 2


def test_parallel_messages_are_counted_atomically(make_desk, fake_rasa):
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, desk_buyer_rate=10)
    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda n: webhook(desk, "racer", f"r{n}").status_code, range(20)))
    assert sorted(statuses) == [200] * 10 + [429] * 10


def test_without_redis_the_limits_open_rather_than_lose_messages(make_desk, fake_rasa, own_redis):  # noqa: F811
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, desk_buyer_rate=1, redis_url=own_redis.url)
    assert webhook(desk, "b", "1").status_code == 200
    own_redis.stop()
    assert webhook(desk, "b", "2").status_code == 200
