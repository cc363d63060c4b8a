"""The Lazada adapter against a fake Lazada Open Platform that checks every signature and
speaks the IM API's shapes, errors included (ApiCallLimit, IllegalAccessToken, a stall):
buyer messages reach the bot through the desk once, replies go back once."""

from __future__ import annotations

import asyncio
import json
from typing import Dict, List

import pytest
import redis.asyncio as aioredis
from aiohttp import web

from bot.channels.lazada import LazadaClient, LazadaDelivery, LazadaInbox, inbound_of, sign
from bot.channels.marketplace import Addresses, Cursor
from bot.desk.records import opened_from as queue_of
from tests.desk.conftest import now_utc
from tests.desk.fake_server import (
    CLIENT_PATIENCE,
    STALL_SECONDS,
    MarketplaceBridge,
    ThreadedServer,
    sent_once_though_its_answer_was_lost,
    started_fakes,
)

APP_KEY = "100001"
APP_SECRET = "lazada-app-secret"
TOKENS = ["token-1", "token-2"]


class FakeLazada(ThreadedServer):
    """/im/session/list, /im/message/list, /im/message/send and /auth/token/refresh.
    `limit` calls are answered ApiCallLimit, `stall` calls hang past the client's timeout
    (before anything is recorded), `lose` sends are recorded and then hang (the answer is
    lost on the way back), and with `expire` the first token is refused once. A message
    sent goes into its session's list, as the seller's."""

    def __init__(self, limit: int = 0, stall: int = 0, expire: bool = False, lose: int = 0):
        self.limit, self.stall, self.expire, self.lose = limit, stall, expire, lose
        self.token = TOKENS[0]
        self.sessions: List[dict] = []
        self.messages: Dict[str, List[dict]] = {}
        self.sent: List[dict] = []
        self.errors: List[str] = []
        self.pages = 0
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/rest"

    @property
    def auth_url(self) -> str:
        """Lazada's token service, apart from the country's API (auth.lazada.com/rest)."""
        return f"http://127.0.0.1:{self.port}/auth/rest"

    def buyer_writes(self, session_id: str, buyer_id: str, message_id: str, send_time: int, **content):
        session = next((s for s in self.sessions if s["session_id"] == session_id), None)
        if session is None:
            session = {"session_id": session_id, "buyer_id": buyer_id, "title": "Somchai"}
            self.sessions.append(session)
        session["last_message_time"] = send_time
        message = {
            "message_id": message_id,
            "session_id": session_id,
            "from_account_type": 1,
            "template_id": content.pop("template_id", 1),
            "send_time": send_time,
            "content": json.dumps(content),
        }
        self.messages.setdefault(session_id, []).append(message)

    def _error(self, code: str, message: str) -> web.Response:
        self.errors.append(code)
        return web.json_response({"type": "ISV", "code": code, "message": message, "request_id": "0b1"})

    async def _signed(self, request: web.Request) -> tuple[str, dict, web.Response | None]:
        path = "/" + request.match_info["path"]
        params = dict(request.query) if request.method == "GET" else dict(await request.post())
        if params.get("app_key") != APP_KEY or params.get("sign_method") != "sha256":
            return path, params, self._error("InvalidAppKey", "")
        if params.get("sign") != sign(APP_SECRET, path, params):
            return path, params, self._error("IncompleteSignature", "The request signature does not conform")
        return path, params, None

    async def _auth(self, request: web.Request) -> web.Response:
        path, _, refused = await self._signed(request)
        if refused is not None:
            return refused
        if path != "/auth/token/refresh":
            return self._error("InvalidApiPath", path)
        self.token = TOKENS[1]
        return web.json_response({"code": "0", "access_token": self.token, "refresh_token": "r-2"})

    async def _handle(self, request: web.Request) -> web.Response:
        path, params, refused = await self._signed(request)
        if refused is not None:
            return refused
        if self.stall > 0:
            self.stall -= 1
            self.errors.append("Stalled")  # the client gives up before the answer
            await asyncio.sleep(STALL_SECONDS)
            return web.json_response({"code": "0", "data": {}})
        if self.limit > 0:
            self.limit -= 1
            return self._error("ApiCallLimit", "This ban will last 1 more seconds")
        if self.expire or params.get("access_token") != self.token:
            self.expire = False
            return self._error("IllegalAccessToken", "The specified access token is invalid or expired")
        if path == "/im/session/list":
            return self._page(self.sessions, "session_id", "last_message_time", params, "session_list")
        if path == "/im/message/list":
            found = self.messages.get(params["session_id"], [])
            return self._page(found, "message_id", "send_time", params, "message_list")
        if path == "/im/message/send":
            self.sent.append({k: params[k] for k in ("session_id", "template_id", "txt")})
            message_id = f"s{len(self.sent)}"
            chat = self.messages.setdefault(params["session_id"], [])
            chat.append(
                {
                    "message_id": message_id,
                    "session_id": params["session_id"],
                    "from_account_type": 2,
                    "template_id": 1,
                    # The fake's clock is its chats' (tests date buyers' messages 1000, 2000...).
                    "send_time": max((m["send_time"] for m in chat), default=0) + 1,
                    "content": json.dumps({"txt": params["txt"]}),
                }
            )
            if self.lose > 0:
                self.lose -= 1
                self.errors.append("lost")
                await asyncio.sleep(STALL_SECONDS)
            return self._ok({"message_id": message_id, "template_id": 1})
        return self._error("InvalidApiPath", path)

    def _page(self, items: List[dict], key: str, clock: str, params: dict, name: str) -> web.Response:
        """Lazada's listing: newest first, back from start_time, `page_size` at a time after
        the id of the previous page's last item; every field a string, has_more "true"/"false"."""
        before = int(params["start_time"])
        found = sorted((i for i in items if i[clock] <= before), key=lambda i: -i[clock])
        if params.get(f"last_{key}"):
            ids = [str(i[key]) for i in found]
            found = found[ids.index(params[f"last_{key}"]) + 1 :]
        size = int(params["page_size"])
        page = [{k: str(v) for k, v in i.items()} for i in found[:size]]
        more = len(found) > size
        self.pages += 1
        last = page[-1][key] if page else ""
        return self._ok({name: page, "has_more": "true" if more else "false", f"last_{key}": last})

    @staticmethod
    def _ok(data: dict) -> web.Response:
        return web.json_response({"code": "0", "data": data, "request_id": "0b1"})

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/rest/{path:.+}", self._handle)
        app.router.add_route("*", "/auth/rest/{path:.+}", self._auth)


@pytest.fixture
def lazada_fake():
    yield from started_fakes(FakeLazada)


class Bridge(MarketplaceBridge):
    def __init__(self, desk, fake: FakeLazada, redis_url: str):
        self.desk = desk
        self.redis = aioredis.Redis.from_url(redis_url)
        self.client = LazadaClient(
            fake.url,
            APP_KEY,
            APP_SECRET,
            TOKENS[0],
            refresh_token="r-1",
            auth_url=fake.auth_url,
            **CLIENT_PATIENCE,
        )
        addresses = Addresses(self.redis, "kefu:lazada:sessions")
        self.inbox = LazadaInbox(self.client, Cursor(self.redis, "kefu:lazada:cursor"), addresses)
        desk.hub.delivery.by_channel["lazada"] = LazadaDelivery(
            None, None, client=self.client, addresses=addresses
        )


def test_a_buyer_message_reaches_the_bot_and_the_reply_goes_back_once(
    make_desk, fake_rasa, lazada_fake, redis_url
):
    fake = lazada_fake()
    fake.buyer_writes("S1", "B7", "m1", 1000, txt="hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    assert bridge.poll() == 1
    assert fake_rasa.received[0]["sender"] == "lazada:B7"
    assert fake.sent == [{"session_id": "S1", "template_id": "1", "txt": "Hi! How can I help?"}]
    # The next poll starts at the cursor: the same message again is the desk's duplicate.
    assert bridge.poll() == 1
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1
    fake.buyer_writes("S1", "B7", "m2", 2000, txt="hello again")
    bridge.poll()
    assert len(fake_rasa.received) == 2 and len(fake.sent) == 2


def test_rate_limits_stalls_and_an_expired_token_are_retried(make_desk, fake_rasa, lazada_fake, redis_url):
    fake = lazada_fake(limit=2, stall=1, expire=True)
    fake.buyer_writes("S2", "B8", "m1", 1000, txt="hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    bridge.poll()
    assert fake.errors == ["Stalled", "ApiCallLimit", "ApiCallLimit", "IllegalAccessToken"]
    assert bridge.client.access_token == TOKENS[1]
    assert len(fake_rasa.received) == 1 and len(fake.sent) == 1


def test_an_expired_token_is_renewed_at_lazadas_token_service(make_desk, fake_rasa, lazada_fake):
    """Lazada renews tokens at auth.lazada.com/rest for every country; the country's API
    address (KEFU_LAZADA_URL) does not serve /auth/token/refresh."""
    fake = lazada_fake(expire=True)
    fake.buyer_writes("S6", "B6", "m1", 1000, txt="hello")
    desk = make_desk(
        fake_rasa.url,
        lazada_url=fake.url,
        lazada_auth_url=fake.auth_url,
        lazada_app_key=APP_KEY,
        lazada_app_secret=APP_SECRET,
        lazada_access_token=TOKENS[0],
        lazada_refresh_token="r-1",
        lazada_poll_seconds=0.1,
    )
    desk.wait_until(lambda: fake.sent)
    assert fake.errors == ["IllegalAccessToken"] and fake.token == TOKENS[1]
    assert LazadaClient("u", APP_KEY, APP_SECRET, TOKENS[0]).auth_url == "https://auth.lazada.com/rest"


def test_a_reply_whose_answer_was_lost_is_found_in_the_chat_and_not_sent_again(
    make_desk, fake_rasa, lazada_fake, redis_url
):
    fake = lazada_fake(lose=1)
    fake.buyer_writes("S5", "B5", "m1", 1000, txt="hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    again = lambda: fake.buyer_writes("S5", "B5", "m2", 2000, txt="hello")  # noqa: E731
    sent_once_though_its_answer_was_lost(bridge, fake, "lazada:B5", again)
    assert [s["txt"] for s in fake.sent] == ["Hi! How can I help?"] * 2


def test_a_failed_poll_loses_nothing(make_desk, fake_rasa, lazada_fake, redis_url):
    fake = lazada_fake(limit=50)
    fake.buyer_writes("S3", "B9", "m1", 1000, txt="hello")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    with pytest.raises(Exception, match="ApiCallLimit"):
        bridge.poll()
    assert fake_rasa.received == []
    fake.limit = 0
    assert bridge.poll() == 1 and len(fake.sent) == 1


def test_photos_and_order_cards():
    photo = {
        "message_id": "p1",
        "from_account_type": 1,
        "template_id": 3,
        "content": '{"imgUrl": "https://img/x.jpg"}',
    }
    inbound = inbound_of(photo, "B1")
    assert inbound is not None and inbound.attachments == ("https://img/x.jpg",) and inbound.text == ""
    card = {
        "message_id": "o1",
        "from_account_type": 1,
        "template_id": 10007,
        "content": '{"orderId": "5521"}',
    }
    order = inbound_of(card, "B1")
    assert order is not None and order.opened_from == queue_of("order_page") and "5521" in order.text
    assert inbound_of({**card, "from_account_type": 2}, "B1") is None  # the seller's own


def test_the_desk_polls_lazada_by_itself_with_its_settings(make_desk, fake_rasa, lazada_fake):
    fake = lazada_fake()
    fake.buyer_writes("S4", "B4", "m1", 1000, txt="hello")
    desk = make_desk(
        fake_rasa.url,
        lazada_url=fake.url,
        lazada_app_key=APP_KEY,
        lazada_app_secret=APP_SECRET,
        lazada_access_token=TOKENS[0],
        lazada_poll_seconds=0.1,
    )
    desk.wait_until(lambda: fake.sent)
    assert fake.sent[0]["session_id"] == "S4"
    settings = desk.server.app.ctx.settings
    assert APP_SECRET not in repr(settings) and TOKENS[0] not in repr(settings)


def test_pages_are_followed_back_to_the_cursor(make_desk, fake_rasa, lazada_fake, redis_url):
    fake = lazada_fake()
    for n in range(23):  # more than one page (20)
        fake.buyer_writes("S5", "B5", f"m{n}", 1000 + n, txt=f"hello {n}")
    bridge = Bridge(make_desk(fake_rasa.url), fake, redis_url)
    assert bridge.poll() == 23
    assert [m["message"] for m in fake_rasa.received] == [f"hello {n}" for n in range(23)]
    pages = fake.pages
    fake.buyer_writes("S5", "B5", "m99", 5000, txt="one more")
    # From the newest back to the cursor: the session list's one page, and the 24 messages
    # after the cursor (the bot's 23 replies, then "one more") in two pages of the 47 there are.
    bridge.poll()
    assert fake.pages - pages == 3 and fake_rasa.received[-1]["message"] == "one more"


def test_a_buyer_answering_a_notice_in_lazada_is_answered_in_lazada(
    make_desk, fake_rasa, lazada_fake, redis_url
):
    """A notice opens the buyer's chat on the seller's webhook; their answer comes through
    Lazada, and so must the bot's reply (not the webhook the notice used)."""
    from bot.desk.notice_log import NoticeLog

    fake = lazada_fake()
    desk = make_desk(fake_rasa.url)
    opened = NoticeLog(desk.journal.engine).conversation_for("lazada", "B10", now_utc())
    assert opened.channel == "webhook"
    fake.buyer_writes("S10", "B10", "m1", 1000, txt="hello")
    Bridge(desk, fake, redis_url).poll()
    assert fake.sent == [{"session_id": "S10", "template_id": "1", "txt": "Hi! How can I help?"}]
    conversation = desk.journal.open_conversation("lazada:B10")
    assert (conversation.id, conversation.channel) == (opened.id, "lazada")
