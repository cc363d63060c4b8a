"""Shopee's seller chat (Open Platform v2 sellerchat): buyer messages polled in, replies sent back.

Every shop call carries partner_id, timestamp (s), access_token, shop_id and `sign`:
the hex HMAC-SHA256, keyed with the partner key, of partner_id + API path +
timestamp + access_token + shop_id (a public call such as the token refresh signs
partner_id + path + timestamp). GET calls put their parameters in the URL, POST
calls in a JSON body. The answer is {"error", "message", "response", "request_id"};
an empty `error` is success, the others are mapped to the shared MarketplaceError kinds.

In: get_conversation_list (newest first) and get_message per conversation changed
since the cursor; a message from the buyer (from_id == the conversation's to_id)
becomes the desk's Inbound, its message_id the dedup key, an image's url an
attachment, an order card's order_sn the sign it is about an order. Out:
send_message {to_id, message_type "text", content {text}} to the buyer's user id.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, AsyncGenerator, List, Tuple

from bot.channels.marketplace import (
    Addresses,
    Batch,
    Cursor,
    MarketplaceClient,
    MarketplaceDelivery,
    MarketplaceInbox,
    buyer_message,
    client_from_settings,
)
from bot.channels.marketplace_calls import (
    RATE_LIMITED,
    REFUSED,
    TOKEN_EXPIRED,
    Landed,
    MarketplaceError,
    replied_since_buyer,
    request_json,
)
from bot.channels.messages import Inbound, MessageView
from bot.channels.outbound import DeliveryFailed
from bot.channels.push import PushCheck, hmac_hex
from bot.text_input import whole_number

logger = logging.getLogger(__name__)

CHANNEL = "shopee"
MARKETPLACE = "shopee"
CHAT = "/api/v2/sellerchat/"
REFRESH = "/api/v2/auth/access_token/get"
PAGE_SIZE = 20
WEBCHAT_PUSH = 10  # the push code of Shopee's chat notices ("webchat_push")
_TOKEN_ERRORS = {"invalid_access_token", "invalid_acceess_token", "error_token_expired"}


def sign(partner_key: str, *parts: object) -> str:
    base = "".join(str(part) for part in parts)
    return hmac.new(partner_key.encode("utf-8"), base.encode("utf-8"), hashlib.sha256).hexdigest()


def _kind(error: str, message: str) -> str:
    if error in _TOKEN_ERRORS or (error == "error_auth" and "access_token" in message.lower()):
        return TOKEN_EXPIRED
    if "too_many" in error or "limit" in error or error == "error_busy":
        return RATE_LIMITED
    return REFUSED


@dataclass
class ShopeeClient(MarketplaceClient):
    """Signed calls to one shop's Shopee Open Platform v2 (e.g. https://partner.shopeemobile.com)."""

    url: str
    partner_id: int
    partner_key: str = field(repr=False)
    shop_id: int
    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)

    def common(self, path: str, shop: bool = True) -> dict:
        now = int(time.time())
        if not shop:
            return {
                "partner_id": self.partner_id,
                "timestamp": now,
                "sign": sign(self.partner_key, self.partner_id, path, now),
            }
        signature = sign(self.partner_key, self.partner_id, path, now, self.access_token, self.shop_id)
        return {
            "partner_id": self.partner_id,
            "timestamp": now,
            "access_token": self.access_token,
            "shop_id": self.shop_id,
            "sign": signature,
        }

    async def _once(self, method: str, path: str, params: dict, shop: bool = True) -> dict:
        query = self.common(path, shop)
        request: dict = (
            {"params": {**query, **params}} if method == "GET" else {"params": query, "json": params}
        )
        body = await request_json(
            await self.start(), method, self.url.rstrip("/") + path, f"Shopee {path}", self.timeout, **request
        )
        if not isinstance(body, dict):
            raise MarketplaceError(REFUSED, f"Shopee {path}: not an object")
        error = str(body.get("error") or "")
        if error:
            raise MarketplaceError(_kind(error, str(body.get("message") or "")), f"Shopee {path}: {error}")
        return body

    async def refresh(self) -> None:
        """A new access token (Shopee's last four hours) from the refresh token."""
        if not self.refresh_token:
            raise MarketplaceError(REFUSED, "Shopee access token expired; set KEFU_SHOPEE_REFRESH_TOKEN")
        wanted = {"refresh_token": self.refresh_token, "partner_id": self.partner_id, "shop_id": self.shop_id}
        body = await self._once("POST", REFRESH, wanted, shop=False)
        self.access_token = str(body["access_token"])
        self.refresh_token = str(body.get("refresh_token") or self.refresh_token)

    async def call(
        self, method: str, path: str, *, landed: Landed | None = None, **params: Any
    ) -> Tuple[dict, int]:
        """The `response` of a sellerchat call (`path`: its name, e.g. "send_message"), and the attempts."""
        once = lambda: self._once(method, CHAT + path, params)  # noqa: E731
        body, attempts = await self.retried(once, landed, self.refresh)
        response = body.get("response")
        return (response if isinstance(response, dict) else {}), attempts


def _content(message: dict) -> dict:
    value = message.get("content")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {"text": value}
    return value if isinstance(value, dict) else {}


def inbound_of(message: dict, buyer_id: str) -> Inbound | None:
    """The buyer's message as the desk's Inbound; None for the shop's own or nothing to read."""
    if str(message.get("from_id")) != buyer_id:
        return None
    content = _content(message)
    return buyer_message(
        MARKETPLACE,
        buyer_id,
        message["message_id"],
        content.get("text"),
        content.get("url"),
        content.get("order_sn"),
    )


def seller_text(message: dict, buyer_id: str) -> str | None:
    """The text of the shop's own message in the buyer's conversation (a reply the desk sent)."""
    return None if str(message.get("from_id")) == buyer_id else _content(message).get("text")


def from_buyer(message: dict, buyer_id: str) -> bool:
    return str(message.get("from_id")) == buyer_id


def sent_at(message: dict) -> int:
    return _seconds(message.get("created_timestamp"))


def _seconds(value: Any, nano: bool = False) -> int:
    number = whole_number(str(value or "0")) or 0
    return number // 1_000_000_000 if nano else number


@dataclass
class ShopeeInbox(MarketplaceInbox):
    """Polls one shop's Shopee chats; the cursor is the newest created_timestamp (s) handed on."""

    client: ShopeeClient
    cursor: Cursor
    addresses: Addresses | None = None  # each buyer's conversation, where a sent reply shows

    async def _conversations(self, since: int) -> List[dict]:
        found: List[dict] = []
        query: dict = {"direction": "latest", "type": "all", "page_size": PAGE_SIZE}
        while True:
            response, _ = await self.client.call("GET", "get_conversation_list", **query)
            page = [c for c in response.get("conversations") or [] if isinstance(c, dict)]
            found.extend(c for c in page if _seconds(c.get("last_message_timestamp"), nano=True) >= since)
            result = response.get("page_result") or {}
            after = (result.get("next_cursor") or {}).get("next_message_time_nano")
            reached = any(_seconds(c.get("last_message_timestamp"), nano=True) < since for c in page)
            if reached or not result.get("more") or not after:
                return found
            query = {
                "direction": "older",
                "type": "all",
                "page_size": PAGE_SIZE,
                "next_timestamp_nano": after,
            }

    async def _messages(self, conversation_id: str, since: int) -> List[dict]:
        found: List[dict] = []
        offset = None
        while True:
            query: dict = {"conversation_id": conversation_id, "page_size": PAGE_SIZE, "offset": offset}
            response, _ = await self.client.call(
                "GET", "get_message", **{k: v for k, v in query.items() if v}
            )
            page = [m for m in response.get("messages") or [] if isinstance(m, dict)]
            found.extend(m for m in page if _seconds(m.get("created_timestamp")) >= since)
            following = (response.get("page_result") or {}).get("next_offset")
            reached = any(_seconds(m.get("created_timestamp")) < since for m in page)
            if reached or not page or not following or following == offset:
                return found
            offset = following

    def sent_at(self, message: dict) -> int:
        return sent_at(message)

    async def batches(self, since: int) -> AsyncGenerator[Batch, None]:
        for conversation in await self._conversations(since):
            buyer_id = str(conversation.get("to_id") or "")
            conversation_id = str(conversation.get("conversation_id") or "")
            if not buyer_id or not conversation_id:
                continue
            messages = await self._messages(conversation_id, since)
            if self.addresses is not None:
                await self.addresses.remember(buyer_id, conversation_id)
            yield messages, functools.partial(inbound_of, buyer_id=buyer_id)


@dataclass
class ShopeeDelivery(MarketplaceDelivery):
    """The desk's replies as text messages to the buyer's Shopee user id."""

    async def send(self, client: Any, message: MessageView, conversation: Any) -> int:
        to_id = whole_number(str(conversation.buyer_id))
        if to_id is None:
            raise DeliveryFailed(f"{conversation.buyer_id!r} is not a Shopee user id")
        text, buyer_id = self.text_of(message), str(to_id)
        # A reply shows in the buyer's conversation; its id is known once a poll has read it.
        known = await self.addresses.of(buyer_id) if self.addresses else None

        async def landed() -> bool:
            query = {"conversation_id": known, "page_size": PAGE_SIZE}
            response, _ = await client.call("GET", "get_message", **query)
            return replied_since_buyer(
                response.get("messages") or [],
                text,
                sent_at,
                functools.partial(seller_text, buyer_id=buyer_id),
                functools.partial(from_buyer, buyer_id=buyer_id),
            )

        content = {"text": text}
        _, attempts = await client.call(
            "POST",
            "send_message",
            landed=landed if known else None,
            to_id=to_id,
            message_type="text",
            content=content,
        )
        return attempts


def from_settings(settings: Any, redis: Any) -> Tuple[ShopeeInbox, ShopeeDelivery] | None:
    """The shop's Shopee inbox and reply path, or None while any credential is unset."""
    names = ("url", "partner_id", "partner_key", "shop_id", "access_token")
    client = client_from_settings(settings, "shopee", names, ShopeeClient)
    if client is None:
        return None
    addresses = Addresses(redis, "kefu:shopee:conversations")
    inbox = ShopeeInbox(client, Cursor(redis, "kefu:shopee:cursor"), addresses)
    return inbox, ShopeeDelivery(None, None, client=client, addresses=addresses)


def push_signature(partner_key: str, callback_url: str, body: bytes) -> str:
    """Shopee's push Authorization: hex HMAC-SHA256, keyed with the partner key, of `<url>|<body>`."""
    return hmac_hex(partner_key, callback_url.encode("utf-8") + b"|" + body)


def push_check(settings: Any) -> PushCheck | None:
    """How the shop's pushes are checked, when KEFU_SHOPEE_PUSH is on (and the key is set)."""
    key = settings.shopee_partner_key
    if not settings.shopee_push or not key:
        return None
    return PushCheck(
        CHANNEL,
        functools.partial(push_signature, key),
        lambda notice: str(notice.get("code")) == str(WEBCHAT_PUSH),
        settings.shopee_push_url,
    )
