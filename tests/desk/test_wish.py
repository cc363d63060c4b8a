"""The Wish adapter against a fake Wish Merchant API v3 that checks the Bearer token and speaks
the tickets shapes ({"code", "message", "data"}; list tickets, reply, the token refresh),
errors included (429, an expired token, a stall, a malformed ticket): buyer replies reach the
bot through the desk once, the desk's replies go back once."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Dict, List

import pytest
import redis.asyncio as aioredis
from aiohttp import web

from bot.channels.marketplace import Cursor, iso_millis
from bot.channels.wish import WishClient, WishDelivery, WishInbox, inbound_of, replies_of
from bot.desk.records import opened_from as queue_of
from tests.desk.fake_server import (
    CLIENT_PATIENCE,
    STALL_SECONDS,
    MarketplaceBridge,
    ThreadedServer,
    sent_once_though_its_answer_was_lost,
    started_fakes,
)

TOKENS = ["token-1", "token-2"]
CLIENT_ID, CLIENT_SECRET = "app-1", "wish-client-secret"
EPOCH = datetime(2025, 3, 1, tzinfo=timezone.utc)


def at(seconds: int) -> str:
    return (EPOCH + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


class FakeWish(ThreadedServer):
    """`limit` calls get 429, `stall` calls hang past the client's timeout, `lose` replies are
    recorded and then hang (the answer lost on the way back), and with `expire` the first
    token is refused once (401, code 1015). A reply posted goes into the ticket, as the
    merchant's, dated by the fake's clock (its tickets')."""

    def __init__(self, limit: int = 0, stall: int = 0, expire: bool = False, lose: int = 0):
        self.limit, self.stall, self.expire, self.lose = limit, stall, expire, lose
        self.token = TOKENS[0]
        self.tickets: Dict[str, dict] = {}
        self.sent: List[dict] = []
        self.errors: List[str] = []
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def buyer_writes(self, ticket_id: str, seconds: int, message: str, order: str = "", **extra) -> None:
        ticket = self.tickets.setdefault(
            ticket_id,
            {
                "id": ticket_id,
                "type": "ORDER" if order else "PRE_PURCHASE",
                "state": "AWAITING_MERCHANT",
                "subject": "Where is my order?",
                "opened_at": at(seconds),
                "orders": [{"id": order}] if order else [],
                "buyer_info": {"locale": "en", "name": "Ann"},
                "replies": [],
            },
        )
        ticket["replies"].append({"message": message, "replied_at": at(seconds), "sender": "USER", **extra})
        ticket["updated_at"] = at(seconds)

    def _answer(self, status: int, code: int, data=None, message: str = "") -> web.Response:
        if code:
            self.errors.append(f"{status}/{code}")
        return web.json_response({"code": code, "message": message, "data": data}, status=status)

    async def _refresh(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("client_secret") != CLIENT_SECRET or query.get("grant_type") != "refresh_token":
            return self._answer(400, 1000, message="invalid client")
        self.token = TOKENS[1]
        return self._answer(
            200, 0, {"access_token": self.token, "refresh_token": "r-2", "expiry_time": at(99)}
        )

    async def _guard(self, request: web.Request) -> web.Response | None:
        if self.stall > 0:
            self.stall -= 1
            self.errors.append("stalled")
            await asyncio.sleep(STALL_SECONDS)
        if self.limit > 0:
            self.limit -= 1
            return self._answer(429, 1030, message="Too Many Requests")
        if self.expire or request.headers.get("Authorization") != f"Bearer {self.token}":
            self.expire = False
            return self._answer(401, 1015, message="Access token expired")
        return None

    async def _list(self, request: web.Request) -> web.Response:
        refused = await self._guard(request)
        if refused is not None:
            return refused
        query = request.query
        assert query.get("sort_by") == "updated_at.asc"
        found = sorted(self.tickets.values(), key=lambda t: iso_millis(t["updated_at"]))
        if query.get("updated_at_min"):
            found = [t for t in found if iso_millis(t["updated_at"]) >= iso_millis(query["updated_at_min"])]
        return self._answer(200, 0, found[: int(query["limit"])])

    async def _reply(self, request: web.Request) -> web.Response:
        refused = await self._guard(request)
        if refused is not None:
            return refused
        body = await request.json()
        ticket = self.tickets[request.match_info["id"]]
        if ticket["state"] != "AWAITING_MERCHANT" or len(body.get("message") or "") > 2000:
            return self._answer(400, 1000, message="cannot reply to this ticket")
        self.sent.append({"ticket": ticket["id"], **body})
        newest = max(iso_millis(r["replied_at"]) for r in ticket["replies"])
        later = datetime.fromtimestamp((newest + 1) / 1000, tz=timezone.utc)
        stamp = later.isoformat(timespec="milliseconds")
        reply = {"message": body["message"], "sender": "MERCHANT", "replied_at": stamp}
        ticket["replies"].append(reply)
        if self.lose > 0:
            self.lose -= 1
            self.errors.append("lost")
            await asyncio.sleep(STALL_SECONDS)
        return self._answer(200, 0, reply)

    async def _ticket(self, request: web.Request) -> web.Response:
        refused = await self._guard(request)
        if refused is not None:
            return refused
        return self._answer(200, 0, self.tickets[request.match_info["id"]])

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/api/v3/tickets", self._list)
        app.router.add_post("/api/v3/tickets/{id}/replies", self._reply)
        app.router.add_get("/api/v3/tickets/{id}", self._ticket)
        app.router.add_get("/api/v3/oauth/refresh_token", self._refresh)


@pytest.fixture
def wish_fake():
    yield from started_fakes(FakeWish)


class Bridge(MarketplaceBridge):
    def __init__(self, desk, fake: FakeWish, redis_url: str):
        self.desk = desk
        redis = aioredis.Redis.from_url(redis_url)
        self.client = WishClient(
            fake.url,
            TOKENS[0],
            refresh_token="r-1",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            **CLIENT_PATIENCE,
        )
        self.inbox = WishInbox(self.client, Cursor(redis, "kefu:wish:cursor"))
        desk.hub.delivery.by_channel["wish"] = WishDelivery(None, None, client=self.client)


def test_a_buyer_reply_reaches_the_bot_and_the_answer_goes_back_once(
    make_desk, fake_rasa, wish_fake, redis_url
):
    fake = wish_fake()
    fake.buyer_writes("5f1a", 10, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    assert bridge.poll() == 1
    assert fake_rasa.received[0]["sender"] == "wish:5f1a"
    assert fake.sent == [{"ticket": "5f1a", "message": "Hi! How can I help?"}]
    bridge.poll()  # the overlap at the cursor is the desk's duplicate
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1
    fake.buyer_writes("5f1a", 20, "hello again")
    bridge.poll()
    assert len(fake_rasa.received) == 2 and len(fake.sent) == 2


def test_a_reply_whose_answer_was_lost_is_found_in_the_ticket_and_not_sent_again(
    make_desk, fake_rasa, wish_fake, redis_url
):
    fake = wish_fake(lose=1)
    fake.buyer_writes("5f1e", 10, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    again = lambda: fake.buyer_writes("5f1e", 20, "hello")  # noqa: E731
    sent_once_though_its_answer_was_lost(bridge, fake, "wish:5f1e", again)


def test_limits_stalls_and_an_expired_token_are_retried(make_desk, fake_rasa, wish_fake, redis_url):
    fake = wish_fake(limit=2, stall=1, expire=True)
    fake.buyer_writes("5f1b", 10, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    bridge.poll()
    assert fake.errors[:4] == ["stalled", "429/1030", "429/1030", "401/1015"]
    assert bridge.client.access_token == TOKENS[1]
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1
    assert CLIENT_SECRET not in repr(bridge.client) and TOKENS[1] not in repr(bridge.client)


def test_a_failed_poll_loses_nothing_and_a_restart_resumes(make_desk, fake_rasa, wish_fake, redis_url):
    fake = wish_fake(limit=50)
    for n in range(105):  # more tickets than one page (100)
        fake.buyer_writes(f"t{n:03}", 10 + n, f"hello {n}")
    desk = make_desk(fake_rasa.url)
    bridge = Bridge(desk, fake, redis_url)
    with pytest.raises(Exception, match="HTTP 429"):
        bridge.poll()
    assert fake_rasa.received == []
    fake.limit = 0
    assert bridge.poll() == 105 and len(fake.sent) == 105
    fake.buyer_writes("t000", 500, "one more")
    Bridge(desk, fake, redis_url).poll()  # a restarted desk: only Redis remembers
    assert fake_rasa.received[-1]["message"] == "one more" and len(fake.sent) == 106


def test_a_malformed_ticket_or_reply_is_logged_and_skipped(
    make_desk, fake_rasa, wish_fake, redis_url, caplog
):
    fake = wish_fake()
    fake.buyer_writes("5f1c", 10, "first")
    fake.tickets["bad"] = {"id": "bad", "updated_at": at(11), "replies": "not a list"}
    fake.buyer_writes("5f1c", 12, "second")
    fake.tickets["5f1c"]["replies"][-1]["message"] = ["not", "text"]
    fake.buyer_writes("5f1c", 13, "after the broken ones")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    with caplog.at_level(logging.ERROR):
        assert bridge.poll() == 2
    assert [m["message"] for m in fake_rasa.received] == ["first", "after the broken ones"]
    logged = [r.getMessage() for r in caplog.records]
    assert any("malformed Wish ticket" in m for m in logged)
    assert any("malformed marketplace message" in m for m in logged)


def test_photos_orders_and_other_senders():
    ticket = {
        "id": "5f1d",
        "orders": [{"id": "61e0c0ffee"}],
        "replies": [
            {"message": "", "sender": "USER", "supporting_files": [{"url": "https://img.wish.com/x.jpg"}]},
            {"message": "We are on it", "sender": "WISH_SUPPORT"},
        ],
    }
    photo, support = replies_of(ticket)
    inbound = inbound_of(photo)
    assert inbound is not None and inbound.attachments == ("https://img.wish.com/x.jpg",)
    assert inbound.opened_from == queue_of("order_page") and inbound.channel_message_id == "5f1d:0"
    assert inbound_of(support) is None


def test_the_desk_polls_wish_by_itself_with_its_settings(make_desk, fake_rasa, wish_fake):
    fake = wish_fake()
    fake.buyer_writes("5f1e", 10, "hello", order="61e0c0ffee")
    desk = make_desk(fake_rasa.url, wish_url=fake.url, wish_access_token=TOKENS[0], wish_poll_seconds=0.1)
    desk.wait_until(lambda: fake.sent)
    assert fake.sent[0]["ticket"] == "5f1e"
    assert TOKENS[0] not in repr(desk.server.app.ctx.settings)
