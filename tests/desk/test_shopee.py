"""The Shopee adapter against a fake Shopee Open Platform v2 that checks every signature and
speaks the sellerchat shapes, errors included (429, an expired token, a stall): buyer
messages reach the bot through the desk once, replies go back once."""

from __future__ import annotations

import asyncio
from typing import Dict, List

import pytest
import redis.asyncio as aioredis
from aiohttp import web

from bot.channels.marketplace import Addresses, Cursor
from bot.channels.shopee import REFRESH, ShopeeClient, ShopeeDelivery, ShopeeInbox, inbound_of, sign
from tests.desk.fake_server import (
    CLIENT_PATIENCE,
    STALL_SECONDS,
    MarketplaceBridge,
    ThreadedServer,
    sent_once_though_its_answer_was_lost,
    started_fakes,
)

PARTNER_ID = 2001887
PARTNER_KEY = "shopee-partner-key"
SHOP_ID = 14701711
SELLER = 555  # the shop's own user id
TOKENS = ["token-1", "token-2"]
NANO = 1_000_000_000


class FakeShopee(ThreadedServer):
    """get_conversation_list, get_message, send_message and the token refresh.
    `limit` calls get 429, `stall` calls hang past the client's timeout, `lose` sends are
    recorded and then hang (the answer lost on the way back), and with `expire` the first
    token is refused once. A message sent goes into the buyer's conversation, as the shop's."""

    def __init__(self, limit: int = 0, stall: int = 0, expire: bool = False, lose: int = 0):
        self.limit, self.stall, self.expire, self.lose = limit, stall, expire, lose
        self.token = TOKENS[0]
        self.conversations: Dict[str, dict] = {}
        self.messages: Dict[str, List[dict]] = {}
        self.sent: List[dict] = []
        self.errors: List[str] = []
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def buyer_writes(self, conversation_id: str, buyer: int, message_id: str, at: int, **content):
        self.conversations[conversation_id] = {
            "conversation_id": conversation_id,
            "to_id": buyer,
            "to_name": "somchai",
            "shop_id": SHOP_ID,
            "last_message_timestamp": at * NANO,
            "latest_message_id": message_id,
        }
        kind = "image" if "url" in content else "order" if "order_sn" in content else "text"
        self.messages.setdefault(conversation_id, []).append(
            {
                "message_id": message_id,
                "message_type": kind,
                "from_id": buyer,
                "to_id": SELLER,
                "conversation_id": conversation_id,
                "created_timestamp": at,
                "content": content,
            }
        )

    def _shop_wrote(self, body: dict) -> None:
        """The sent message in the buyer's conversation, dated by the fake's clock (its chats')."""
        found = [c for c in self.conversations.values() if c["to_id"] == body["to_id"]]
        if not found:
            return
        chat = self.messages.setdefault(found[0]["conversation_id"], [])
        chat.append(
            {
                "message_id": f"s{len(self.sent)}",
                "message_type": "text",
                "from_id": SELLER,
                "to_id": body["to_id"],
                "conversation_id": found[0]["conversation_id"],
                "created_timestamp": max((m["created_timestamp"] for m in chat), default=0) + 1,
                "content": body["content"],
            }
        )

    def _error(self, error: str, status: int = 200, message: str = "") -> web.Response:
        self.errors.append(error)
        return web.json_response({"error": error, "message": message, "request_id": "r1"}, status=status)

    @staticmethod
    def _ok(response: dict) -> web.Response:
        return web.json_response({"error": "", "message": "", "response": response, "request_id": "r1"})

    async def _handle(self, request: web.Request) -> web.Response:
        path, query = request.path, request.query
        if query.get("partner_id") != str(PARTNER_ID):
            return self._error("error_param", message="partner_id")
        if path == REFRESH:
            if query.get("sign") != sign(PARTNER_KEY, PARTNER_ID, path, query.get("timestamp")):
                return self._error("error_sign", 403)
            self.token = TOKENS[1]
            return web.json_response({"access_token": self.token, "refresh_token": "r-2", "expire_in": 14400})
        given = sign(
            PARTNER_KEY, PARTNER_ID, path, query.get("timestamp"), query.get("access_token"), SHOP_ID
        )
        if query.get("shop_id") != str(SHOP_ID) or query.get("sign") != given:
            return self._error("error_sign", 403, "Wrong sign.")
        if self.stall > 0:
            self.stall -= 1
            self.errors.append("stalled")
            await asyncio.sleep(STALL_SECONDS)
        if self.limit > 0:
            self.limit -= 1
            return self._error("error_too_many_request", 429)
        if self.expire or query.get("access_token") != self.token:
            self.expire = False
            return self._error("invalid_acceess_token", message="Invalid access_token.")
        name = path.rsplit("/", 1)[-1]
        if name == "get_conversation_list":
            return self._conversation_list(query)
        if name == "get_message":
            return self._message_page(query)
        if name == "send_message":
            body = await request.json()
            self.sent.append(body)
            self._shop_wrote(body)
            if self.lose > 0:
                self.lose -= 1
                self.errors.append("lost")
                await asyncio.sleep(STALL_SECONDS)
            return self._ok(
                {"message_id": f"s{len(self.sent)}", "to_id": body["to_id"], "content": body["content"]}
            )
        return self._error("error_not_found", 404)

    def _conversation_list(self, query) -> web.Response:
        found = sorted(self.conversations.values(), key=lambda c: -c["last_message_timestamp"])
        if query.get("direction") == "older":
            found = [c for c in found if c["last_message_timestamp"] < int(query["next_timestamp_nano"])]
        size = int(query["page_size"])
        page, more = found[:size], len(found) > size
        cursor = {"next_message_time_nano": str(page[-1]["last_message_timestamp"]) if page else "0"}
        return self._ok(
            {
                "conversations": page,
                "page_result": {"page_size": len(page), "next_cursor": cursor, "more": more},
            }
        )

    def _message_page(self, query) -> web.Response:
        found = sorted(self.messages.get(query["conversation_id"], []), key=lambda m: -m["created_timestamp"])
        start, size = int(query.get("offset") or 0), int(query["page_size"])
        page = found[start : start + size]
        following = str(start + size) if len(found) > start + size else ""
        return self._ok(
            {"messages": page, "page_result": {"page_size_count": len(page), "next_offset": following}}
        )

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/api/v2/{path:.+}", self._handle)


@pytest.fixture
def shopee_fake():
    yield from started_fakes(FakeShopee)


class Bridge(MarketplaceBridge):
    def __init__(self, desk, fake: FakeShopee, redis_url: str):
        self.desk = desk
        redis = aioredis.Redis.from_url(redis_url)
        self.client = ShopeeClient(
            fake.url, PARTNER_ID, PARTNER_KEY, SHOP_ID, TOKENS[0], refresh_token="r-1", **CLIENT_PATIENCE
        )
        addresses = Addresses(redis, "kefu:shopee:conversations")
        self.inbox = ShopeeInbox(self.client, Cursor(redis, "kefu:shopee:cursor"), addresses)
        desk.hub.delivery.by_channel["shopee"] = ShopeeDelivery(
            None, None, client=self.client, addresses=addresses
        )


def test_a_buyer_message_reaches_the_bot_and_the_reply_goes_back_once(
    make_desk, fake_rasa, shopee_fake, redis_url
):
    fake = shopee_fake()
    fake.buyer_writes("C1", 77, "m1", 1000, text="hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    assert bridge.poll() == 1
    assert fake_rasa.received[0]["sender"] == "shopee:77"
    assert fake.sent == [{"to_id": 77, "message_type": "text", "content": {"text": "Hi! How can I help?"}}]
    assert bridge.poll() == 1  # the overlap at the cursor: the desk's duplicate
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1


def test_rate_limits_stalls_and_an_expired_token_are_retried(make_desk, fake_rasa, shopee_fake, redis_url):
    fake = shopee_fake(limit=2, stall=1, expire=True)
    fake.buyer_writes("C2", 78, "m1", 1000, text="hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    bridge.poll()
    assert fake.errors[:4] == [
        "stalled",
        "error_too_many_request",
        "error_too_many_request",
        "invalid_acceess_token",
    ]
    assert bridge.client.access_token == TOKENS[1]
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1


def test_a_reply_whose_answer_was_lost_is_found_in_the_chat_and_not_sent_again(
    make_desk, fake_rasa, shopee_fake, redis_url
):
    fake = shopee_fake(lose=1)
    fake.buyer_writes("C5", 55, "m1", 1000, text="hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    again = lambda: fake.buyer_writes("C5", 55, "m2", 2000, text="hello")  # noqa: E731
    sent_once_though_its_answer_was_lost(bridge, fake, "shopee:55", again)


def test_a_failed_poll_loses_nothing_and_pages_are_followed(make_desk, fake_rasa, shopee_fake, redis_url):
    fake = shopee_fake(limit=50)
    for n in range(22):  # two pages of one conversation
        fake.buyer_writes("C3", 79, f"m{n}", 1000 + n, text=f"hello {n}")
    for n in range(21):  # and more conversations than one page
        fake.buyer_writes(f"D{n}", 100 + n, "x", 2000 + n, text="hi")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    with pytest.raises(Exception, match="429"):
        bridge.poll()
    assert fake_rasa.received == []
    fake.limit = 0
    assert bridge.poll() == 43
    mine = [m["message"] for m in fake_rasa.received if m["sender"] == "shopee:79"]
    assert mine == [f"hello {n}" for n in range(22)] and len(fake.sent) == 43


def test_photos_orders_and_the_shops_own_messages():
    photo = {"message_id": "p1", "from_id": 7, "content": {"url": "https://cf.shopee/x.jpg"}}
    inbound = inbound_of(photo, "7")
    assert inbound is not None and inbound.attachments == ("https://cf.shopee/x.jpg",)
    order = inbound_of({"message_id": "o1", "from_id": 7, "content": {"order_sn": "220101ABC"}}, "7")
    assert order is not None and order.opened_from == "after_sale" and "220101ABC" in order.text
    assert inbound_of({**photo, "from_id": SELLER}, "7") is None


def test_the_desk_polls_shopee_by_itself_with_its_settings(make_desk, fake_rasa, shopee_fake):
    fake = shopee_fake()
    fake.buyer_writes("C4", 80, "m1", 1000, text="hello")
    desk = make_desk(
        fake_rasa.url,
        shopee_url=fake.url,
        shopee_partner_id=PARTNER_ID,
        shopee_partner_key=PARTNER_KEY,
        shopee_shop_id=SHOP_ID,
        shopee_access_token=TOKENS[0],
        shopee_poll_seconds=0.1,
    )
    desk.wait_until(lambda: fake.sent)
    assert fake.sent[0]["to_id"] == 80
    assert PARTNER_KEY not in repr(desk.server.app.ctx.settings)
