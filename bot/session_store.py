"""A Redis tracker store whose cost per message does not grow with the conversation.

Rasa's RedisTrackerStore keeps a conversation as one JSON document: every message reads
it whole, rebuilds every event, and on saving reads it again, merges and writes it whole
(docs/benchmark.md: message 200 cost 11x message 1). Here each conversation is a Redis
list of events, only ever appended to, and the index where its current session starts:
reading a tracker reads the current session, saving appends the new events. With
bot.long_sessions a session never grows past a bound, so neither does a message's cost.

The whole history stays (retrieve_full_tracker, the tracker API); a conversation stored
by Rasa's own store is moved into the list the first time it is read.

Redis is reached through redis.asyncio (bot/redis_async.py): Rasa's store uses the
synchronous client, which holds up Rasa's event loop for every round trip.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Optional

import redis.asyncio as aioredis
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import DEFAULT_REDIS_TRACKER_STORE_KEY_PREFIX, RedisTrackerStore, TrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.conversation import Dialogue
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.event_lookup import event_class
from bot.redis_async import connection_options, shared_client

# Where the stored events a tracker was read with begin (its first event's list index).
_LOADED_FROM = "_kefu_loaded_from"


def read_event(item: str) -> Optional[Event]:
    parameters = json.loads(item)
    kind = event_class(str(parameters.get("event")))  # found once per name, not per event
    return kind._from_parameters(parameters) if kind else None


def _session_starts(events: List[Event], base: int) -> List[int]:
    return [
        base + i
        for i, e in enumerate(events)
        if isinstance(e, ActionExecuted) and e.action_name == ACTION_SESSION_START_NAME
    ]


class SessionRedisTrackerStore(RedisTrackerStore):
    """A RedisTrackerStore to Rasa (same options and key prefix) whose `red` is the
    process's asyncio client: RedisTrackerStore.__init__, which opens a synchronous
    one, is skipped."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        record_exp: Optional[float] = None,
        key_prefix: Optional[str] = None,
        **options: Any,
    ) -> None:
        self._options = connection_options(**options)
        self.record_exp = record_exp
        self.key_prefix = DEFAULT_REDIS_TRACKER_STORE_KEY_PREFIX
        if key_prefix:
            self._set_key_prefix(key_prefix)
        TrackerStore.__init__(self, domain, event_broker)

    @property
    def red(self) -> aioredis.Redis:
        return shared_client(self._options)

    def _events_key(self, sender_id: str) -> str:
        return f"{self.key_prefix}events:{sender_id}"

    def _session_key(self, sender_id: str) -> str:
        return f"{self.key_prefix}session:{sender_id}"

    async def _session_start(self, sender_id: str) -> int:
        return int(await self.red.get(self._session_key(sender_id)) or 0)

    def _tracker(self, sender_id: str, items: List[str], loaded_from: int) -> DialogueStateTracker:
        tracker = self.init_tracker(sender_id)
        events = [read_event(item) for item in items]
        tracker.recreate_from_dialogue(Dialogue(sender_id, [e for e in events if e is not None]))
        setattr(tracker, _LOADED_FROM, loaded_from)
        return tracker

    async def _adopt_legacy(self, sender_id: str) -> bool:
        """Move a conversation Rasa's RedisTrackerStore wrote (one JSON document) into the list."""
        legacy = await self.red.get(self.key_prefix + sender_id)
        if legacy is None:
            return False
        events = json.loads(legacy).get("events") or []
        parsed = [read_event(json.dumps(e)) for e in events]
        starts = _session_starts([e for e in parsed if e is not None], 0)
        async with self.red.pipeline() as pipe:
            pipe.delete(self._events_key(sender_id))
            if events:
                pipe.rpush(self._events_key(sender_id), *[json.dumps(e) for e in events])
            pipe.set(self._session_key(sender_id), starts[-1] if starts else 0)
            pipe.delete(self.key_prefix + sender_id)
            await pipe.execute()
        return True

    async def _retrieve(self, sender_id: str, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        for _ in range(2):
            start = 0 if fetch_all_sessions else await self._session_start(sender_id)
            items = await self.red.lrange(self._events_key(sender_id), start, -1)
            if items or await self.red.exists(self._events_key(sender_id)):
                return self._tracker(sender_id, items, start)
            if not await self._adopt_legacy(sender_id):
                return None
        return None

    async def _continues(self, events_key: str, stored: int, event: Event) -> bool:
        """Is `event` the last stored one (compared as stored: JSON)?"""
        last = await self.red.lindex(events_key, stored - 1)
        return last is not None and json.loads(last) == json.loads(json.dumps(event.as_dict()))

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        """Append the events this tracker has beyond the stored ones (Rasa's lock store keeps
        one conversation's writers in turn). A tracker that is not a continuation of the
        stored events (rewritten through the API) replaces them."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        events_key = self._events_key(sender_id)
        stored = await self.red.llen(events_key)
        events = list(tracker.events)
        loaded_from = getattr(tracker, _LOADED_FROM, None)
        if loaded_from is None:  # not read through this store: a new tracker, or a full one
            loaded_from = 0 if len(events) >= stored else await self._session_start(sender_id)
        known = stored - loaded_from
        if 0 < known <= len(events) and not await self._continues(events_key, stored, events[known - 1]):
            known = -1  # the stored list ends with another event: this tracker is not its sequel
        async with self.red.pipeline() as pipe:
            if 0 <= known <= len(events):
                new, base = events[known:], stored
            else:
                new, base = events, 0
                pipe.delete(events_key)
            if new:
                pipe.rpush(events_key, *[json.dumps(e.as_dict()) for e in new])
            starts = _session_starts(new, base)
            if starts or base == 0:
                pipe.set(self._session_key(sender_id), starts[-1] if starts else 0)
            ttl = timeout or self.record_exp
            if ttl:
                pipe.expire(events_key, int(ttl))
                pipe.expire(self._session_key(sender_id), int(ttl))
            await pipe.execute()
        setattr(tracker, _LOADED_FROM, loaded_from if base else 0)

    async def keys(self) -> Iterable[str]:
        prefix = f"{self.key_prefix}events:"
        return [key[len(prefix) :] for key in await self.red.keys(prefix + "*")]

    async def exists(self, conversation_id: str) -> bool:
        keys = (self._events_key(conversation_id), self.key_prefix + conversation_id)
        return bool(await self.red.exists(*keys))
