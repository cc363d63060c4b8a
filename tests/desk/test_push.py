"""Marketplace push as a signed wake-up: the desk's /channels/<marketplace>/push verifies the
marketplace's signature and polls that marketplace at once, through the same cursor and
dedup key as the timed poll (which still runs, slower). Against the fake Shopee and Lazada
of their adapter tests, the real desk, Redis and a fake Rasa."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import List

import pytest
from aiohttp import web

from bot.channels import lazada, shopee
from bot.channels.push import Nudge, PushCheck, PushRefused
from bot.desk.maintenance import run_forever
from tests.desk.test_lazada import APP_KEY, APP_SECRET, FakeLazada
from tests.desk.test_shopee import PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKENS, FakeShopee

REGISTERED = "https://desk.example.com/channels/shopee/push"  # the callback URL Shopee signs
SLOW = 60.0  # the timed polls: far longer than any test waits
REPLY = "Hi! How can I help?"


class CountingShopee(FakeShopee):
    """The fake Shopee, counting how often the conversation list (one per poll) is read."""

    polls = 0

    async def _handle(self, request: web.Request) -> web.Response:
        if request.path.endswith("/get_conversation_list"):
            self.polls += 1
        return await super()._handle(request)


@pytest.fixture
def fakes():
    made: List = []

    def _make(kind):
        made.append(kind().start())
        return made[-1]

    yield _make
    for fake in made:
        fake.stop()


def shopee_desk(make_desk, fake_rasa, fake, **overrides):
    settings = dict(
        shopee_url=fake.url,
        shopee_partner_id=PARTNER_ID,
        shopee_partner_key=PARTNER_KEY,
        shopee_shop_id=SHOP_ID,
        shopee_access_token=TOKENS[0],
        shopee_push=True,
        shopee_push_url=REGISTERED,
        shopee_poll_seconds=SLOW,
        push_poll_seconds=SLOW,
    )
    desk = make_desk(fake_rasa.url, **{**settings, **overrides})
    desk.wait_until(lambda: fake.polls >= 1)  # the poll at start-up, before any message
    time.sleep(0.3)  # and let it finish
    return desk


def webchat_notice(conversation_id: str = "C1", code: int = shopee.WEBCHAT_PUSH) -> dict:
    return {
        "shop_id": SHOP_ID,
        "code": code,
        "timestamp": int(time.time()),
        "data": {"type": "message", "content": {"conversation_id": conversation_id}},
    }


def push(desk, marketplace: str, body, signature: str | None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Authorization"] = signature
    return desk.api("POST", f"/channels/{marketplace}/push", data=raw, headers=headers)


def shopee_push(desk, body, key: str = PARTNER_KEY, url: str = REGISTERED):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    return push(desk, "shopee", raw, shopee.push_signature(key, url, raw))


def test_a_signed_shopee_push_gets_the_message_answered_at_once(make_desk, fake_rasa, fakes):
    fake = fakes(CountingShopee)
    desk = shopee_desk(make_desk, fake_rasa, fake)
    fake.buyer_writes("C1", 77, "m1", 1000, text="hello")
    started = time.monotonic()
    answer = shopee_push(desk, webchat_notice("C1"))
    assert answer.status_code == 204 and answer.content == b""  # Shopee wants 2xx, empty body
    desk.wait_until(lambda: fake.sent, timeout=10)
    assert time.monotonic() - started < 5 < SLOW
    assert fake.sent == [{"to_id": 77, "message_type": "text", "content": {"text": REPLY}}]
    assert [m["sender"] for m in fake_rasa.received] == ["shopee:77"]


def test_a_bad_or_missing_signature_is_refused_and_ingests_nothing(make_desk, fake_rasa, fakes):
    fake = fakes(CountingShopee)
    desk = shopee_desk(make_desk, fake_rasa, fake)
    fake.buyer_writes("C2", 78, "m1", 1000, text="hello")
    polls = fake.polls
    notice = webchat_notice("C2")
    raw = json.dumps(notice).encode("utf-8")
    refused = [
        push(desk, "shopee", notice, None),  # no Authorization at all
        push(desk, "shopee", notice, "0" * 64),
        push(desk, "shopee", notice, "\u00e9" * 64),  # not even hex
        shopee_push(desk, notice, key="not-the-partner-key"),
        # Signed for the desk's own address, not the callback URL registered at Shopee.
        shopee_push(desk, notice, url=f"{desk.url}/channels/shopee/push"),
        # A valid signature of another body.
        push(desk, "shopee", raw + b" ", shopee.push_signature(PARTNER_KEY, REGISTERED, raw)),
    ]
    assert [r.status_code for r in refused] == [401] * 6
    assert all("signature" in r.json()["error"] for r in refused)
    malformed = [shopee_push(desk, body) for body in (b"{not json", b"[10]", b"", b"\xff\xfe")]
    assert [r.status_code for r in malformed] == [400] * 4
    ignored = shopee_push(desk, webchat_notice("C2", code=3))  # an order status push
    assert ignored.status_code == 204
    time.sleep(1.0)
    assert fake.polls == polls and fake.sent == [] and fake_rasa.received == []
    assert shopee_push(desk, notice).status_code == 204  # the message was there all along
    desk.wait_until(lambda: fake.sent)
    assert len(fake.sent) == 1


def test_push_plus_a_concurrent_poll_never_answers_twice(make_desk, fake_rasa, fakes):
    fake = fakes(CountingShopee)
    desk = shopee_desk(make_desk, fake_rasa, fake)
    for n in range(3):
        fake.buyer_writes(f"C{n}", 90 + n, f"m{n}", 1000 + n, text=f"hello {n}")
    inbox, hub = desk.server.app.ctx.inboxes["shopee"], desk.hub
    loop = desk.server.loop
    direct = [asyncio.run_coroutine_threadsafe(inbox.poll_once(hub.receive), loop) for _ in range(2)]
    assert shopee_push(desk, webchat_notice()).status_code == 204
    assert sum(poll.result(15) for poll in direct) >= 3
    desk.wait_until(lambda: len(fake.sent) >= 3)
    desk.drain()
    time.sleep(0.5)
    assert sorted(m["to_id"] for m in fake.sent) == [90, 91, 92]
    assert sorted(m["message"] for m in fake_rasa.received) == ["hello 0", "hello 1", "hello 2"]


def lazada_desk(make_desk, fake_rasa, fake, **overrides):
    settings = dict(
        lazada_url=fake.url,
        lazada_app_key=APP_KEY,
        lazada_app_secret=APP_SECRET,
        lazada_access_token="token-1",
        lazada_push=True,
        lazada_poll_seconds=SLOW,
        push_poll_seconds=SLOW,
    )
    desk = make_desk(fake_rasa.url, **{**settings, **overrides})
    desk.wait_until(lambda: fake.pages >= 1)  # the poll at start-up
    time.sleep(0.3)  # and let it finish
    return desk


def session_update(session_id: str) -> bytes:
    notice = {
        "seller_id": "20240305",
        "message_type": lazada.SESSION_UPDATE,
        "data": {"sync_type": "SESSION_UPDATE", "session_id": session_id, "site_id": "TH"},
        "timestamp": int(time.time() * 1000),
        "site": "lazada_th",
    }
    return json.dumps(notice).encode("utf-8")


def test_a_burst_of_lazada_pushes_yields_one_reply_per_message(make_desk, fake_rasa, fakes):
    fake = fakes(FakeLazada)
    desk = lazada_desk(make_desk, fake_rasa, fake)
    for n in range(5):
        fake.buyer_writes(f"S{n}", f"B{n}", f"m{n}", int(time.time() * 1000) + n, txt=f"hello {n}")
    answers: List[int] = []

    def send(n: int) -> None:
        raw = session_update(f"S{n % 5}")
        signature = lazada.push_signature(APP_KEY, APP_SECRET, "", raw)
        answers.append(push(desk, "lazada", raw, signature).status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert answers == [204] * 20
    desk.wait_until(lambda: len(fake.sent) >= 5, timeout=10)
    desk.drain()
    time.sleep(0.5)
    assert sorted(m["session_id"] for m in fake.sent) == [f"S{n}" for n in range(5)]
    assert sorted(m["message"] for m in fake_rasa.received) == [f"hello {n}" for n in range(5)]
    wrong = push(desk, "lazada", session_update("S0"), lazada.push_signature(APP_KEY, "other", "", b"x"))
    assert wrong.status_code == 401


def test_with_push_on_the_slower_safety_poll_still_runs(make_desk, fake_rasa, fakes):
    fake = fakes(FakeLazada)
    desk = lazada_desk(make_desk, fake_rasa, fake, push_poll_seconds=0.3)
    fake.buyer_writes("S9", "B9", "m1", int(time.time() * 1000), txt="no push came")
    desk.wait_until(lambda: fake.sent, timeout=10)  # a lost push costs only latency
    assert fake_rasa.received[0]["message"] == "no push came"


def test_push_is_off_unless_set(make_desk, fake_rasa, fakes):
    fake = fakes(FakeLazada)
    desk = lazada_desk(make_desk, fake_rasa, fake, lazada_push=False, lazada_poll_seconds=SLOW)
    raw = session_update("S1")
    answer = push(desk, "lazada", raw, lazada.push_signature(APP_KEY, APP_SECRET, "", raw))
    assert answer.status_code == 404 and "KEFU_LAZADA_PUSH" in answer.json()["error"]
    assert fake_rasa.received == []
    assert push(desk, "ozon", raw, "x").status_code == 404


def test_pushes_during_a_poll_make_one_follow_up_poll():
    async def scenario() -> List[str]:
        nudge, runs, release = Nudge(), [], asyncio.Event()

        async def step() -> None:
            runs.append("poll")
            if len(runs) == 1:
                await release.wait()

        loop = asyncio.create_task(run_forever(SLOW, step, "test poll", wait=nudge.wait))
        await asyncio.sleep(0.05)
        for _ in range(10):  # ten pushes while the first poll runs
            nudge.wake()
        release.set()
        await asyncio.sleep(0.2)
        loop.cancel()
        return runs

    assert asyncio.run(scenario()) == ["poll", "poll"]


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b'{"a":' * 100_000, b"\xff\xfe", b"[1, 2]"],
    ids=["deep-list", "deep-object", "not-utf8", "a-list"],
)
def test_a_signed_push_that_is_no_json_object_is_a_400(body):
    # Nested deeper than json.loads goes, it raised RecursionError: a 500.
    check = PushCheck("shopee", lambda url, raw: "signed", lambda notice: True)
    with pytest.raises(PushRefused) as refused:
        check.read("signed", "https://desk.example.com/channels/shopee/push", body)
    assert refused.value.status == 400
