"""How the desk's replies leave: the seller's webhook URL (signed, retried with backoff),
or a channel's own API (the marketplace adapters and the Chatwoot bridge subclass
OutboundDelivery), chosen per conversation's channel by Deliveries.

The webhook's signature (X-Kefu-Signature: hex HMAC-SHA256 of the raw body, optionally
"sha256=...") is the same both ways, so it is here too. Nothing here imports the desk.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Sequence

import aiohttp

from bot.channels.messages import MessageView
from bot.shared_secret import secret_matches

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Kefu-Signature"


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    given = header.strip()
    if given.lower().startswith("sha256="):
        given = given[len("sha256=") :]
    return secret_matches(given.lower(), sign(secret, body))


class DeliveryFailed(RuntimeError):
    """Not delivered. `transient`: the endpoint was down or busy through every attempt (it
    may take it later); otherwise it refused the message, and trying again cannot help."""

    def __init__(self, message: str, transient: bool = False):
        super().__init__(message)
        self.transient = transient


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
                # Read to the end: a connection whose answer was left unread is closed, and
                # the next reply would pay for a new one (a TLS handshake, to a marketplace).
                await response.read()
                if response.status < 300:
                    return attempt
                problem = f"HTTP {response.status}"
                if response.status < 500 and response.status != 429:
                    raise DeliveryFailed(f"{url} refused {what}: {problem}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            problem = f"{exc.__class__.__name__} {exc}"
        if attempt < attempts:
            await sleep(backoff * 2 ** (attempt - 1))
    raise DeliveryFailed(f"{what} not delivered after {attempts} attempts: {problem}", transient=True)


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
        self,
        messages: Sequence[MessageView],
        conversation: Any,
        report: Callable[[List[int], str, int], Any],
        retry_later: bool = False,
    ) -> None:
        """Deliver in order; `report(ids, status, attempts)` records each outcome in the journal.
        `retry_later`: a message the endpoint did not take through every attempt (down or busy)
        stays "pending", for the redelivery sweep to try again, rather than "failed"."""
        for index, message in enumerate(messages):
            try:
                attempts = await self.deliver_one(message, conversation)
            except DeliveryFailed as exc:
                later = retry_later and exc.transient
                logger.error("%s%s", exc, "; to be tried again later" if later else "")
                status = "pending" if later else "failed"
                # Later messages would arrive out of order without this one: they share its fate.
                await report([message.id], status, self.attempts)
                rest = [m.id for m in messages[index + 1 :]]
                if rest:
                    await report(rest, status, 0)
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
        self,
        messages: Sequence[MessageView],
        conversation: Any,
        report: Callable[[List[int], str, int], Any],
        retry_later: bool = False,
    ) -> None:
        await self.of(conversation.channel).deliver(messages, conversation, report, retry_later)

    async def close(self) -> None:
        for delivery in (self.default, *self.by_channel.values()):
            await delivery.close()
