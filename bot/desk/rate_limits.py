"""The desk's request limits, one machinery for all: per buyer and per client address for
buyers' messages, so one flooder cannot fill the queues (Rasa's, the agents') for everyone
else; per agent for the order lookup, so a signed-in agent (or a stolen session) cannot walk
through every buyer's orders.

A fixed window per key in Redis, shared by every desk replica, counted and given its expiry
in one Lua call (atomic: fifty parallel requests cannot all read "under the limit"). When
Redis is down the message limits open: the journal still takes every message then, and a
buyer must not lose a message to our outage. The order-lookup limit closes instead (503):
an agent can wait for Redis, and an uncounted lookup is exactly what the limit is against.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.desk.queue import PREFIX, DeskQueue, QueueUnavailable

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# An agent looks up an order or two per chat; sixty in ten minutes (one every ten seconds,
# kept up) is far beyond a person working chats, and stops a script after sixty guesses.
ORDER_LOOKUPS = 60
ORDER_LOOKUP_WINDOW_SECONDS = 600
AGAIN = "; wait {wait} s and send again"
# Count one more; answer (count, seconds until the window ends).
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""


class RateLimited(RuntimeError):
    """Too many messages from one buyer or address, or lookups by one agent (HTTP 429,
    Retry-After)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


@dataclass
class RateLimits:
    queue: DeskQueue
    # Messages per minute (0: no limit). Per address only for the web chat: a
    # marketplace's webhook brings all its buyers from a few addresses.
    per_buyer: int
    per_address: int

    def __post_init__(self) -> None:
        self._hit = self.queue.redis.register_script(_HIT)

    async def _count(
        self, key: str, limit: int, refusal: str, window: int = WINDOW_SECONDS, open_when_down: bool = True
    ) -> None:
        """Count one more for `key`; over `limit` in `window` seconds, RateLimited(refusal, with
        {wait}: the seconds left). Redis down: open, or QueueUnavailable (503) if not open_when_down."""
        if limit <= 0:
            return
        try:
            count, ttl = await self.queue._call(
                lambda: self._hit(keys=[f"{PREFIX}rate:{key}"], args=[window])
            )
        except QueueUnavailable as exc:
            if not open_when_down:
                raise
            logger.debug("rate limit not counted: %s", exc)  # the key names the buyer
            return
        if int(count) > limit:
            raise RateLimited(refusal.format(wait=int(ttl)), int(ttl))

    async def buyer(self, sender_id: str) -> None:
        await self._count(f"buyer:{sender_id}", self.per_buyer, "too many messages from this buyer" + AGAIN)

    async def address(self, address: str) -> None:
        await self._count(
            f"address:{address}", self.per_address, "too many messages from this address" + AGAIN
        )

    async def order_lookup(self, agent_id: int) -> None:
        await self._count(
            f"order-lookup:agent:{agent_id}",
            ORDER_LOOKUPS,
            f"too many order lookups: {ORDER_LOOKUPS} in {ORDER_LOOKUP_WINDOW_SECONDS // 60} minutes at most"
            + "; wait {wait} s and look up again",
            ORDER_LOOKUP_WINDOW_SECONDS,
            open_when_down=False,
        )
