"""Which agents have the console open now, for the supervisor's team view.

Each open console page holds the live-update stream (api/live.py); while it is open the
stream marks its agent as seen every MARK_SECONDS in one Redis hash, shared by every desk
replica. An agent seen within ONLINE_SECONDS is online. Nothing has to say goodbye: a closed
tab, a lost network or a killed replica simply stop the marks, so nobody shows as online for
long after leaving, and nobody stays online forever because a replica died before it could
say they left.

An agent can also say they are away (lunch, a meeting): still signed in, but the supervisor
sees they are not taking chats. That choice lives in the same Redis, per agent, until they
say they are back.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, Set

from bot.desk.queue import PREFIX, DeskQueue, QueueUnavailable

SEEN_KEY = f"{PREFIX}presence:seen"
AWAY_KEY = f"{PREFIX}presence:away"
MARK_SECONDS = 5.0
# Four missed marks: a page busy for a moment, or a replica restarting, is not "offline".
ONLINE_SECONDS = 20.0
AVAILABILITY = ("available", "away")


async def mark_seen(queue: DeskQueue, agent_id: int, now: datetime) -> None:
    await queue.call(lambda: queue.redis.hset(SEEN_KEY, str(agent_id), repr(now.timestamp())))


async def last_seen(queue: DeskQueue) -> Dict[int, datetime]:
    """Agent id -> when a console page of theirs was last open (UTC)."""
    raw = await queue.call(lambda: queue.redis.hgetall(SEEN_KEY))
    seen: Dict[int, datetime] = {}
    for agent_id, stamp in raw.items():
        try:
            seen[int(agent_id)] = datetime.fromtimestamp(float(stamp), timezone.utc)
        except (TypeError, ValueError):
            continue  # not ours: ignored rather than failing the supervisor's page
    return seen


async def set_away(queue: DeskQueue, agent_id: int, away: bool) -> None:
    if away:
        await queue.call(lambda: queue.redis.sadd(AWAY_KEY, str(agent_id)))
    else:
        await queue.call(lambda: queue.redis.srem(AWAY_KEY, str(agent_id)))


async def forget(queue: DeskQueue, agent_id: int) -> bool:
    """Drop the marks under an account's id, when the account is removed and again when one is
    created (the console's routes and `kefu agents`, through forget_at): SQLite gives a deleted
    account's id to the next account made, which must not start out away or seen, whichever way
    the old one went (a removal while Redis was down included). False when Redis did not answer
    (the account change still counts)."""

    async def work() -> None:
        async with queue.redis.pipeline(transaction=True) as pipe:
            pipe.srem(AWAY_KEY, str(agent_id))
            pipe.hdel(SEEN_KEY, str(agent_id))
            await pipe.execute()

    try:
        await queue.call(work)
    except QueueUnavailable:
        return False
    return True


def forget_at(redis_url: str, agent_id: int) -> bool:
    """forget() for the command line, which has no queue of its own open."""

    async def run() -> bool:
        queue = DeskQueue.from_url(redis_url)
        try:
            return await forget(queue, agent_id)
        finally:
            with contextlib.suppress(Exception):
                await queue.close()

    return asyncio.run(run())


async def away_agents(queue: DeskQueue) -> Set[int]:
    members = await queue.call(lambda: queue.redis.smembers(AWAY_KEY))
    return {int(member) for member in members if str(member).isdigit()}


def is_online(seen: datetime | None, now: datetime) -> bool:
    return seen is not None and (now - seen).total_seconds() <= ONLINE_SECONDS


@dataclass(frozen=True)
class Presence:
    """Every agent's marks at one moment: when each was last seen, and who said they are away."""

    seen: Dict[int, datetime]
    away: Set[int]

    def state(self, agent_id: int, now: datetime) -> str:
        """online, away (a page open, but said so) or offline (no page open lately)."""
        if not is_online(self.seen.get(agent_id), now):
            return "offline"
        return "away" if agent_id in self.away else "online"


async def read(queue: DeskQueue) -> Presence:
    return Presence(await last_seen(queue), await away_agents(queue))
