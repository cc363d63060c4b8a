"""The desk's live events over Redis pub/sub: what the hub publishes, every replica's
event streams receive.

Pub/sub ignores database numbers, so the channel carries the database's: desks on
other databases of one server keep apart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import AsyncIterator

from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

EVENTS_CHANNEL = "kefu:desk:events"  # plus ":<db>" on a database other than 0


class EventsUnavailable(RuntimeError):
    """The subscription broke (Redis went away); the caller maps it to its own error."""


def events_channel(db: int) -> str:
    return EVENTS_CHANNEL if not db else f"{EVENTS_CHANNEL}:{db}"


class Subscription:
    """Events as they are published, in order; None whenever `idle` seconds pass without one,
    so a caller can keep its own connection alive."""

    def __init__(self, pubsub: PubSub, idle: float):
        self._pubsub = pubsub
        self._idle = idle

    def __aiter__(self) -> AsyncIterator[dict | None]:
        return self

    async def __anext__(self) -> dict | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._idle
        while True:
            left = deadline - loop.time()
            if left <= 0:
                return None
            try:
                message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
            except (RedisError, OSError) as exc:
                raise EventsUnavailable(f"Redis is unavailable: {exc.__class__.__name__}: {exc}") from exc
            if message is None:
                continue  # a subscribe confirmation, or the time ran out (checked above)
            try:
                event = json.loads(message["data"])
            except (TypeError, ValueError):
                continue  # not one of ours
            if isinstance(event, dict):
                return event


@contextlib.asynccontextmanager
async def subscription(redis, channel: str, idle: float) -> AsyncIterator[Subscription]:
    """Subscribed before the body runs (nothing published meanwhile is lost); the Redis
    connection is given back however the body ends."""
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    try:
        try:
            await pubsub.subscribe(channel)
        except (RedisError, OSError) as exc:
            raise EventsUnavailable(f"Redis is unavailable: {exc.__class__.__name__}: {exc}") from exc
        yield Subscription(pubsub, idle)
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection may fail too; nothing to keep
            await pubsub.reset()
