"""Rasa's conversation lock in Redis, without blocking the event loop and without races.

Rasa's RedisLockStore keeps a conversation's ticket queue as one JSON value that every
step reads, changes and writes back with the synchronous client: each step stalls the
event loop, and two replicas issuing a ticket at once can both read the same queue and
take the same number (both then hold the conversation). Here each step is one Lua
script, which Redis runs atomically, over redis.asyncio.

The semantics are Rasa's ticket lock: tickets are served in the order they were issued,
a ticket lives `lock_lifetime` seconds (TICKET_LOCK_LIFETIME, kefu's rasa_lock_lifetime)
so a replica killed while holding a conversation blocks it that long at most, and the
key goes once nobody holds or waits. Two deliberate differences: a waiter renews its
ticket each time it polls, and the holder's lifetime counts from when it got the lock
(in Rasa both count from the issue, so a message that waited long lost its place or got
little time to run); a waiter whose ticket lapsed gets a LockError at once rather than
waiting for the queue to empty.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional

import redis
import redis.asyncio as aioredis
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX,
    LOCK_LIFETIME,
    LockError,
    LockStore,
    RedisLockStore,
)

from bot.redis_async import connection_options, shared_client
from bot.redis_tickets import ISSUE as _ISSUE
from bot.redis_tickets import POLL as _POLL
from bot.redis_tickets import RELEASE as _RELEASE

# Seconds between a waiter's looks at the queue (Rasa's is 1 s).
POLL_SECONDS = 0.05


class TicketRedisLockStore(RedisLockStore):
    """A RedisLockStore to Rasa (same options and key prefix; Rasa allows it several
    Sanic workers) whose lock() is async all through; RedisLockStore.__init__, which opens
    a synchronous client, is skipped. Rasa itself only ever calls lock()."""

    def __init__(self, key_prefix: Optional[str] = None, **options: Any) -> None:
        self._options = connection_options(**options)  # with the timeouts of bot/redis_async.py
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        if key_prefix:
            self._set_key_prefix(key_prefix)
        LockStore.__init__(self)

    @property
    def red(self) -> aioredis.Redis:
        return shared_client(self._options)

    async def _run(self, script: str, key: str, *args: Any) -> Any:
        return await self.red.register_script(script)(keys=[key], args=list(args))

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        key = self.key_prefix + conversation_id
        lifetime_ms = max(1, int(lock_lifetime * 1000))
        try:
            ticket, served = await self._run(_ISSUE, key, lifetime_ms)
        except redis.RedisError as exc:
            raise LockError(f"Could not issue a ticket for conversation '{conversation_id}': {exc}") from exc
        try:
            while not int(served):
                await asyncio.sleep(wait_time_in_seconds)
                served = await self._poll(conversation_id, key, ticket, lifetime_ms)
            yield TicketLock(conversation_id, deque([Ticket(int(ticket), time.time() + lock_lifetime)]))
        finally:
            await self._release(conversation_id, key, ticket)

    async def _poll(self, conversation_id: str, key: str, ticket: str, lifetime_ms: int) -> int:
        try:
            served = int(await self._run(_POLL, key, ticket, lifetime_ms))
        except redis.RedisError as exc:
            raise LockError(f"Could not acquire the lock of conversation '{conversation_id}': {exc}") from exc
        if served < 0:
            raise LockError(f"The ticket for conversation '{conversation_id}' lapsed while it waited.")
        return served

    async def _release(self, conversation_id: str, key: str, ticket: str) -> None:
        try:
            await self._run(_RELEASE, key, ticket)
        except redis.RedisError as exc:
            # Raised as Rasa's cleanup does: Redis failed during the message, so its tracker may
            # have gone to Rasa's in-memory fallback; the error makes the desk send it again.
            # The ticket lapses on its own after the lock's lifetime.
            raise LockError(f"Could not release the lock of conversation '{conversation_id}': {exc}") from exc

    # Rasa's synchronous, read-modify-write steps: not used by Rasa with lock() overridden,
    # and racy across replicas, so not offered.
    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        raise NotImplementedError("TicketRedisLockStore is used through its async lock()")

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("TicketRedisLockStore is used through its async lock()")

    def delete_lock(self, conversation_id: str) -> None:
        raise NotImplementedError("TicketRedisLockStore is used through its async lock()")
