"""Tracker stores whose cost per message does not grow with the conversation.

Rasa's RedisTrackerStore and InMemoryTrackerStore keep a conversation as one JSON
document: every message reads it whole, rebuilds every event, and on saving writes it
whole (docs/benchmark.md: message 200 cost 11x message 1). Here each conversation is a
list of events, only ever appended to, and the index where its current session starts:
reading a tracker reads the current session, saving appends the new events. With
bot.long_sessions a session never grows past a bound, so neither does a message's cost.
The lists live in Redis (SessionRedisTrackerStore) or, without Redis, in the Rasa
server's memory (SessionMemoryTrackerStore); SessionLists is what both do with them.

The whole history stays (retrieve_full_tracker, the tracker API); a conversation stored
by Rasa's own Redis store is moved into the list the first time it is read.

Redis is reached through redis.asyncio (bot/redis_async.py): Rasa's store uses the
synchronous client, which holds up Rasa's event loop for every round trip.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any, Dict, Iterable, List, Optional, Tuple

import redis.asyncio as aioredis
import ujson
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import (
    DEFAULT_REDIS_TRACKER_STORE_KEY_PREFIX,
    InMemoryTrackerStore,
    RedisTrackerStore,
    TrackerStore,
)
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.conversation import Dialogue
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.event_lookup import event_class
from bot.redis_async import connection_options, shared_client

# Where the stored events a tracker was read with begin (its first event's list index).
_LOADED_FROM = "_kefu_loaded_from"
# What the stored list was when a tracker was read: (items in the list, its last item, the
# tracker's events then). A channel's read is handed to Rasa's processor while it still is.
_READ_AT = "_kefu_read_at"
_handed: ContextVar[Optional[Tuple[str, DialogueStateTracker]]] = ContextVar("kefu_handed", default=None)


def read_event(item: str) -> Optional[Event]:
    parameters = ujson.loads(item)  # twice as fast as json here; stored items are plain JSON
    kind = event_class(str(parameters.get("event")))  # found once per name, not per event
    return kind._from_parameters(parameters) if kind else None


def _session_starts(events: List[Event], base: int) -> List[int]:
    return [
        base + i
        for i, e in enumerate(events)
        if isinstance(e, ActionExecuted) and e.action_name == ACTION_SESSION_START_NAME
    ]


class SessionLists:
    """The session logic of a tracker store over one list of stored events (JSON) per
    conversation and the index where its current session starts. A store provides the
    list operations below and TrackerStore's own (init_tracker, stream_events)."""

    record_exp: Optional[float] = None

    async def _stored_count(self, sender_id: str) -> int:
        raise NotImplementedError

    async def _stored_items(self, sender_id: str, start: int) -> List[str]:
        raise NotImplementedError

    async def _stored_item(self, sender_id: str, index: int) -> Optional[str]:
        raise NotImplementedError

    async def _session_start(self, sender_id: str) -> int:
        raise NotImplementedError

    async def _has_list(self, sender_id: str) -> bool:
        raise NotImplementedError

    async def _store(
        self,
        sender_id: str,
        items: List[str],
        replace: bool,
        session_start: Optional[int],
        ttl: Optional[float],
    ) -> None:
        """Append `items` (or replace the list with them), set the session start if given."""
        raise NotImplementedError

    async def _tail(self, sender_id: str) -> Tuple[int, Optional[str]]:
        """How many items the list has, and its last one."""
        return await self._stored_count(sender_id), await self._stored_item(sender_id, -1)

    def _tracker(self, sender_id: str, items: List[str], loaded_from: int) -> DialogueStateTracker:
        tracker = self.init_tracker(sender_id)  # type: ignore[attr-defined]
        events = [read_event(item) for item in items]
        tracker.recreate_from_dialogue(Dialogue(sender_id, [e for e in events if e is not None]))
        setattr(tracker, _LOADED_FROM, loaded_from)
        last = items[-1] if items else None
        setattr(tracker, _READ_AT, (loaded_from + len(items), last, len(tracker.events)))
        return tracker

    async def _still_stored(self, tracker: DialogueStateTracker) -> bool:
        """Is this tracker, unchanged since it was read, still what the store holds?"""
        read_at = getattr(tracker, _READ_AT, None)
        if read_at is None or len(tracker.events) != read_at[2]:
            return False
        return await self._tail(tracker.sender_id) == read_at[:2]

    async def _retrieve(self, sender_id: str, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        start = 0 if fetch_all_sessions else await self._session_start(sender_id)
        items = await self._stored_items(sender_id, start)
        if items or await self._has_list(sender_id):
            return self._tracker(sender_id, items, start)
        return None

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        handed = _handed.get()
        if handed is not None:
            _handed.set(None)
            if handed[0] == sender_id and await self._still_stored(handed[1]):
                return handed[1]
        return await self._retrieve(sender_id, fetch_all_sessions=False)

    async def retrieve_full_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await self._retrieve(sender_id, fetch_all_sessions=True)

    async def _continues(self, sender_id: str, stored: int, event: Event) -> bool:
        """Is `event` the last stored one (compared as stored: JSON)?"""
        last = await self._stored_item(sender_id, stored - 1)
        return last is not None and json.loads(last) == json.loads(json.dumps(event.as_dict()))

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        """Append the events this tracker has beyond the stored ones (Rasa's lock store keeps
        one conversation's writers in turn). A tracker that is not a continuation of the
        stored events (rewritten through the API) replaces them."""
        await self.stream_events(tracker)  # type: ignore[attr-defined]
        sender_id = tracker.sender_id
        stored = await self._stored_count(sender_id)
        events = list(tracker.events)
        loaded_from = getattr(tracker, _LOADED_FROM, None)
        if loaded_from is None:  # not read through this store: a new tracker, or a full one
            loaded_from = 0 if len(events) >= stored else await self._session_start(sender_id)
        known = stored - loaded_from
        if 0 < known <= len(events) and not await self._continues(sender_id, stored, events[known - 1]):
            known = -1  # the stored list ends with another event: this tracker is not its sequel
        replace = not 0 <= known <= len(events)
        new, base = (events, 0) if replace else (events[known:], stored)
        starts = _session_starts(new, base)
        session_start = starts[-1] if starts else (0 if base == 0 else None)
        items = [json.dumps(e.as_dict()) for e in new]
        await self._store(sender_id, items, replace, session_start, timeout or self.record_exp)
        setattr(tracker, _LOADED_FROM, loaded_from if base else 0)


def hand_to_next_read(tracker: DialogueStateTracker | None) -> None:
    """The next `retrieve` of this conversation in this context (Rasa's processor, reading
    the message a channel just read the tracker for) gets this tracker instead of reading
    and rebuilding the session again, if the stored list has not changed since (another
    replica may have written to it). None forgets a tracker handed before."""
    _handed.set((tracker.sender_id, tracker) if tracker is not None else None)


class SessionRedisTrackerStore(SessionLists, RedisTrackerStore):
    """The lists in Redis. A RedisTrackerStore to Rasa (same options and key prefix) whose
    `red` is the process's asyncio client: RedisTrackerStore.__init__, which opens a
    synchronous one, is skipped."""

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

    async def _stored_count(self, sender_id: str) -> int:
        return int(await self.red.llen(self._events_key(sender_id)))

    async def _stored_items(self, sender_id: str, start: int) -> List[str]:
        return list(await self.red.lrange(self._events_key(sender_id), start, -1))

    async def _stored_item(self, sender_id: str, index: int) -> Optional[str]:
        return await self.red.lindex(self._events_key(sender_id), index)

    async def _tail(self, sender_id: str) -> Tuple[int, Optional[str]]:
        async with self.red.pipeline(transaction=False) as pipe:
            pipe.llen(self._events_key(sender_id))
            pipe.lindex(self._events_key(sender_id), -1)
            count, last = await pipe.execute()
        return int(count), last

    async def _session_start(self, sender_id: str) -> int:
        return int(await self.red.get(self._session_key(sender_id)) or 0)

    async def _has_list(self, sender_id: str) -> bool:
        return bool(await self.red.exists(self._events_key(sender_id)))

    async def _store(
        self,
        sender_id: str,
        items: List[str],
        replace: bool,
        session_start: Optional[int],
        ttl: Optional[float],
    ) -> None:
        events_key, session_key = self._events_key(sender_id), self._session_key(sender_id)
        async with self.red.pipeline() as pipe:
            if replace:
                pipe.delete(events_key)
            if items:
                pipe.rpush(events_key, *items)
            if session_start is not None:
                pipe.set(session_key, session_start)
            if ttl:
                pipe.expire(events_key, int(ttl))
                pipe.expire(session_key, int(ttl))
            await pipe.execute()

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
        found = await super()._retrieve(sender_id, fetch_all_sessions)
        if found is None and await self._adopt_legacy(sender_id):
            found = await super()._retrieve(sender_id, fetch_all_sessions)
        return found

    async def keys(self) -> Iterable[str]:
        prefix = f"{self.key_prefix}events:"
        return [key[len(prefix) :] for key in await self.red.keys(prefix + "*")]

    async def exists(self, conversation_id: str) -> bool:
        keys = (self._events_key(conversation_id), self.key_prefix + conversation_id)
        return bool(await self.red.exists(*keys))


class SessionMemoryTrackerStore(SessionLists, InMemoryTrackerStore):
    """The lists in this process's memory, for a Rasa server without Redis (`kefu run`
    without the desk). Conversations are lost when it stops, as with Rasa's own."""

    def __init__(self, domain: Domain, event_broker: Optional[EventBroker] = None, **kwargs: Any) -> None:
        self._lists: Dict[str, List[str]] = {}
        self._starts: Dict[str, int] = {}
        InMemoryTrackerStore.__init__(self, domain, event_broker, **kwargs)

    async def _stored_count(self, sender_id: str) -> int:
        return len(self._lists.get(sender_id, ()))

    async def _stored_items(self, sender_id: str, start: int) -> List[str]:
        return self._lists.get(sender_id, [])[start:]

    async def _stored_item(self, sender_id: str, index: int) -> Optional[str]:
        items = self._lists.get(sender_id, [])
        return items[index] if -len(items) <= index < len(items) else None

    async def _session_start(self, sender_id: str) -> int:
        return self._starts.get(sender_id, 0)

    async def _has_list(self, sender_id: str) -> bool:
        return sender_id in self._lists

    async def _store(
        self,
        sender_id: str,
        items: List[str],
        replace: bool,
        session_start: Optional[int],
        ttl: Optional[float],
    ) -> None:
        if replace:
            self._lists[sender_id] = []
        self._lists.setdefault(sender_id, []).extend(items)
        if session_start is not None:
            self._starts[sender_id] = session_start

    async def keys(self) -> Iterable[str]:
        return list(self._lists)

    async def exists(self, conversation_id: str) -> bool:
        return conversation_id in self._lists
