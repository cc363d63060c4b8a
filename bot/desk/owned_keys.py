"""A Redis key one owner holds: taken with SET NX and an expiry (a holder that dies frees it
then), refreshed and deleted only by the owner's own token, each a single atomic step, so
every desk replica and `kefu train` process can share one.

The retrain lock (retrain_lock.py) and the automatic assignment's round (auto_assign.py)
are such keys.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import AsyncIterator

from bot.desk.queue import DeskQueue

# Refresh or delete only the holder's own key (compare and act, atomically).
REFRESH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def new_token() -> str:
    return uuid.uuid4().hex


async def take(queue: DeskQueue, key: str, token: str, seconds: int) -> bool:
    """True when this token now holds the key; False while another does."""
    return bool(await queue.call(lambda: queue.redis.set(key, token, nx=True, ex=seconds)))


async def give_back(queue: DeskQueue, key: str, token: str) -> None:
    """Delete the key if this token still holds it (after its expiry, another may)."""
    await queue.call(lambda: queue.redis.eval(RELEASE, 1, key, token))


@contextlib.asynccontextmanager
async def held_if_free(queue: DeskQueue, key: str, seconds: int) -> AsyncIterator[bool]:
    """Hold the key for the block if nobody does (yields True), else yield False at once."""
    token = new_token()
    taken = await take(queue, key, token, seconds)
    try:
        yield taken
    finally:
        if taken:
            await give_back(queue, key, token)
