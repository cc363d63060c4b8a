"""Buyer channels: the signed JSON webhook in, replies out to the seller's URL, and the web chat.

Webhook in (POST /channels/webhook), signed with KEFU_WEBHOOK_SECRET
(X-Kefu-Signature: hex HMAC-SHA256 of the raw body, optionally "sha256=..."):
  {"message_id", "buyer_id", "marketplace", "text", "attachments": [url...],
   "opened_from": "order_page" | "dispute" | "product_page" | ..., "vip"?: bool, "language"?: "th"}
Replies out: POST KEFU_OUTBOUND_URL, one request per message, signed the same way,
retried with exponential backoff on connection errors, 429 and 5xx:
  {"message_id", "reply_to", "conversation_id", "buyer_id", "marketplace", "from", "text", "buttons"}

The web chat (POST /chat/messages) answers synchronously, to the buyer its
session names (bot.desk.chat_sessions). Only the seller's own signed-in shop can
give a session a marketplace buyer's identity (that shows their orders), with a
`signature` over "<marketplace>:<buyer_id>"; everyone else is a web visitor
(marketplace "web") with an id the desk chose.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Sequence, Tuple

import aiohttp

from bot.desk.records import Inbound, MessageView, opened_from
from bot.shared_secret import secret_matches
from bot.text_input import InvalidMessage, clean_message, json_object

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Kefu-Signature"
WEB_MARKETPLACE = "web"
MAX_ID_CHARS = 128
MAX_ATTACHMENTS = 10
_ID = re.compile(r"^[\w.:@+\-]{1,128}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_CURSOR = re.compile(r"^[0-9]{1,19}$")
MAX_MESSAGE_ID = 2**63 - 1  # a BIGINT


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    given = header.strip()
    if given.lower().startswith("sha256="):
        given = given[len("sha256=") :]
    return secret_matches(given.lower(), sign(secret, body))


def _identifier(value: Any, name: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise InvalidMessage(f"'{name}' must be a string")
    text = str(value).strip()
    if not _ID.match(text):
        raise InvalidMessage(f"'{name}' must be 1-{MAX_ID_CHARS} letters, digits or . : @ + - _")
    return text


def _attachments(value: Any) -> Tuple[str, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list):
        raise InvalidMessage("'attachments' must be a list of URLs")
    if len(value) > MAX_ATTACHMENTS:
        raise InvalidMessage(f"at most {MAX_ATTACHMENTS} attachments per message")
    urls = []
    for item in value:
        url = item.get("url") if isinstance(item, dict) else item
        if not isinstance(url, str) or not url.startswith(("http://", "https://")) or len(url) > 2000:
            raise InvalidMessage("each attachment must be an http(s) URL")
        urls.append(url)
    return tuple(urls)


def _opened_from(value: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidMessage("'opened_from' must be a string such as order_page or dispute")
    return opened_from(value)


def message_cursor(value: str | None) -> int:
    """The `after` of a chat poll: a message id in ASCII digits that fits the database (else 400)."""
    text = (value or "0").strip()
    if not _CURSOR.match(text) or int(text) > MAX_MESSAGE_ID:
        raise InvalidMessage("'after' must be a message id (a whole number)")
    return int(text)


def _language(value: Any) -> str | None:
    if isinstance(value, str) and _LANGUAGE.match(value.strip().lower()):
        return value.strip().lower()
    return None


def parse_webhook(body: bytes) -> Inbound:
    payload = json_object(body)
    attachments = _attachments(payload.get("attachments"))
    return Inbound(
        channel="webhook",
        marketplace=_identifier(payload.get("marketplace"), "marketplace").lower(),
        buyer_id=_identifier(payload.get("buyer_id"), "buyer_id"),
        text=clean_message(payload.get("text"), allow_empty=bool(attachments)),
        attachments=attachments,
        opened_from=_opened_from(payload.get("opened_from")),
        channel_message_id=_identifier(payload.get("message_id"), "message_id"),
        vip=payload.get("vip") is True,
        language=_language(payload.get("language")),
    )


def chat_identity_signature(secret: str, marketplace: str, buyer_id: str) -> str:
    """What the seller's shop signs to let its signed-in buyer chat as themselves."""
    return sign(secret, f"{marketplace}:{buyer_id}".encode())


def signed_identity(payload: Dict[str, Any], secret: str | None) -> Tuple[str, str] | None:
    """(marketplace, buyer_id) a shop vouches for with its signature; None when it does not verify."""
    buyer_id = _identifier(payload.get("buyer_id"), "buyer_id")
    marketplace = _identifier(payload.get("marketplace"), "marketplace").lower()
    given = payload.get("signature")
    expected = chat_identity_signature(secret, marketplace, buyer_id) if secret else None
    if isinstance(given, str) and secret_matches(given.strip().lower(), expected):
        return marketplace, buyer_id
    return None


def parse_chat(body: bytes, marketplace: str, buyer_id: str) -> Inbound:
    """A web chat message from the buyer the session names (a buyer_id in the body is ignored)."""
    payload = json_object(body)
    attachments = _attachments(payload.get("attachments"))
    message_id = payload.get("message_id")
    return Inbound(
        channel="web",
        marketplace=marketplace,
        buyer_id=buyer_id,
        text=clean_message(payload.get("text"), allow_empty=bool(attachments)),
        attachments=attachments,
        opened_from=_opened_from(payload.get("opened_from")),
        channel_message_id=_identifier(message_id, "message_id") if message_id not in (None, "") else None,
        language=_language(payload.get("language")),
    )


# -- outbound -------------------------------------------------------------------


class DeliveryFailed(RuntimeError):
    pass


async def post_with_retries(
    session: aiohttp.ClientSession,
    url: str,
    body: bytes,
    headers: Dict[str, str],
    what: str,
    attempts: int,
    backoff: float,
    timeout: float,
    sleep: Callable[[float], Any] = asyncio.sleep,
) -> int:
    """POST once, again only after a connection error, 429 or 5xx (with exponential backoff);
    any other 4xx is final. Returns the attempts it took, or raises DeliveryFailed."""
    problem = ""
    for attempt in range(1, attempts + 1):
        try:
            async with session.post(
                url, data=body, headers=headers, timeout=aiohttp.ClientTimeout(total=timeout)
            ) as response:
                if response.status < 300:
                    return attempt
                problem = f"HTTP {response.status}"
                if response.status < 500 and response.status != 429:
                    raise DeliveryFailed(f"{url} refused {what}: {problem}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            problem = f"{exc.__class__.__name__} {exc}"
        if attempt < attempts:
            await sleep(backoff * 2 ** (attempt - 1))
    raise DeliveryFailed(f"{what} not delivered after {attempts} attempts: {problem}")


class LazySession:
    """An aiohttp session opened on first use (a session must be made inside the running loop)."""

    session: aiohttp.ClientSession | None

    async def start(self) -> aiohttp.ClientSession:
        if self.session is None:
            self.session = aiohttp.ClientSession()
        return self.session

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None


@dataclass
class OutboundDelivery(LazySession):
    """POSTs webhook buyers' replies to the seller's URL, in order, with retries."""

    url: str | None
    secret: str | None
    attempts: int = 5
    backoff: float = 0.5
    timeout: float = 10.0
    session: aiohttp.ClientSession | None = None
    sleep: Callable[[float], Any] = asyncio.sleep

    def body(self, message: MessageView, conversation: Any) -> bytes:
        payload = {
            "message_id": message.id,
            "reply_to": message.reply_to,
            "conversation_id": message.conversation_id,
            "buyer_id": conversation.buyer_id,
            "marketplace": conversation.marketplace,
            "from": message.to_buyer_json()["from"],
            "text": message.text,
            "buttons": list(message.buttons),
        }
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")

    async def deliver_one(self, message: MessageView, conversation: Any) -> int:
        """Deliver one message; returns the attempts it took, or raises DeliveryFailed."""
        if not self.url:
            raise DeliveryFailed("KEFU_OUTBOUND_URL is not set")
        session = await self.start()
        body = self.body(message, conversation)
        headers = {"Content-Type": "application/json", "X-Kefu-Message-Id": str(message.id)}
        if self.secret:
            headers[SIGNATURE_HEADER] = sign(self.secret, body)
        return await post_with_retries(
            session,
            self.url,
            body,
            headers,
            f"message {message.id}",
            self.attempts,
            self.backoff,
            self.timeout,
            self.sleep,
        )

    async def deliver(
        self, messages: Sequence[MessageView], conversation: Any, report: Callable[[List[int], str, int], Any]
    ) -> None:
        """Deliver in order; `report(ids, status, attempts)` records each outcome in the journal."""
        for index, message in enumerate(messages):
            try:
                attempts = await self.deliver_one(message, conversation)
            except DeliveryFailed as exc:
                logger.error("%s", exc)
                # Later messages would arrive out of order without this one: keep them pending too.
                await report([message.id], "failed", self.attempts)
                rest = [m.id for m in messages[index + 1 :]]
                if rest:
                    await report(rest, "failed", 0)
                return
            await report([message.id], "sent", attempts)


@dataclass
class Deliveries:
    """The outbound path of each channel: webhook replies to the seller's URL by default,
    a bridged channel (Chatwoot) through its own client."""

    default: OutboundDelivery
    by_channel: Dict[str, OutboundDelivery] = field(default_factory=dict)

    def of(self, channel: str) -> OutboundDelivery:
        return self.by_channel.get(channel, self.default)

    async def deliver(
        self, messages: Sequence[MessageView], conversation: Any, report: Callable[[List[int], str, int], Any]
    ) -> None:
        await self.of(conversation.channel).deliver(messages, conversation, report)

    async def close(self) -> None:
        for delivery in (self.default, *self.by_channel.values()):
            await delivery.close()
