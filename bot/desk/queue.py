"""The handoff queue in Redis: one sorted set per tier, ordered by SLA deadline.

Keys (prefix kefu:desk:):
  queue:<tier>   sorted set of conversation ids, score = deadline (epoch seconds)
  item:<id>      hash: what the queue shows of the conversation, and `claimed_by`
Claims, sweeps and restores are Lua scripts (queue_scripts.py), so each is atomic across every
desk replica: two agents claiming at once get exactly one winner, and a chat
past its deadline moves up one tier exactly once.

The SQL journal stays the source of truth: Redis is the fast, shared index of
it. When Redis comes back empty after an outage, `restore` rebuilds it from
the journal's queued conversations.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Callable, Dict, Iterable, List, Sequence, Tuple

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from bot.desk import queue_scripts
from bot.desk.queue_events import EventsUnavailable, Subscription, events_channel, subscription
from bot.desk.records import Breach

logger = logging.getLogger(__name__)

PREFIX = "kefu:desk:"
TIERS = (1, 2, 3)
LAST_MESSAGE_CHARS = 200


class QueueUnavailable(RuntimeError):
    """Redis could not be reached (or answered with an error)."""


def queue_key(tier: int) -> str:
    return f"{PREFIX}queue:{tier}"


# Set once the queue has been rebuilt from the journal: a Redis that restarted empty between
# two pings (no persistence, a failover to a fresh replica) has lost it, and with it the queue.
JOURNAL_MARK = f"{PREFIX}queue:from_journal"


def item_key(conversation_id: str) -> str:
    return f"{PREFIX}item:{conversation_id}"


def _ts(value: datetime) -> float:
    return value.astimezone(timezone.utc).timestamp()


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class QueueEntry:
    conversation_id: str
    buyer_id: str
    marketplace: str
    language: str
    reason: str
    tier: int
    deadline: datetime
    last_message: str = ""
    breached: bool = False
    queue: str = "pre_sale"  # pre_sale | after_sale: where the buyer opened the chat
    note: str = ""  # why a colleague transferred it here

    def fields(self) -> Dict[str, str]:
        return {
            "conversation_id": self.conversation_id,
            "buyer_id": self.buyer_id,
            "marketplace": self.marketplace,
            "language": self.language or "",
            "reason": self.reason or "",
            "tier": str(self.tier),
            "deadline": repr(_ts(self.deadline)),
            "last_message": (self.last_message or "")[:LAST_MESSAGE_CHARS],
            "breached": "1" if self.breached else "0",
            "queue": self.queue,
            "note": (self.note or "")[:LAST_MESSAGE_CHARS],
            "claimed_by": "",
        }


class DeskQueue:
    def __init__(self, client: aioredis.Redis):
        self.redis = client
        self.channel = events_channel(int(client.connection_pool.connection_kwargs.get("db") or 0))
        self._claim = client.register_script(queue_scripts.CLAIM)
        self._release = client.register_script(queue_scripts.RELEASE)
        self._sweep = client.register_script(queue_scripts.SWEEP)
        self._restore = client.register_script(queue_scripts.RESTORE)

    @classmethod
    def from_url(cls, url: str) -> DeskQueue:
        client = aioredis.Redis.from_url(
            url,
            decode_responses=True,
            socket_connect_timeout=1.0,
            socket_timeout=2.0,
            health_check_interval=10,
            # After a Redis restart every pooled connection is dead; without one reconnect, the
            # request that drew one answered 503 although Redis was back (a claim right after
            # the queue listed the chat). A Redis still down fails the reconnect too: 503.
            # Only a broken connection is tried again: Retry's default list also holds timeouts,
            # and a health check that timed out was sent again on a new connection, which
            # outlived a slow spell: a login then went through unchecked (login_limits: a
            # timeout must refuse it).
            retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
            retry_on_error=[RedisConnectionError],
        )
        return cls(client)

    async def close(self) -> None:
        await self.redis.close()
        await self.redis.connection_pool.disconnect()

    async def call(self, make) -> Any:
        """Run `make()` against the desk's Redis, for modules keeping their own keys there."""
        return await self._call(make)

    async def _call(self, make) -> Any:
        try:
            return await make()
        except (RedisError, OSError) as exc:
            raise QueueUnavailable(f"Redis is unavailable: {exc.__class__.__name__}: {exc}") from exc

    async def ping(self) -> bool:
        await self._call(self.redis.ping)
        return True

    async def holds_journal_queue(self) -> bool:
        """Whether this Redis still has the queue rebuilt from the journal (see JOURNAL_MARK)."""
        return bool(await self._call(lambda: self.redis.exists(JOURNAL_MARK)))

    async def mark_journal_queue(self) -> None:
        await self._call(lambda: self.redis.set(JOURNAL_MARK, "1"))

    # -- writes ------------------------------------------------------------

    async def enqueue(self, entry: QueueEntry) -> None:
        async def work():
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.delete(item_key(entry.conversation_id))
                # types-redis keys the mapping str | bytes, invariantly: a dict[str, str] is refused.
                pipe.hset(item_key(entry.conversation_id), mapping=entry.fields())  # type: ignore[arg-type]
                for tier in TIERS:
                    pipe.zrem(queue_key(tier), entry.conversation_id)
                pipe.zadd(queue_key(entry.tier), {entry.conversation_id: _ts(entry.deadline)})
                return await pipe.execute()

        await self._call(work)

    async def claim(self, conversation_id: str, username: str) -> Tuple[bool, str]:
        """(True, username) for the winner; (False, holder) for everyone else."""
        keys = [item_key(conversation_id), *(queue_key(t) for t in TIERS)]
        won, holder = await self._call(lambda: self._claim(keys=keys, args=[conversation_id, username]))
        return bool(int(won)), holder

    async def release(self, conversation_id: str, username: str) -> None:
        await self._call(lambda: self._release(keys=[item_key(conversation_id)], args=[username]))

    async def remove(self, conversation_id: str) -> None:
        """Forget a conversation (handed back, resolved): out of every queue, item gone."""

        async def work():
            async with self.redis.pipeline(transaction=True) as pipe:
                for tier in TIERS:
                    pipe.zrem(queue_key(tier), conversation_id)
                pipe.delete(item_key(conversation_id))
                return await pipe.execute()

        await self._call(work)

    async def unlist(self, conversation_id: str) -> None:
        """Out of every tier's queue; its item (an agent's claim) stays."""

        async def work():
            async with self.redis.pipeline(transaction=True) as pipe:
                for tier in TIERS:
                    pipe.zrem(queue_key(tier), conversation_id)
                return await pipe.execute()

        await self._call(work)

    async def hand_to(self, conversation_id: str, username: str) -> None:
        """A held chat now belongs to another agent (transferred): their claim from now on."""
        await self._call(lambda: self.redis.hset(item_key(conversation_id), "claimed_by", username))

    async def touch(self, conversation_id: str, last_message: str) -> None:
        """A queued buyer wrote again: show their latest words in the queue."""
        key = item_key(conversation_id)

        async def work():
            if await self.redis.exists(key):
                await self.redis.hset(key, "last_message", (last_message or "")[:LAST_MESSAGE_CHARS])

        await self._call(work)

    async def sweep(
        self, now: datetime, deadline_for: Callable[[datetime, int, str], datetime]
    ) -> List[Breach]:
        """Move chats past their deadline up one tier (flag them breached); top tier: flag only.
        `deadline_for(now, tier, queue)`: the fresh deadline in the tier a chat moves to."""
        breaches: List[Breach] = []
        for tier in sorted(TIERS, reverse=True):  # top first, so a chat moves one tier per sweep
            upper = min(tier + 1, TIERS[-1])
            fresh = [repr(_ts(deadline_for(now, upper, queue))) for queue in ("pre_sale", "after_sale")]
            found = await self._call(
                lambda t=tier, u=upper, f=fresh: self._sweep(
                    keys=[queue_key(t), queue_key(u)],
                    args=[repr(_ts(now)), *f, f"{PREFIX}item:", str(u)],
                )
            )
            for conversation_id, deadline in zip(found[::2], found[1::2]):
                # A chat moved up gets the new tier's own deadline; the top tier keeps its own.
                moved_to = datetime.fromtimestamp(float(deadline), timezone.utc) if deadline else None
                breaches.append(Breach(conversation_id, tier, upper, moved_to))
        return breaches

    async def restore(self, entries: Iterable[QueueEntry]) -> int:
        """Put back journal-queued conversations Redis has lost; returns how many."""
        restored = 0
        for entry in entries:
            fields = entry.fields()
            args: List[str] = [fields["deadline"]]
            for name, value in fields.items():
                args += [name, value]
            restored += int(
                await self._call(
                    lambda a=args, e=entry: self._restore(
                        keys=[item_key(e.conversation_id), queue_key(e.tier)], args=a
                    )
                )
            )
        return restored

    # -- reads -------------------------------------------------------------

    async def waiting(self) -> List[str]:
        """Every conversation waiting in a tier's queue (a claimed one is in none)."""

        async def work():
            async with self.redis.pipeline(transaction=False) as pipe:
                for tier in TIERS:
                    pipe.zrange(queue_key(tier), 0, -1)
                return [member for members in await pipe.execute() for member in members]

        return await self._call(work)

    async def snapshot(self, tiers: Sequence[int], now: datetime | None = None) -> List[dict]:
        """[{"tier", "conversations": [QueueItem, ...]}] for these tiers, soonest deadline first."""
        now_ts = _ts(now or datetime.now(timezone.utc))

        async def work():
            async with self.redis.pipeline(transaction=False) as pipe:
                for tier in tiers:
                    pipe.zrange(queue_key(tier), 0, -1, withscores=True)
                ranked = await pipe.execute()
            async with self.redis.pipeline(transaction=False) as pipe:
                for members in ranked:
                    for conversation_id, _ in members:
                        pipe.hgetall(item_key(conversation_id))
                items = await pipe.execute()
            return ranked, items

        ranked, items = await self._call(work)
        result, position = [], 0
        for tier, members in zip(tiers, ranked):
            conversations = []
            for conversation_id, score in members:
                item = items[position]
                position += 1
                conversations.append(_queue_item(conversation_id, tier, score, item, now_ts))
            result.append({"tier": tier, "conversations": conversations})
        return result

    async def item(self, conversation_id: str) -> Dict[str, str]:
        return await self._call(lambda: self.redis.hgetall(item_key(conversation_id)))

    # -- events ------------------------------------------------------------

    async def publish(self, event: dict) -> None:
        await self._call(lambda: self.redis.publish(self.channel, json.dumps(event, ensure_ascii=False)))

    async def publish_quietly(self, event: dict) -> None:
        """Publish, but a Redis outage only costs the live update (the journal has the data)."""
        try:
            await self.publish(event)
        except QueueUnavailable as exc:
            logger.warning("could not publish a desk event: %s", exc)

    @contextlib.asynccontextmanager
    async def subscribe(self, idle: float) -> AsyncIterator[Subscription]:
        """Every replica's events (bot.desk.queue_events.Subscription); Redis trouble: QueueUnavailable."""
        try:
            async with subscription(self.redis, self.channel, idle) as events:
                yield events
        except EventsUnavailable as exc:
            raise QueueUnavailable(str(exc)) from exc


def _queue_item(conversation_id: str, tier: int, score: float, item: Dict[str, str], now_ts: float) -> dict:
    seconds_left = math.floor(score - now_ts)
    return {
        "conversation_id": conversation_id,
        "buyer_id": item.get("buyer_id", ""),
        "marketplace": item.get("marketplace", ""),
        "language": item.get("language") or None,
        "reason": item.get("reason") or None,
        "tier": tier,
        "sla_deadline": _iso(score),
        "seconds_left": seconds_left,
        "breached": item.get("breached") == "1" or seconds_left < 0,
        "last_message": item.get("last_message", ""),
        "claimed_by": item.get("claimed_by") or None,
        "queue": item.get("queue") or "pre_sale",
        "note": item.get("note") or None,
    }
