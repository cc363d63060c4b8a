"""The Ozon adapter against a fake Ozon Seller API that checks the Client-Id / Api-Key headers
and speaks the ChatAPI's shapes (/v3/chat/list, /v3/chat/history, /v1/chat/send/message),
errors included (429, a stall, a refused key, a malformed message): buyer messages reach
the bot through the desk once, replies go back once."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Dict, List

import pytest
import redis.asyncio as aioredis
from aiohttp import web

from bot.channels.marketplace import Addresses, Cursor, SentPieces
from bot.channels.outbound import DeliveryFailed
from bot.channels.ozon import OzonClient, OzonDelivery, OzonInbox, inbound_of
from bot.desk.records import Author, MessageView
from bot.desk.records import opened_from as queue_of
from tests.desk.fake_server import (
    CLIENT_PATIENCE,
    STALL_SECONDS,
    MarketplaceBridge,
    ThreadedServer,
    sent_once_though_its_answer_was_lost,
    started_fakes,
)

CLIENT_ID = "836412"
API_KEY = "ozon-api-key-0000"
EPOCH = datetime(2025, 3, 1, tzinfo=timezone.utc)


def at(seconds: int) -> str:
    """Ozon's created_at: ISO 8601 UTC with a 'Z'."""
    return (EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class FakeOzon(ThreadedServer):
    """`limit` calls get 429, `stall` calls hang past the client's timeout (before anything
    is recorded), `lose` sends are recorded and then hang (the answer lost on the way back);
    a call without the right Client-Id / Api-Key gets 403, as Ozon answers. A message sent
    goes into its chat's history, as the seller's, and becomes the chat's last message."""

    def __init__(self, limit: int = 0, stall: int = 0, lose: int = 0, busy_after: int | None = None):
        self.limit, self.stall, self.lose = limit, stall, lose
        self.busy_after = busy_after  # sends after this many are answered 429 while it is set
        self.chats: Dict[str, dict] = {}
        self.messages: Dict[str, List[dict]] = {}
        self.sent: List[dict] = []
        self.errors: List[str] = []
        self.calls: Dict[str, int] = {}
        self.next_id = 1000
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _add(self, chat_id: str, message: dict, chat_type: str = "Buyer_Seller") -> None:
        self.next_id += 1
        message.setdefault("message_id", self.next_id)
        self.messages.setdefault(chat_id, []).append(message)
        self.chats[chat_id] = {
            "chat": {
                "chat_id": chat_id,
                "chat_status": "Opened",
                "chat_type": chat_type,
                "created_at": at(0),
            },
            "first_unread_message_id": message["message_id"],
            "last_message_id": message["message_id"],
            "unread_count": 1,
        }

    def buyer_writes(self, chat_id: str, buyer: str, seconds: int, *data: str, **extra) -> None:
        message = {
            "user": {"id": buyer, "type": "Customer"},
            "created_at": at(seconds),
            "data": list(data),
            "is_image": False,
            "is_read": False,
            **extra,
        }
        self._add(chat_id, message)

    def _error(self, status: int, code: int, message: str) -> web.Response:
        self.errors.append(str(status))
        return web.json_response({"code": code, "message": message, "details": []}, status=status)

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.path
        if request.headers.get("Client-Id") != CLIENT_ID or request.headers.get("Api-Key") != API_KEY:
            return self._error(403, 7, "Invalid Api-Key, please contact support")
        if self.stall > 0:
            self.stall -= 1
            self.errors.append("stalled")
            await asyncio.sleep(STALL_SECONDS)
        if self.limit > 0:
            self.limit -= 1
            return self._error(429, 8, "You have reached request rate limit per second")
        self.calls[path] = self.calls.get(path, 0) + 1
        body = await request.json()
        if path == "/v3/chat/list":
            return self._chat_list(body)
        if path == "/v3/chat/history":
            return self._history(body)
        if path == "/v1/chat/send/message":
            if not 1 <= len(body.get("text") or "") <= 1000:
                return self._error(400, 3, "text must be 1 to 1000 characters")
            if self.busy_after is not None and len(self.sent) >= self.busy_after:
                return self._error(429, 8, "You have reached request rate limit per second")
            self.sent.append(body)
            chat = self.messages.get(body["chat_id"], [])
            # The fake's clock is its chats' (tests date buyers' messages EPOCH + seconds).
            newest = max((m["created_at"] for m in chat), default=at(0))
            later = datetime.strptime(newest, "%Y-%m-%dT%H:%M:%S.%fZ") + timedelta(milliseconds=1)
            stamp = later.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            sent = {"user": {"id": "seller-1", "type": "Seller"}, "data": [body["text"]], "is_image": False}
            self._add(body["chat_id"], {**sent, "created_at": stamp})
            if self.lose > 0:
                self.lose -= 1
                self.errors.append("lost")
                await asyncio.sleep(STALL_SECONDS)
            return web.json_response({"result": "success"})
        return self._error(404, 5, "Not Found")

    def _chat_list(self, body: dict) -> web.Response:
        found = list(self.chats.values())
        start = int(body.get("cursor") or 0)
        size = int(body["limit"])
        page = found[start : start + size]
        more = len(found) > start + size
        cursor = str(start + size) if more else ""
        return web.json_response({"chats": page, "total_unread_count": 0, "cursor": cursor, "has_next": more})

    def _history(self, body: dict) -> web.Response:
        """Backward: newest first, older than from_message_id when it is given."""
        found = sorted(self.messages.get(body["chat_id"], []), key=lambda m: -m["message_id"])
        if body.get("from_message_id"):
            found = [m for m in found if m["message_id"] < int(body["from_message_id"])]
        size = int(body.get("limit") or 50)
        return web.json_response({"has_next": len(found) > size, "messages": found[:size]})

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/{path:.+}", self._handle)


@pytest.fixture
def ozon_fake():
    yield from started_fakes(FakeOzon)


class Bridge(MarketplaceBridge):
    def __init__(self, desk, fake: FakeOzon, redis_url: str, api_key: str = API_KEY):
        self.desk = desk
        self.redis = aioredis.Redis.from_url(redis_url)
        self.client = OzonClient(fake.url, CLIENT_ID, api_key, **CLIENT_PATIENCE)
        addresses = Addresses(self.redis, "kefu:ozon:chats")
        handed = Addresses(self.redis, "kefu:ozon:handed")
        self.inbox = OzonInbox(self.client, Cursor(self.redis, "kefu:ozon:cursor"), addresses, handed)
        desk.hub.delivery.by_channel["ozon"] = OzonDelivery(
            None, None, client=self.client, addresses=addresses
        )


def test_a_buyer_message_reaches_the_bot_and_the_reply_goes_back_once(
    make_desk, fake_rasa, ozon_fake, redis_url
):
    fake = ozon_fake()
    fake.buyer_writes("c-1", "u-77", 10, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    assert bridge.poll() == 1
    assert fake_rasa.received[0]["sender"] == "ozon:u-77"
    assert fake.sent == [{"chat_id": "c-1", "text": "Hi! How can I help?"}]
    # The chat's last message is now the reply: its history is read once more (the buyer's
    # message at the cursor comes again, and is the desk's duplicate).
    bridge.poll()
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1
    histories = fake.calls["/v3/chat/history"]
    assert bridge.poll() == 0  # the chat's last message is one already read: no history call
    assert fake.calls["/v3/chat/history"] == histories
    fake.buyer_writes("c-1", "u-77", 20, "hello again")
    assert bridge.poll() >= 1  # the overlap at the cursor is the desk's duplicate
    assert len(fake_rasa.received) == 2 and len(fake.sent) == 2


def test_rate_limits_and_stalls_are_retried_and_a_refused_key_is_final(
    make_desk, fake_rasa, ozon_fake, redis_url
):
    fake = ozon_fake(limit=2, stall=1)
    fake.buyer_writes("c-2", "u-78", 10, "hello")
    desk = make_desk(fake_rasa.url)
    bridge = Bridge(desk, fake, redis_url)
    bridge.poll()
    assert fake.errors[:3] == ["stalled", "429", "429"]
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1
    wrong = Bridge(desk, fake, redis_url, api_key="revoked")
    with pytest.raises(Exception, match="HTTP 403 code 7 Invalid Api-Key"):
        wrong.poll()
    assert "revoked" not in repr(wrong.client)


def test_a_reply_whose_answer_was_lost_is_found_in_the_chat_and_not_sent_again(
    make_desk, fake_rasa, ozon_fake, redis_url
):
    fake = ozon_fake(lose=1)
    fake.buyer_writes("c-5", "u-55", 10, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    again = lambda: fake.buyer_writes("c-5", "u-55", 20, "hello")  # noqa: E731
    sent_once_though_its_answer_was_lost(bridge, fake, "ozon:u-55", again)
    assert fake.sent[0] == {"chat_id": "c-5", "text": "Hi! How can I help?"}


def test_a_failed_poll_loses_nothing_and_a_restart_resumes_at_the_cursor(
    make_desk, fake_rasa, ozon_fake, redis_url
):
    fake = ozon_fake(limit=50)
    fake.buyer_writes("c-3", "u-79", 10, "hello")
    desk = make_desk(fake_rasa.url)
    bridge = Bridge(desk, fake, redis_url)
    with pytest.raises(Exception, match="429"):
        bridge.poll()
    assert fake_rasa.received == []
    fake.limit = 0
    assert bridge.poll() == 1 and len(fake.sent) == 1
    fake.buyer_writes("c-3", "u-79", 20, "still there?")
    restarted = Bridge(desk, fake, redis_url)  # a new process: only Redis remembers
    restarted.poll()
    assert [m["message"] for m in fake_rasa.received] == ["hello", "still there?"]
    assert len(fake.sent) == 2


def test_pages_of_chats_and_history_are_followed(make_desk, fake_rasa, ozon_fake, redis_url):
    fake = ozon_fake()
    for n in range(60):  # more than one history page (50)
        fake.buyer_writes("c-4", "u-80", 10 + n, f"hello {n}")
    for n in range(101):  # and more chats than one list page (100)
        fake.buyer_writes(f"d-{n}", f"b-{n}", 100 + n, "hi")
    fake.buyer_writes("s-1", "u-9", 300, "from support")
    fake.chats["s-1"]["chat"]["chat_type"] = "Seller_Support"  # not a buyer's chat
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    assert bridge.poll() == 161
    mine = [m["message"] for m in fake_rasa.received if m["sender"] == "ozon:u-80"]
    assert mine == [f"hello {n}" for n in range(60)]
    assert not any(m["sender"] == "ozon:u-9" for m in fake_rasa.received)


def test_a_malformed_message_is_logged_and_skipped(make_desk, fake_rasa, ozon_fake, redis_url, caplog):
    fake = ozon_fake()
    fake.buyer_writes("c-5", "u-81", 10, "first")
    fake._add("c-5", {"user": {"id": "u-81", "type": "customer"}, "created_at": at(11), "data": None})
    fake._add("c-5", {"user": {"type": "customer"}, "created_at": at(12), "data": ["no user id"]})
    fake.buyer_writes("c-5", "u-81", 13, "after the broken ones")
    fake.chats["c-x"] = "not a chat"  # type: ignore[assignment]
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    with caplog.at_level(logging.ERROR, logger="bot.channels.marketplace"):
        assert bridge.poll() == 2
    assert [m["message"] for m in fake_rasa.received] == ["first", "after the broken ones"]
    assert sum("malformed marketplace message" in r.getMessage() for r in caplog.records) == 2


def test_photos_orders_and_other_peoples_messages():
    photo = {
        "message_id": 5,
        "user": {"id": "u-1", "type": "customer"},
        "is_image": True,
        "data": ["![](https://cdn1.ozone.ru/s3/chat/photo.jpg)"],
    }
    inbound = inbound_of(photo)
    assert inbound is not None and inbound.attachments == ("https://cdn1.ozone.ru/s3/chat/photo.jpg",)
    assert inbound.text == ""
    card = {
        "message_id": 6,
        "user": {"id": "u-1", "type": "Customer"},
        "data": ["Where is my parcel?"],
        "context": {"order_number": "33920113-1007", "sku": "1234"},
    }
    order = inbound_of(card)
    assert order is not None and order.opened_from == queue_of("order_page")
    assert order.text == "Where is my parcel?" and order.buyer_id == "u-1"
    for other in ("seller", "crm", "courier", "support"):
        assert inbound_of({**card, "user": {"id": "x", "type": other}}) is None


def test_the_desk_polls_ozon_by_itself_with_its_settings(make_desk, fake_rasa, ozon_fake):
    fake = ozon_fake()
    fake.buyer_writes("c-6", "u-82", 10, "hello")
    desk = make_desk(
        fake_rasa.url,
        ozon_url=fake.url,
        ozon_client_id=CLIENT_ID,
        ozon_api_key=API_KEY,
        ozon_poll_seconds=0.1,
    )
    desk.wait_until(lambda: fake.sent)
    assert fake.sent[0]["chat_id"] == "c-6"
    assert API_KEY not in repr(desk.server.app.ctx.settings)


def test_a_long_reply_tried_again_sends_only_the_pieces_ozon_had_not_taken(ozon_fake, redis_url):
    """A reply over 1000 characters goes as pieces; when Ozon rate-limits a later piece through
    every attempt, the redelivery sweep tries the reply again: the buyer must not read the
    pieces Ozon already took twice."""
    fake = ozon_fake(busy_after=1)
    text = "a" * 1000 + "b" * 500
    reply = MessageView(
        7, "conv-7", "ozon:u-7", "out", Author.BOT, text, (), (), None, None, "ozon", None, None, EPOCH
    )

    async def deliver_twice() -> List[bool]:
        redis = aioredis.Redis.from_url(redis_url)
        await redis.delete("kefu:ozon:chats", "kefu:ozon:pieces:7")
        addresses = Addresses(redis, "kefu:ozon:chats")
        await addresses.remember("u-7", "c-7")
        client = OzonClient(fake.url, CLIENT_ID, API_KEY, **{**CLIENT_PATIENCE, "attempts": 2})
        delivery = OzonDelivery(
            None, None, client=client, addresses=addresses, pieces=SentPieces(redis, "kefu:ozon:pieces")
        )
        conversation = type("Conversation", (), {"buyer_id": "u-7", "channel": "ozon"})()
        outcomes = []
        for _ in range(2):
            try:
                await delivery.deliver_one(reply, conversation)
                outcomes.append(True)
            except DeliveryFailed as exc:
                outcomes.append(False)
                assert exc.transient  # pending: the sweep tries it again
            fake.busy_after = None
        await delivery.close()
        await redis.close()
        return outcomes

    assert asyncio.run(deliver_twice()) == [False, True]
    assert [s["text"] for s in fake.sent] == ["a" * 1000, "b" * 500]
