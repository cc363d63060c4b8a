"""What every marketplace adapter shares besides its calls (bot.channels.marketplace_calls):
a durable cursor, the buyer-to-chat map, the client and delivery they build on, the poll.

The polling cursor is a Redis key, so a desk restart resumes where the last poll stopped
(the desk's dedup key absorbs the overlap).
"""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, AsyncGenerator, Awaitable, Callable, Dict, Iterable, List, Sequence, Tuple, TypeVar

import aiohttp
import redis.asyncio as aioredis

from bot.channels.marketplace_calls import RETRIED, Landed, MarketplaceError, with_retries
from bot.channels.messages import Inbound, MessageView, opened_from
from bot.channels.outbound import DeliveryFailed, LazySession, OutboundDelivery
from bot.text_input import InvalidMessage, clean_message, web_link

logger = logging.getLogger(__name__)

_ISO = re.compile(r"^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|z|[+-]\d\d:?\d\d)?$")


def iso_millis(value: Any) -> int:
    """An ISO 8601 time (as marketplaces send it: 'Z', any fraction) in ms; 0 when it is not one."""
    match = _ISO.match(str(value or ""))
    if not match:
        return 0
    stamp, fraction, zone = match.groups()
    zone = "+00:00" if zone in (None, "", "Z", "z") else zone[:3] + ":" + zone[-2:]
    try:
        moment = datetime.fromisoformat(stamp.replace(" ", "T") + zone)
    except ValueError:
        return 0
    return int(moment.timestamp() * 1000) + int((fraction or "0")[:3].ljust(3, "0"))


@dataclass
class Cursor:
    """Where the last poll of one marketplace stopped (a timestamp in the marketplace's unit)."""

    redis: aioredis.Redis
    key: str

    async def get(self) -> int:
        value = await self.redis.get(self.key)
        return int(value) if value is not None else 0

    async def advance(self, value: int) -> None:
        """Only forward: a late, older message must not move the cursor back."""
        current = await self.get()
        if value > current:
            await self.redis.set(self.key, value)


@dataclass
class Addresses:
    """Which marketplace conversation a buyer's replies go to (the desk keys buyers, the
    marketplace keys sessions), kept in Redis beside the cursor."""

    redis: aioredis.Redis
    key: str

    async def remember(self, buyer_id: str, session_id: str) -> None:
        await self.redis.hset(self.key, buyer_id, session_id)

    async def of(self, buyer_id: str) -> str | None:
        value = await self.redis.hget(self.key, buyer_id)
        return value.decode("utf-8") if isinstance(value, bytes) else value


@dataclass
class SentPieces:
    """How many pieces of a split reply a marketplace already took, by the desk's message id.
    A reply whose later piece failed is tried again whole (the redelivery sweep); only the
    pieces after these are sent then, so the buyer never reads a piece twice."""

    redis: aioredis.Redis
    key: str
    keep_seconds: int = 2 * 24 * 3600  # longer than the sweep tries a reply (a day)

    async def taken(self, message_id: int) -> int:
        value = await self.redis.get(f"{self.key}:{message_id}")
        return int(value) if value is not None else 0

    async def record(self, message_id: int, count: int) -> None:
        await self.redis.set(f"{self.key}:{message_id}", count, ex=self.keep_seconds)


def chunks(text: str, size: int) -> List[str]:
    """`text` in pieces a marketplace's message-size limit takes (one empty piece for no text)."""
    return [text[start : start + size] for start in range(0, len(text), size)] or [""]


def credentials(settings: Any, prefix: str, names: Sequence[str]) -> Dict[str, Any] | None:
    """`<prefix>_<name>` of each name from the settings, or None while any is unset."""
    found = {name: getattr(settings, f"{prefix}_{name}") for name in names}
    return found if all(found.values()) else None


C = TypeVar("C", bound="MarketplaceClient")


def client_from_settings(
    settings: Any, prefix: str, names: Sequence[str], make: Callable[..., C], **extra: Any
) -> C | None:
    """`make`'s client on the `<prefix>_<name>` credentials and the desk's retry settings,
    or None while any credential is unset. A `<prefix>_refresh_token` setting, where the
    marketplace has one, goes with them."""
    found = credentials(settings, prefix, names)
    if found is None:
        return None
    if hasattr(settings, f"{prefix}_refresh_token"):
        extra["refresh_token"] = getattr(settings, f"{prefix}_refresh_token")
    return make(**found, **extra, attempts=settings.outbound_attempts, backoff=settings.outbound_backoff)


@dataclass
class MarketplaceClient(LazySession):
    """What an adapter's API client holds besides its credentials (the subclass's fields).
    Keyword-only, so a subclass's credentials come first without defaults."""

    timeout: float = field(default=10.0, kw_only=True)
    attempts: int = field(default=5, kw_only=True)
    backoff: float = field(default=0.5, kw_only=True)
    sleep: Callable[[float], Any] = field(default=asyncio.sleep, kw_only=True)
    session: aiohttp.ClientSession | None = field(default=None, kw_only=True)

    async def call(
        self, method: str, path: str, *, landed: Landed | None = None, **params: Any
    ) -> Tuple[dict, int]:
        """The answer's body and the attempts it took (with_retries; `landed` for sends)."""
        raise NotImplementedError

    async def retried(
        self,
        once: Callable[[], Awaitable[Any]],
        landed: Landed | None,
        refresh: Callable[[], Awaitable[None]] | None = None,
    ) -> Tuple[Any, int]:
        """`once()` through with_retries with this client's attempts and backoff; a call
        found to have landed after a timeout answers {}."""
        body, attempts = await with_retries(once, refresh, self.attempts, self.backoff, self.sleep, landed)
        return ({} if body is None else body), attempts


@dataclass
class MarketplaceDelivery(OutboundDelivery):
    """The desk's replies through a marketplace's send-message call."""

    client: MarketplaceClient | None = None
    addresses: Addresses | None = None  # for marketplaces that answer into a chat, not to a buyer
    pieces: SentPieces | None = None  # for marketplaces whose size limit splits a reply

    async def address_of(self, conversation: Any, what: str) -> str:
        """The chat (session, ticket) the buyer last wrote from, where the reply goes."""
        found = await self.addresses.of(conversation.buyer_id) if self.addresses else None
        if not found:
            raise DeliveryFailed(f"no {what} known for buyer {conversation.buyer_id}")
        return found

    @staticmethod
    def text_of(message: MessageView) -> str:
        """Marketplace text messages have no buttons: their titles are listed under the text."""
        titles = [f"- {b.get('title')}" for b in message.buttons if b.get("title")]
        return "\n".join([message.text, *titles])

    async def send(self, client: Any, message: MessageView, conversation: Any) -> int:
        """Send one message with the marketplace's call; returns the attempts it took."""
        raise NotImplementedError

    async def send_in_pieces(
        self, message: MessageView, size: int, send_piece: Callable[[str], Awaitable[int]]
    ) -> int:
        """The message's text in pieces of at most `size` characters, in order, each through
        `send_piece` (which returns its attempts); pieces an earlier try of this message
        delivered are skipped."""
        pieces = chunks(self.text_of(message), size)
        taken = await self.pieces.taken(message.id) if self.pieces else 0
        attempts = 0
        for count, piece in enumerate(pieces[taken:], start=taken + 1):
            attempts += await send_piece(piece)
            if self.pieces is not None and count < len(pieces):
                await self.pieces.record(message.id, count)
        return attempts

    async def deliver_one(self, message: MessageView, conversation: Any) -> int:
        if self.client is None:
            raise DeliveryFailed(f"{conversation.channel}: its credentials are not set")
        try:
            return await self.send(self.client, message, conversation)
        except MarketplaceError as exc:
            raise DeliveryFailed(f"message {message.id}: {exc}", transient=exc.kind in RETRIED) from None

    async def close(self) -> None:
        await super().close()
        if self.client is not None:
            await self.client.close()


def buyer_message(
    marketplace: str, buyer_id: str, message_id: object, text: Any, image: Any, order: Any
) -> Inbound | None:
    """A buyer's chat message as the desk's Inbound (None when there is nothing to read).
    The channel is the marketplace. An order card routes the chat as after-sale and names the
    order: the marketplace's order number is the order_number its import stores."""
    if text is not None and not isinstance(text, str):
        raise ValueError(f"the message's text is a {type(text).__name__}, not a string")
    attachments = (image,) if web_link(image) else ()
    try:
        cleaned = clean_message(text or (f"order {order}" if order else ""), allow_empty=bool(attachments))
    except InvalidMessage:
        return None
    return Inbound(
        channel=marketplace,
        marketplace=marketplace,
        buyer_id=buyer_id,
        text=cleaned,
        attachments=attachments,
        opened_from=opened_from("order_page" if order else None),
        channel_message_id=str(message_id),
    )


async def hand_on(
    messages: Iterable[dict],
    clock: Callable[[dict], int],
    inbound: Callable[[dict], Inbound | None],
    receive: Callable[[Inbound], Awaitable[Any]],
) -> Tuple[int, int]:
    """Give the buyer's messages to `receive`, oldest first: (how many, the newest time seen).
    A message the marketplace sent malformed is logged and skipped: it must not stop the
    poll, or every later message would wait behind it for ever."""
    handed, newest = 0, 0
    for message in sorted(messages, key=clock):
        newest = max(newest, clock(message))
        try:
            found = inbound(message)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            logger.error("skipped a malformed marketplace message (%s: %s)", exc.__class__.__name__, exc)
            continue
        if found is not None:
            await receive(found)
            handed += 1
    return handed, newest


# One conversation's new messages, and how to read one as the desk's Inbound.
Batch = Tuple[List[dict], Callable[[dict], Inbound | None]]


class MarketplaceInbox:
    """Polls one seller's chats at a marketplace. An adapter says where the messages since
    the cursor are (`batches`, one a conversation) and when each was sent (`sent_at`, in
    the cursor's unit); the poll itself is the same for all."""

    cursor: Cursor

    def sent_at(self, message: dict) -> int:
        raise NotImplementedError

    def batches(self, since: int) -> AsyncGenerator[Batch, None]:
        raise NotImplementedError

    async def poll_once(self, receive: Callable[[Inbound], Awaitable[Any]]) -> int:
        """Hand every buyer message since the cursor to `receive` (the hub), oldest first, then
        move the cursor. A failure leaves it where it was: the next poll reads the same
        messages again and the desk's dedup key drops those it already has. `batches` is
        resumed only after its batch reached the desk, so what it records after `yield`
        (a conversation read to its end) is recorded only then."""
        since = await self.cursor.get()
        handed, newest = 0, since
        async with aclosing(self.batches(since)) as batches:
            async for messages, inbound in batches:
                count, last = await hand_on(messages, self.sent_at, inbound, receive)
                handed, newest = handed + count, max(newest, last)
        await self.cursor.advance(newest)
        return handed
