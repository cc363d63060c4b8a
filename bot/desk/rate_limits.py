"""Per-buyer and per-client-address message limits, so one flooder cannot fill the
queues (Rasa's, the agents') for everyone else.

A fixed window per key in Redis, counted and given its expiry in one Lua call
(atomic: fifty parallel requests cannot all read "under the limit"). When Redis
is down the limits open: the journal still takes every message then, and a
buyer must not lose a message to our outage.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.desk.queue import PREFIX, DeskQueue, QueueUnavailable

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# Count one more; answer (count, seconds until the window ends).
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""


class RateLimited(RuntimeError):
    """Too many messages from one buyer or address (HTTP 429, Retry-After)."""

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

    async def _count(self, key: str, limit: int, who: str) -> None:
        if limit <= 0:
            return
        try:
            count, ttl = await self.queue._call(
                lambda: self._hit(keys=[f"{PREFIX}rate:{key}"], args=[WINDOW_SECONDS])
            )
        except QueueUnavailable as exc:
            logger.debug("rate limit of %s not counted: %s", who, exc)  # the key names the buyer
            return
        if int(count) > limit:
            raise RateLimited(f"too many messages from {who}; wait {int(ttl)} s and send again", int(ttl))

    async def buyer(self, sender_id: str) -> None:
        await self._count(f"buyer:{sender_id}", self.per_buyer, "this buyer")

    async def address(self, address: str) -> None:
        await self._count(f"address:{address}", self.per_address, "this address")
