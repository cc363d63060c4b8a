"""Ozon's buyer chats (Seller API ChatAPI): buyer messages polled in, replies sent back.

Every call is a POST with a JSON body and the seller's `Client-Id` and `Api-Key`
headers (an API key does not expire, so there is no token to refresh). Ozon answers
200 with the result, or a 4xx with {"code", "message", "details"}; 429 and 5xx are
retried by the shared rules, other refusals are final.

In: /v3/chat/list (every page, by its `cursor`), then for each buyer chat
(`chat_type` Buyer_Seller) whose `last_message_id` moved since the last poll,
/v3/chat/history backwards from the newest message to the cursor. A message
whose `user.type` is customer becomes the desk's Inbound: Ozon's user id is the
buyer, `message_id` the dedup key, an image link in `data` an attachment and
`context.order_number` the order the chat is about. Out: /v1/chat/send/message
{chat_id, text} to the chat the buyer last wrote in.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, AsyncGenerator, List, Tuple

from bot.channels.marketplace import (
    Addresses,
    Batch,
    Cursor,
    MarketplaceClient,
    MarketplaceDelivery,
    MarketplaceInbox,
    SentPieces,
    buyer_message,
    client_from_settings,
    iso_millis,
)
from bot.channels.marketplace_calls import (
    REFUSED,
    Landed,
    MarketplaceError,
    replied_since_buyer,
    request_answer,
)
from bot.channels.messages import Inbound, MessageView
from bot.text_input import whole_number

logger = logging.getLogger(__name__)

CHANNEL = "ozon"
MARKETPLACE = "ozon"
BUYER_CHAT = "buyer_seller"  # chat_type, compared lower-case (the docs spell it both ways)
CUSTOMER = "customer"  # user.type of a buyer's message
SELLER = "seller"  # ... and of the seller's
CHAT_PAGE = 100  # /v3/chat/list allows at most 100
HISTORY_PAGE = 50  # /v3/chat/history's default (it allows 1000)
MAX_TEXT = 1000  # /v1/chat/send/message takes 1 to 1000 characters
_LINK = re.compile(r"\((https?://[^)\s]+)\)|(https?://\S+)")


@dataclass
class OzonClient(MarketplaceClient):
    """Calls to one seller's Ozon Seller API (https://api-seller.ozon.ru)."""

    url: str
    client_id: str
    api_key: str = field(repr=False)

    async def _once(self, path: str, body: dict) -> dict:
        headers = {"Client-Id": str(self.client_id), "Api-Key": self.api_key}
        status, answer = await request_answer(
            await self.start(),
            "POST",
            self.url.rstrip("/") + path,
            f"Ozon {path}",
            self.timeout,
            json=body,
            headers=headers,
        )
        if not isinstance(answer, dict):
            raise MarketplaceError(REFUSED, f"Ozon {path}: the answer is not an object")
        if status >= 400:
            detail = str(answer.get("message") or "")[:200]
            raise MarketplaceError(REFUSED, f"Ozon {path}: HTTP {status} code {answer.get('code')} {detail}")
        return answer

    async def call(
        self, method: str, path: str, *, landed: Landed | None = None, **body: Any
    ) -> Tuple[dict, int]:
        """The answer of one ChatAPI call (always a POST) and the attempts it took."""
        once = lambda: self._once(path, body)  # noqa: E731
        return await self.retried(once, landed)


def _parts(data: Any) -> Tuple[str, str | None]:
    """The text of a message's Markdown `data` lines, and the first link in it (an image's)."""
    if not isinstance(data, list):
        raise ValueError(f"a message's data is {type(data).__name__}, not a list")
    lines = [line for line in data if isinstance(line, str)]
    text = "\n".join(lines)
    found = _LINK.search(text)
    link = (found.group(1) or found.group(2)) if found else None
    return text, link


def buyer_of(message: dict) -> str | None:
    """The buyer's Ozon user id when the message is the buyer's, else None."""
    user = message.get("user") or {}
    if str(user.get("type") or "").lower() != CUSTOMER:
        return None
    if not user.get("id"):
        raise ValueError("a customer's message without user.id")
    return str(user["id"])


def inbound_of(message: dict) -> Inbound | None:
    """A buyer's message as the desk's Inbound; None for the seller's, Ozon's or the courier's."""
    buyer_id = buyer_of(message)
    if buyer_id is None:
        return None
    text, link = _parts(message["data"])
    image = link if message.get("is_image") else None
    if image:
        text = ""  # an image message's data is the picture's link, not words
    order = (message.get("context") or {}).get("order_number")
    return buyer_message(MARKETPLACE, buyer_id, message["message_id"], text, image, order)


def seller_text(message: dict) -> str | None:
    """The text of the seller's own message (a reply the desk sent), else None."""
    user = message.get("user") or {}
    if str(user.get("type") or "").lower() != SELLER:
        return None
    try:
        return _parts(message.get("data"))[0]
    except ValueError:  # no data list: nothing to compare
        return None


def _clock(message: dict) -> int:
    return iso_millis(message.get("created_at"))


def _id(message: dict) -> int:
    return whole_number(str(message.get("message_id") or "0")) or 0


@dataclass
class OzonInbox(MarketplaceInbox):
    """Polls one seller's Ozon chats; the cursor is the newest created_at (ms) handed on.
    `handed` keeps each chat's last_message_id already read, so an unchanged chat costs no call."""

    client: OzonClient
    cursor: Cursor
    addresses: Addresses
    handed: Addresses

    async def _chats(self) -> List[dict]:
        found: List[dict] = []
        after = None
        while True:
            query: dict = {"filter": {"chat_status": "All"}, "limit": CHAT_PAGE}
            if after:
                query["cursor"] = after
            body, _ = await self.client.call("POST", "/v3/chat/list", **query)
            found.extend(c for c in body.get("chats") or [] if isinstance(c, dict))
            following = body.get("cursor")
            if not body.get("has_next") or not following or following == after:
                return found
            after = following

    async def _messages(self, chat_id: str, since: int) -> List[dict]:
        """The chat's messages at or after `since`, read back from the newest a page at a time."""
        found: List[dict] = []
        before = None
        while True:
            query: dict = {"chat_id": chat_id, "direction": "Backward", "limit": HISTORY_PAGE}
            if before:
                query["from_message_id"] = before
            body, _ = await self.client.call("POST", "/v3/chat/history", **query)
            page = [m for m in body.get("messages") or [] if isinstance(m, dict)]
            found.extend(m for m in page if _clock(m) >= since)
            oldest = min((_id(m) for m in page), default=0)
            reached = any(_clock(m) < since for m in page)
            if reached or not body.get("has_next") or not oldest or oldest == before:
                return found
            before = oldest

    def sent_at(self, message: dict) -> int:
        return _clock(message)

    async def batches(self, since: int) -> AsyncGenerator[Batch, None]:
        for item in await self._chats():
            chat = item.get("chat")
            chat = chat if isinstance(chat, dict) else {}
            chat_id, last = str(chat.get("chat_id") or ""), str(item.get("last_message_id") or "")
            if not chat_id or str(chat.get("chat_type") or "").lower() != BUYER_CHAT:
                continue
            if last and await self.handed.of(chat_id) == last:
                continue
            messages = await self._messages(chat_id, since)
            for message in messages:
                buyer = _buyer_or_none(message)
                if buyer:
                    await self.addresses.remember(buyer, chat_id)
            yield messages, inbound_of
            if last:
                await self.handed.remember(chat_id, last)


def _buyer_or_none(message: dict) -> str | None:
    try:
        return buyer_of(message)
    except ValueError:
        return None  # hand_on logs the malformed message


def from_buyer(message: dict) -> bool:
    return _buyer_or_none(message) is not None


@dataclass
class OzonDelivery(MarketplaceDelivery):
    """The desk's replies as text messages in the buyer's Ozon chat (1000 characters a message)."""

    async def send(self, client: Any, message: MessageView, conversation: Any) -> int:
        chat_id = await self.address_of(conversation, "Ozon chat")

        async def send_piece(part: str) -> int:
            async def landed() -> bool:
                body, _ = await client.call(
                    "POST", "/v3/chat/history", chat_id=chat_id, direction="Backward", limit=HISTORY_PAGE
                )
                listed = body.get("messages") or []
                return replied_since_buyer(listed, part, _clock, seller_text, from_buyer)

            sending = {"chat_id": chat_id, "text": part}
            _, took = await client.call("POST", "/v1/chat/send/message", landed=landed, **sending)
            return int(took)

        return await self.send_in_pieces(message, MAX_TEXT, send_piece)


def from_settings(settings: Any, redis: Any) -> Tuple[OzonInbox, OzonDelivery] | None:
    """The seller's Ozon inbox and reply path, or None while the Client-Id or Api-Key is unset."""
    client = client_from_settings(settings, "ozon", ("url", "client_id", "api_key"), OzonClient)
    if client is None:
        return None
    addresses = Addresses(redis, "kefu:ozon:chats")
    handed = Addresses(redis, "kefu:ozon:handed")
    inbox = OzonInbox(client, Cursor(redis, "kefu:ozon:cursor"), addresses, handed)
    pieces = SentPieces(redis, "kefu:ozon:pieces")
    return inbox, OzonDelivery(None, None, client=client, addresses=addresses, pieces=pieces)
