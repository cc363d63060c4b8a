"""The Chatwoot bridge: agent-bot events reach the bot through the desk, replies go back
through a fake Chatwoot speaking its documented API (429 and 401 included), and a handoff
opens the conversation for Chatwoot's agents with the reason and tier as labels."""

from __future__ import annotations

import json
from typing import Dict, List, Tuple

import pytest
import requests
from aiohttp import web

from bot.channels.chatwoot import parse_event
from bot.text_input import InvalidMessage
from tests.desk.fake_server import ThreadedServer

API_TOKEN = "chatwoot-api-token"
HOOK_TOKEN = "chatwoot-hook-token"
BASE = "/api/v1/accounts/{account}/conversations/{conversation}"


class FakeChatwoot(ThreadedServer):
    """Chatwoot's Application API for one agent bot: messages, toggle_status, labels.
    The first `throttle` message posts are answered 429."""

    def __init__(self, throttle: int = 0):
        self.throttle = throttle
        self.calls: List[Tuple[str, str, dict]] = []  # (method, action, body) of accepted calls
        self.refused: List[str] = []
        self.labels: Dict[int, List[str]] = {}
        self.status: Dict[int, str] = {}
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sent(self, action: str) -> List[dict]:
        return [body for method, name, body in self.calls if name == action and method == "POST"]

    async def _handle(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        conversation = int(request.match_info["conversation"])
        if request.headers.get("api_access_token") != API_TOKEN:
            self.refused.append(action)
            return web.json_response({"error": "Invalid Access Token"}, status=401)
        if request.method == "GET":
            return web.json_response({"payload": self.labels.get(conversation, [])})
        body = await request.json()
        if action == "messages" and self.throttle > 0:
            self.throttle -= 1
            self.refused.append("429")
            return web.json_response({"error": "rate limited"}, status=429)
        self.calls.append((request.method, action, body))
        if action == "toggle_status":
            self.status[conversation] = body["status"]
            return web.json_response(
                {
                    "meta": {},
                    "payload": {
                        "success": True,
                        "current_status": body["status"],
                        "conversation_id": conversation,
                    },
                }
            )
        if action == "labels":
            self.labels[conversation] = list(body["labels"])
            return web.json_response({"payload": self.labels[conversation]})
        return web.json_response(
            {"id": len(self.calls), "content": body["content"], "message_type": 1, "private": False}
        )

    def routes(self, app: web.Application) -> None:
        path = BASE.format(account="{account}", conversation="{conversation}") + "/{action}"
        app.router.add_route("*", path, self._handle)


@pytest.fixture
def chatwoot():
    fake = FakeChatwoot().start()
    yield fake
    fake.stop()


def bridged(make_desk, fake_rasa, chatwoot, token: str = API_TOKEN):
    return make_desk(
        fake_rasa.url,
        chatwoot_url=chatwoot.url,
        chatwoot_token=token,
        chatwoot_webhook_token=HOOK_TOKEN,
    )


def event(message_id: int, content: str, conversation: int = 7, status: str = "pending", **extra) -> dict:
    """An agent-bot `message_created` event as Chatwoot's webhook documentation shows it."""
    return {
        "event": "message_created",
        "id": message_id,
        "content": content,
        "created_at": "2024-03-03 13:05:57 UTC",
        "message_type": "incoming",
        "content_type": "text",
        "content_attributes": {},
        "source_id": None,
        "private": False,
        "sender": {"id": 42, "name": "Somchai", "type": "contact"},
        "contact": {"id": 42, "name": "Somchai"},
        "conversation": {
            "id": conversation,
            "inbox_id": 3,
            "status": status,
            "channel": "Channel::WebWidget",
        },
        "account": {"id": 1, "name": "Shop"},
        "inbox": {"id": 3, "name": "Website"},
        **extra,
    }


def post(desk, payload: dict, token: str | None = HOOK_TOKEN, in_query: bool = False):
    url = f"{desk.url}/channels/chatwoot"
    headers = {}
    if token and in_query:
        url += f"?token={token}"
    elif token:
        headers["X-Kefu-Chatwoot-Token"] = token
    return requests.post(url, json=payload, headers=headers, timeout=15)


def test_a_message_reaches_the_bot_and_the_reply_is_posted_back_once(make_desk, fake_rasa, chatwoot):
    desk = bridged(make_desk, fake_rasa, chatwoot)
    first = post(desk, event(101, "hello"))
    again = post(desk, event(101, "hello"))  # Chatwoot redelivers
    assert (first.json()["status"], again.json()["status"]) == ("accepted", "duplicate")
    desk.drain()
    assert len(fake_rasa.received) == 1
    assert fake_rasa.received[0]["sender"] == "chatwoot:1-7"
    assert chatwoot.sent("messages") == [
        {"content": "Hi! How can I help?", "message_type": "outgoing", "private": False}
    ]
    assert chatwoot.sent("toggle_status") == []
    conversation = first.json()["conversation_id"]
    [reply] = [m for m in desk.journal.messages(conversation) if m.direction == "out"]
    assert reply.delivery == "sent"


def test_other_events_and_the_bots_own_messages_are_ignored(make_desk, fake_rasa, chatwoot):
    desk = bridged(make_desk, fake_rasa, chatwoot)
    assert post(desk, event(5, "Hi!", message_type="outgoing")).json()["status"] == "ignored"
    assert post(desk, {"event": "conversation_created", "id": 7}).json()["status"] == "ignored"
    assert post(desk, event(6, "agent note", private=True)).json()["status"] == "ignored"
    assert post(desk, event(8, "hello", status="open")).json()["status"] == "ignored"  # agents' chat
    desk.drain()
    assert fake_rasa.received == [] and chatwoot.calls == []


def test_a_handoff_opens_the_conversation_with_reason_and_tier_labels(make_desk, fake_rasa, chatwoot):
    chatwoot.labels[9] = ["vip"]  # the seller's own label stays
    desk = bridged(make_desk, fake_rasa, chatwoot)
    reply = post(desk, event(201, "this is broken", conversation=9), in_query=True)
    assert reply.status_code == 200
    desk.drain()
    texts = [body["content"] for body in chatwoot.sent("messages")]
    assert texts[0] == "I'm passing you to our after-sales team." and len(texts) == 2  # + the wait
    assert chatwoot.sent("toggle_status") == [{"status": "open"}]
    assert chatwoot.status[9] == "open"
    assert chatwoot.labels[9] == ["vip", "kefu-tier2", "kefu-damaged_item"]
    # Chatwoot's agents have it now: the next message is theirs, nothing is toggled again.
    assert post(desk, event(202, "hello?", conversation=9, status="open")).json()["status"] == "ignored"
    desk.drain()
    assert len(chatwoot.sent("toggle_status")) == 1 and len(chatwoot.sent("messages")) == 2


def test_a_bad_token_is_refused(make_desk, fake_rasa, chatwoot):
    desk = bridged(make_desk, fake_rasa, chatwoot)
    assert post(desk, event(301, "hello"), token=None).status_code == 401
    assert post(desk, event(301, "hello"), token="wrong").status_code == 401
    assert post(desk, event(301, "hello"), token="wrong", in_query=True).status_code == 401
    desk.drain()
    assert fake_rasa.received == []


def test_chatwoot_refusing_the_api_token_is_not_retried(make_desk, fake_rasa, chatwoot):
    desk = bridged(make_desk, fake_rasa, chatwoot, token="revoked")
    reply = post(desk, event(401, "hello"))
    desk.drain()
    assert chatwoot.refused == ["messages"] and chatwoot.calls == []
    [out] = [m for m in desk.journal.messages(reply.json()["conversation_id"]) if m.direction == "out"]
    assert out.delivery == "failed"


def test_a_reply_throttled_with_429_is_retried_and_sent_once(make_desk, fake_rasa):
    throttled = FakeChatwoot(throttle=2).start()
    try:
        desk = bridged(make_desk, fake_rasa, throttled)
        post(desk, event(501, "hello"))
        desk.drain()
        assert throttled.refused == ["429", "429"]
        assert [body["content"] for body in throttled.sent("messages")] == ["Hi! How can I help?"]
    finally:
        throttled.stop()


def test_the_bridge_is_off_without_its_settings(desk):
    assert post(desk, event(1, "hello")).status_code == 503


def test_attachments_and_bad_ids():
    photo = {"id": 1, "file_type": "image", "data_url": "https://cdn.example/broken.jpg"}
    parsed = parse_event(json.dumps(event(9, "", attachments=[photo])).encode())
    assert parsed is not None
    assert parsed.inbound.attachments == ("https://cdn.example/broken.jpg",)
    assert (parsed.account_id, parsed.conversation_id, parsed.status) == (1, 7, "pending")
    for bad_id in ("x", "²", "1" * 30, -1, True):
        with pytest.raises(InvalidMessage, match="conversation.id"):
            parse_event(json.dumps(event(9, "hi", conversation=bad_id)).encode())
    # Attachments that are no list: the words still arrive, without photos.
    odd = parse_event(json.dumps(event(9, "hi", attachments=5)).encode())
    assert odd is not None and odd.inbound.attachments == () and odd.inbound.text == "hi"
