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
buyer is answered, in order on this replica at least. A turn is short-lived and renewed
while it is held, so one Redis could not be told about (given back during a restart, or
issued just as the connection dropped) holds the buyer's next message a few seconds, not
the whole of a message's handling; one not given back is given back once Redis answers.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable, Set

from bot.conversation_locks import ConversationLocks
from bot.desk.queue import PREFIX, DeskQueue, QueueUnavailable
from bot.redis_tickets import ISSUE, POLL, RELEASE

logger = logging.getLogger(__name__)

# A turn lapses this long after its holder last renewed it (every third of it): a desk killed
# mid-message, or a turn Redis issued while the answer was lost, holds the buyer's next
# message this long at most. (It was 90 s, unrenewed: each turn a Redis restart left behind
# stalled its buyer for a minute and a half, and the load and fault test timed out.)
TURN_SECONDS = 6.0
POLL_SECONDS = 0.05


def turn_key(sender_id: str) -> str:
    return f"{PREFIX}turn:{sender_id}"


class BuyerTurns:
    def __init__(self, queue: DeskQueue, redis_ok: Callable[[], bool], lifetime: float = TURN_SECONDS):
        self.queue = queue
        self.redis_ok = redis_ok  # False while the desk knows Redis is down: no turn asked for
        self.lifetime_ms = max(1, int(lifetime * 1000))
        self.local = ConversationLocks()
        self._retries: Set[asyncio.Task] = set()  # turns being given back once Redis answers
        self._issue, self._poll, self._release = (
            queue.redis.register_script(s) for s in (ISSUE, POLL, RELEASE)
        )

    @asynccontextmanager
    async def of(self, sender_id: str) -> AsyncIterator[None]:
        async with self.local.of(sender_id):
            key = turn_key(sender_id)
            ticket = await self._wait_for_turn(key) if self.redis_ok() else None
            renewal = asyncio.create_task(self._renew(key, ticket)) if ticket is not None else None
            try:
                yield
            finally:
                if renewal is not None:
                    renewal.cancel()
                if ticket is not None:
                    await self._give_back(key, ticket)

    async def _renew(self, key: str, ticket: str) -> None:
        """Keep the held turn alive while the message is handled (it may take the desk's
        whole patience with Rasa); Redis away for a moment: try again at the next beat."""
        while True:
            await asyncio.sleep(self.lifetime_ms / 3000)
            try:
                await self._run(self._poll, key, ticket, self.lifetime_ms)
            except QueueUnavailable:
                continue

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
        except QueueUnavailable as exc:
            # The message was handled; a Redis restarting keeps the ticket (its file), and the
            # buyer's next message would wait for it to lapse: given back once Redis answers.
            logger.warning("%s: turn not given back yet (%s); trying again", key, exc)
            retry = asyncio.create_task(self._give_back_later(key, ticket))
            self._retries.add(retry)
            retry.add_done_callback(self._retries.discard)

    async def _give_back_later(self, key: str, ticket: str) -> None:
        deadline = asyncio.get_running_loop().time() + self.lifetime_ms / 1000
        while asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(POLL_SECONDS * 4)
            try:
                await self._run(self._release, key, ticket)
                return
            except QueueUnavailable:
                continue  # lapses by itself at the deadline

    async def _run(self, script, key: str, *args):
        return await self.queue.call(lambda: script(keys=[key], args=list(args)))
