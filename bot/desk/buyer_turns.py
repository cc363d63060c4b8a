"""One buyer's messages one at a time, in the order they came, on every desk replica.

The intake journals a buyer's message and then works on it (the seller's rules, the
buyer's language, Rasa) under this turn, so a second message of the same buyer waits for
the first to be answered. In one process an asyncio lock does it; across replicas behind a
load balancer the two messages came to different processes, and the second, journaled
later, could reach Rasa first when the first one's desk was slower (its welcome, a busy
database): Rasa serves a conversation in the order messages reach it, not the order the
desk journaled them, so the answers went out the other way round. The turn is also a
ticket in Redis (bot/redis_tickets.py), served in the order the replicas asked for it.

Redis down (or failing mid-turn): the message goes on under the process's own lock; the
buyer is answered, in order on this replica at least.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable

from bot.conversation_locks import ConversationLocks
from bot.desk.queue import PREFIX, DeskQueue, QueueUnavailable
from bot.redis_tickets import ISSUE, POLL, RELEASE

logger = logging.getLogger(__name__)

# Longer than a message's handling takes (the desk's patience with Rasa, its retries, the
# reply's first delivery): a desk killed mid-message holds the buyer's next one this long.
TURN_SECONDS = 90.0
POLL_SECONDS = 0.05


def turn_key(sender_id: str) -> str:
    return f"{PREFIX}turn:{sender_id}"


class BuyerTurns:
    def __init__(self, queue: DeskQueue, redis_ok: Callable[[], bool], lifetime: float = TURN_SECONDS):
        self.queue = queue
        self.redis_ok = redis_ok  # False while the desk knows Redis is down: no turn asked for
        self.lifetime_ms = max(1, int(lifetime * 1000))
        self.local = ConversationLocks()
        self._issue, self._poll, self._release = (
            queue.redis.register_script(s) for s in (ISSUE, POLL, RELEASE)
        )

    @asynccontextmanager
    async def of(self, sender_id: str) -> AsyncIterator[None]:
        async with self.local.of(sender_id):
            key = turn_key(sender_id)
            ticket = await self._wait_for_turn(key) if self.redis_ok() else None
            try:
                yield
            finally:
                if ticket is not None:
                    await self._give_back(key, ticket)

    async def _wait_for_turn(self, key: str) -> str | None:
        """This process's ticket once it is served; None when Redis failed (no turn held)."""
        try:
            ticket, served = await self._run(self._issue, key, self.lifetime_ms)
            while not int(served):
                await asyncio.sleep(POLL_SECONDS)
                served = await self._run(self._poll, key, ticket, self.lifetime_ms)
                if int(served) < 0:  # it lapsed (this loop stalled a lifetime): go on
                    return None
            return ticket
        except QueueUnavailable as exc:
            logger.warning("%s: no turn across desks (%s); this desk's order only", key, exc)
            return None

    async def _give_back(self, key: str, ticket: str) -> None:
        try:
            await self._run(self._release, key, ticket)
        except QueueUnavailable as exc:  # the message was handled; the ticket lapses by itself
            logger.warning(
                "%s: turn not given back (%s); it lapses in %d s", key, exc, self.lifetime_ms // 1000
            )

    async def _run(self, script, key: str, *args):
        return await self.queue.call(lambda: script(keys=[key], args=list(args)))
