"""The AliExpress adapter against a fake AliExpress open platform that checks every signature
and speaks the message API's shapes (querymsgrelationlist, querymsgdetaillistbybuyerid,
addmsg, the token refresh), errors included (App Call Limited, IllegalAccessToken, a stall,
a malformed message): buyer messages reach the bot through the desk once, replies go back once."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Dict, List

import pytest
import redis.asyncio as aioredis
from aiohttp import web

from bot.channels.aliexpress import PREFIX, AliExpressClient, AliExpressDelivery, AliExpressInbox, inbound_of
from bot.channels.iop import iop_sign
from bot.channels.marketplace import Addresses, Cursor
from bot.desk.records import opened_from as queue_of
from tests.desk.fake_server import (
    CLIENT_PATIENCE,
    STALL_SECONDS,
    MarketplaceBridge,
    ThreadedServer,
    sent_once_though_its_answer_was_lost,
    started_fakes,
)

APP_KEY = "501234"
APP_SECRET = "aliexpress-app-secret"
SELLER = "cn1512345678abcd"
SELLER_ALI_ID = 200042
TOKENS = ["token-1", "token-2"]
T0 = 1_740_000_000_000  # ms


class FakeAliExpress(ThreadedServer):
    """`limit` calls get App Call Limited (code 7), `stall` calls hang past the client's timeout,
    `lose` sends are recorded and then hang (the answer lost on the way back), and with
    `expire` the first token is refused once (IllegalAccessToken). A message sent goes into
    the buyer's list, as the seller's, and becomes the conversation's last message."""

    def __init__(self, limit: int = 0, stall: int = 0, expire: bool = False, lose: int = 0):
        self.limit, self.stall, self.expire, self.lose = limit, stall, expire, lose
        self.token = TOKENS[0]
        self.relations: Dict[str, dict] = {}
        self.messages: Dict[str, List[dict]] = {}
        self.sent: List[dict] = []
        self.errors: List[str] = []
        self.calls: Dict[str, int] = {}
        self.next_id = 9000
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, login: str, ali_id: int, at: int, message: dict) -> None:
        self.next_id += 1
        message = {"id": self.next_id, "gmt_create": at, "message_type": "member", **message}
        self.messages.setdefault(login, []).append(message)
        self.relations[login] = {
            "channel_id": f"ch-{login}",
            "other_login_id": login,
            "other_ali_id": ali_id,
            "other_name": "Ivan",
            "last_message_id": message["id"],
            "last_message_is_own": message.get("sender_ali_id") == SELLER_ALI_ID,
            "message_time": at,
            "unread_count": 1,
            "deal_stat": "0",
            "read_stat": "0",
        }

    def _seller_wrote(self, sent: dict) -> None:
        """The sent message in the buyer's list, dated by the fake's clock (its messages')."""
        login = sent["buyer_id"]
        if login not in self.relations:
            return
        at = max(m["gmt_create"] for m in self.messages[login]) + 1
        message = {"content": sent["content"], "sender_ali_id": SELLER_ALI_ID, "sender_name": "Shop"}
        self.add(login, self.relations[login]["other_ali_id"], at, message)

    def buyer_writes(self, login: str, ali_id: int, at: int, content: str = "", **extra) -> None:
        self.add(
            login, ali_id, at, {"content": content, "sender_ali_id": ali_id, "sender_name": "Ivan", **extra}
        )

    def _error(self, code: str, msg: str, sub_code: str = "") -> web.Response:
        self.errors.append(code)
        error = {"type": "ISV", "code": code, "msg": msg, "request_id": "r1"}
        if sub_code:
            error["sub_code"] = sub_code
        return web.json_response({"error_response": error})

    @staticmethod
    def _ok(method: str, result: dict) -> web.Response:
        body = {"result": {"is_success": True, **result}, "request_id": "r1"}
        return web.json_response({method.replace(".", "_") + "_response": body})

    async def _refresh(self, request: web.Request) -> web.Response:
        params = dict(await request.post())
        if params.get("sign") != iop_sign(APP_SECRET, "/auth/token/refresh", params):
            return self._error("IncompleteSignature", "The request signature does not conform")
        self.token = TOKENS[1]
        return web.json_response({"code": "0", "access_token": self.token, "refresh_token": "r-2"})

    async def _sync(self, request: web.Request) -> web.Response:
        params = dict(await request.post())
        if params.get("app_key") != APP_KEY or params.get("sign") != iop_sign(APP_SECRET, "", params):
            return self._error("IncompleteSignature", "The request signature does not conform")
        if self.stall > 0:
            self.stall -= 1
            self.errors.append("stalled")
            await asyncio.sleep(STALL_SECONDS)
        if self.limit > 0:
            self.limit -= 1
            return self._error("7", "App Call Limited", "accesscontrol.limited-by-api-access-count")
        if self.expire or params.get("access_token") != self.token:
            self.expire = False
            return self._error("IllegalAccessToken", "The specified access token is invalid or expired")
        method = params["method"]
        self.calls[method] = self.calls.get(method, 0) + 1
        if method == PREFIX + "querymsgrelationlist":
            query = json.loads(params["query"])
            found = sorted(self.relations.values(), key=lambda r: -r["message_time"])
            found = [r for r in found if r["message_time"] >= int(query.get("start_time") or 0)]
            page = self._page(found, int(query["current_page"]), int(query["page_size"]))
            return self._ok(method, {"relation_list": {"relation_result": page}})
        if method == PREFIX + "querymsgdetaillistbybuyerid":
            found = sorted(self.messages.get(params["buyer_login_id"], []), key=lambda m: -m["gmt_create"])
            page = self._page(found, int(params["current_page"]), int(params["page_size"]))
            return self._ok(method, {"message_detail_list": {"message_detail": page}})
        if method == PREFIX + "addmsg":
            sent = json.loads(params["create_param"])
            self.sent.append(sent)
            self._seller_wrote(sent)
            if self.lose > 0:
                self.lose -= 1
                self.errors.append("lost")
                await asyncio.sleep(STALL_SECONDS)
            return self._ok(method, {})
        return self._error("InvalidApiPath", method)

    @staticmethod
    def _page(found: List[dict], page: int, size: int) -> List[dict]:
        return found[(page - 1) * size : page * size]

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/sync", self._sync)
        app.router.add_post("/rest/auth/token/refresh", self._refresh)


@pytest.fixture
def aliexpress_fake():
    yield from started_fakes(FakeAliExpress)


class Bridge(MarketplaceBridge):
    def __init__(self, desk, fake: FakeAliExpress, redis_url: str):
        self.desk = desk
        self.redis = aioredis.Redis.from_url(redis_url)
        self.client = AliExpressClient(
            fake.url, APP_KEY, APP_SECRET, TOKENS[0], refresh_token="r-1", **CLIENT_PATIENCE
        )
        handed = Addresses(self.redis, "kefu:aliexpress:handed")
        buyers = Addresses(self.redis, "kefu:aliexpress:buyers")
        cursor = Cursor(self.redis, "kefu:aliexpress:cursor")
        self.inbox = AliExpressInbox(self.client, cursor, handed, buyers)
        delivery = AliExpressDelivery(None, None, client=self.client, addresses=buyers, seller_id=SELLER)
        desk.hub.delivery.by_channel["aliexpress"] = delivery


def test_a_buyer_message_reaches_the_bot_and_the_reply_goes_back_once(
    make_desk, fake_rasa, aliexpress_fake, redis_url
):
    fake = aliexpress_fake()
    fake.buyer_writes("ru1001", 71, T0, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    assert bridge.poll() == 1
    assert fake_rasa.received[0]["sender"] == "aliexpress:ru1001"
    assert fake.sent == [
        {
            "buyer_id": "ru1001",
            "seller_id": SELLER,
            "content": "Hi! How can I help?",
            "message_type": "member",
            "extern_id": 0,
        }
    ]
    bridge.poll()  # the conversation's last message is now the reply: its list is read once more
    assert len(fake_rasa.received) == 1
    details = fake.calls[PREFIX + "querymsgdetaillistbybuyerid"]
    bridge.poll()  # the conversation's last message was read: no detail call, nothing new
    assert fake.calls[PREFIX + "querymsgdetaillistbybuyerid"] == details
    fake.buyer_writes("ru1001", 71, T0 + 5000, "hello again")
    bridge.poll()
    assert len(fake_rasa.received) == 2 and len(fake.sent) == 2


def test_a_reply_whose_answer_was_lost_is_found_in_the_chat_and_not_sent_again(
    make_desk, fake_rasa, aliexpress_fake, redis_url
):
    fake = aliexpress_fake(lose=1)
    fake.buyer_writes("ru1005", 75, T0, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    again = lambda: fake.buyer_writes("ru1005", 75, T0 + 5000, "hello")  # noqa: E731
    sent_once_though_its_answer_was_lost(bridge, fake, "aliexpress:ru1005", again)


def test_limits_stalls_and_an_expired_token_are_retried(make_desk, fake_rasa, aliexpress_fake, redis_url):
    fake = aliexpress_fake(limit=2, stall=1, expire=True)
    fake.buyer_writes("ru1002", 72, T0, "hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    bridge.poll()
    assert fake.errors[:4] == ["stalled", "7", "7", "IllegalAccessToken"]
    assert bridge.client.access_token == TOKENS[1]
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1
    assert TOKENS[1] not in repr(bridge.client) and APP_SECRET not in repr(bridge.client)


def test_a_failed_poll_loses_nothing_and_a_restart_resumes(make_desk, fake_rasa, aliexpress_fake, redis_url):
    fake = aliexpress_fake(limit=50)
    for n in range(55):  # more than one page (50) of one buyer's messages
        fake.buyer_writes("ru1003", 73, T0 + n, f"hello {n}")
    for n in range(51):  # and more conversations than one page
        fake.buyer_writes(f"de{n}", 500 + n, T0 + 1000 + n, "hi")
    desk = make_desk(fake_rasa.url)
    bridge = Bridge(desk, fake, redis_url)
    with pytest.raises(Exception, match="AliExpress querymsgrelationlist: 7"):
        bridge.poll()
    assert fake_rasa.received == []
    fake.limit = 0
    assert bridge.poll() == 106
    mine = [m["message"] for m in fake_rasa.received if m["sender"] == "aliexpress:ru1003"]
    assert mine == [f"hello {n}" for n in range(55)]
    fake.buyer_writes("ru1003", 73, T0 + 9000, "one more")
    Bridge(desk, fake, redis_url).poll()  # a restarted desk: only Redis remembers
    assert fake_rasa.received[-1]["message"] == "one more" and len(fake.sent) == 107


def test_a_malformed_message_is_logged_and_skipped(make_desk, fake_rasa, aliexpress_fake, redis_url, caplog):
    fake = aliexpress_fake()
    fake.buyer_writes("ru1004", 74, T0, "first")
    fake.buyer_writes("ru1004", 74, T0 + 1, content=None)
    fake.messages["ru1004"][-1]["content"] = {"not": "text"}
    fake.add("ru1004", 74, T0 + 2, {"sender_ali_id": 74})  # no content, no photo: nothing to read
    fake.buyer_writes("ru1004", 74, T0 + 3, "after the broken one")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    with caplog.at_level(logging.ERROR, logger="bot.channels.marketplace"):
        assert bridge.poll() == 2
    assert [m["message"] for m in fake_rasa.received] == ["first", "after the broken one"]
    assert sum("malformed marketplace message" in r.getMessage() for r in caplog.records) == 1


def test_photos_orders_and_the_shops_own_messages():
    buyer = {"other_login_id": "ru9", "other_ali_id": 9}
    photo = {
        "id": 1,
        "sender_ali_id": 9,
        "content": "",
        "file_path_list": {"file_path": [{"l_path": "https://ae01.alicdn.com/kf/big.jpg", "s_path": "x"}]},
    }
    inbound = inbound_of(photo, buyer)
    assert inbound is not None and inbound.attachments == ("https://ae01.alicdn.com/kf/big.jpg",)
    card = {"id": 2, "sender_ali_id": 9, "content": "", "message_type": "order", "extern_id": 8123456789012}
    order = inbound_of(card, buyer)
    assert order is not None and order.opened_from == queue_of("order_page") and "8123456789012" in order.text
    assert inbound_of({**card, "sender_ali_id": SELLER_ALI_ID}, buyer) is None


def test_the_desk_polls_aliexpress_by_itself_with_its_settings(make_desk, fake_rasa, aliexpress_fake):
    fake = aliexpress_fake()
    fake.buyer_writes("ru1005", 75, T0, "hello")
    desk = make_desk(
        fake_rasa.url,
        aliexpress_url=fake.url,
        aliexpress_app_key=APP_KEY,
        aliexpress_app_secret=APP_SECRET,
        aliexpress_access_token=TOKENS[0],
        aliexpress_seller_id=SELLER,
        aliexpress_poll_seconds=0.1,
    )
    desk.wait_until(lambda: fake.sent)
    assert fake.sent[0]["buyer_id"] == "ru1005"
    assert APP_SECRET not in repr(desk.server.app.ctx.settings)
