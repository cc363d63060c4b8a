"""Lazada's seller chat (Open Platform IM API): buyer messages polled in, replies sent back.

Every call carries app_key, access_token, timestamp (ms), sign_method=sha256 and
`sign`: the upper-case hex HMAC-SHA256, keyed with the app secret, of the API path
followed by every other parameter as name+value in ASCII order of the names
(docs/channels.md cites the pages). Lazada answers HTTP 200 with a JSON `code`:
"0" is success; the others are mapped to the shared MarketplaceError kinds.

In: /im/session/list (sessions, newest first), then /im/message/list per session
changed since the cursor; a buyer's message (from_account_type 1) becomes the desk's Inbound,
its message_id the dedup key, an image's URL an attachment and an order card's
order id the hint that the chat is about an order. Out: /im/message/send with
template_id 1 (text) to the session the buyer last wrote from.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from typing import Any, AsyncGenerator, ClassVar, List, Mapping, Tuple

from bot.channels.iop import IopClient, iop_kind, iop_sign
from bot.channels.marketplace import (
    Addresses,
    Batch,
    Cursor,
    MarketplaceDelivery,
    MarketplaceInbox,
    buyer_message,
    client_from_settings,
)
from bot.channels.marketplace_calls import (
    Landed,
    MarketplaceError,
    now_ms,
    replied_since_buyer,
)
from bot.channels.messages import Inbound, MessageView
from bot.channels.push import PushCheck, hmac_hex
from bot.text_input import whole_number

logger = logging.getLogger(__name__)

CHANNEL = "lazada"
MARKETPLACE = "lazada"
BUYER, SELLER = 1, 2  # from_account_type of a message
TEXT_TEMPLATE = 1
SESSION_UPDATE = 19  # the message_type of Lazada's push for a changed chat session
PAGE_SIZE = 20
# Lazada renews tokens at one service for every country, not at the country's API address.
AUTH_URL = "https://auth.lazada.com/rest"
sign = iop_sign  # Lazada is on Alibaba's open platform (bot.channels.iop), as AliExpress is


@dataclass
class LazadaClient(IopClient):
    """Signed calls to one seller's Lazada API (https://api.lazada.<country>/rest)."""

    auth_url: str | None = field(default=AUTH_URL, kw_only=True)

    name: ClassVar[str] = "Lazada"

    async def _once(self, method: str, path: str, params: Mapping[str, Any], with_token: bool) -> dict:
        body = await self.post(method, path, path, params, with_token, path)
        code = str(body.get("code", "")) if isinstance(body, dict) else "?"
        if code == "0":
            return body
        raise MarketplaceError(iop_kind(code), f"Lazada {path}: {code}")

    async def call(
        self, method: str, path: str, *, landed: Landed | None = None, **params: Any
    ) -> Tuple[dict, int]:
        """The successful answer's body and the attempts it took."""
        once = lambda: self._once(method, path, params, True)  # noqa: E731
        return await self.retried(once, landed, self.refresh)


def _content(message: dict) -> dict:
    raw = message.get("content")
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return {"txt": raw}
    return value if isinstance(value, dict) else {}


def inbound_of(message: dict, buyer_id: str) -> Inbound | None:
    """A buyer's message as the desk's Inbound; None for the seller's own, or nothing to read."""
    if int(message.get("from_account_type") or 0) != BUYER:
        return None
    content = _content(message)
    image = content.get("imgUrl") or content.get("img_url")
    order = content.get("orderId") or content.get("order_id")
    return buyer_message(MARKETPLACE, buyer_id, message["message_id"], content.get("txt"), image, order)


def seller_text(message: dict) -> str | None:
    """The text of the seller's own message (a reply the desk sent), else None."""
    if str(message.get("from_account_type")) != str(SELLER):
        return None
    return _content(message).get("txt")


def from_buyer(message: dict) -> bool:
    return str(message.get("from_account_type")) == str(BUYER)


def _time(item: dict, name: str) -> int:
    return whole_number(str(item.get(name) or "0")) or 0


def sent_at(message: dict) -> int:
    return _time(message, "send_time")


def _data(body: dict) -> dict:
    data = body.get("data")
    return data if isinstance(data, dict) else {}


@dataclass
class LazadaInbox(MarketplaceInbox):
    """Polls one seller's Lazada chats; the cursor is the newest send_time already handed on."""

    client: LazadaClient
    cursor: Cursor
    addresses: Addresses

    async def _newer(
        self, path: str, items: str, last: str, clock: str, since: int, **params: Any
    ) -> List[dict]:
        """The items of `path` whose `clock` time is at or after `since`. Lazada lists newest
        first, back from start_time (now), a page at a time: paging stops at the cursor."""
        found: List[dict] = []
        after = None
        start = now_ms()
        while True:
            query = {"page_size": PAGE_SIZE, "start_time": start, last: after, **params}
            body, _ = await self.client.call("GET", path, **query)
            data = _data(body)
            page = [item for item in data.get(items) or [] if isinstance(item, dict)]
            found.extend(item for item in page if _time(item, clock) >= since)
            more = str(data.get("has_more")).lower() == "true"  # Lazada sends "true"/"false"
            reached = any(_time(item, clock) < since for item in page)
            if reached or not more or not data.get(last) or data.get(last) == after:
                return found
            after = data.get(last)

    def sent_at(self, message: dict) -> int:
        return sent_at(message)

    async def batches(self, since: int) -> AsyncGenerator[Batch, None]:
        sessions = await self._newer(
            "/im/session/list", "session_list", "last_session_id", "last_message_time", since
        )
        for session in sessions:
            session_id = str(session.get("session_id") or "")
            buyer_id = str(session.get("buyer_id") or "")
            if not session_id or not buyer_id:
                continue
            messages = await self._newer(
                "/im/message/list",
                "message_list",
                "last_message_id",
                "send_time",
                since,
                session_id=session_id,
            )
            await self.addresses.remember(buyer_id, session_id)
            yield messages, functools.partial(inbound_of, buyer_id=buyer_id)


@dataclass
class LazadaDelivery(MarketplaceDelivery):
    """The desk's replies as text messages in the buyer's Lazada chat session."""

    async def send(self, client: Any, message: MessageView, conversation: Any) -> int:
        session_id = await self.address_of(conversation, "Lazada chat session")
        text = self.text_of(message)

        async def landed() -> bool:
            body, _ = await client.call(
                "GET", "/im/message/list", session_id=session_id, page_size=PAGE_SIZE, start_time=now_ms()
            )
            listed = _data(body).get("message_list") or []
            return replied_since_buyer(listed, text, sent_at, seller_text, from_buyer)

        sending = {"session_id": session_id, "template_id": TEXT_TEMPLATE, "txt": text}
        _, attempts = await client.call("POST", "/im/message/send", landed=landed, **sending)
        return attempts


def from_settings(settings: Any, redis: Any) -> Tuple[LazadaInbox, LazadaDelivery] | None:
    """The seller's Lazada inbox and reply path, or None while any credential is unset."""
    client = client_from_settings(
        settings,
        "lazada",
        ("url", "app_key", "app_secret", "access_token"),
        LazadaClient,
        auth_url=settings.lazada_auth_url,
    )
    if client is None:
        return None
    addresses = Addresses(redis, "kefu:lazada:sessions")
    inbox = LazadaInbox(client, Cursor(redis, "kefu:lazada:cursor"), addresses)
    return inbox, LazadaDelivery(None, None, client=client, addresses=addresses)


def push_signature(app_key: str, app_secret: str, _url: str, body: bytes) -> str:
    """Lazada's push Authorization: hex HMAC-SHA256, keyed with the app secret, of app key + body."""
    return hmac_hex(app_secret, app_key.encode("utf-8") + body)


def push_check(settings: Any) -> PushCheck | None:
    """How the seller's pushes are checked, when KEFU_LAZADA_PUSH is on (and key and secret are set)."""
    key, secret = settings.lazada_app_key, settings.lazada_app_secret
    if not settings.lazada_push or not key or not secret:
        return None
    return PushCheck(
        CHANNEL,
        functools.partial(push_signature, key, secret),
        lambda notice: str(notice.get("message_type")) == str(SESSION_UPDATE),
    )
