"""Tracker and lock stores picked by KEFU_REDIS_URL, against the real Redis."""

import asyncio
import os
import uuid

import pytest
import redis
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_stores import EnvLockStore, EnvTrackerStore, redis_options
from bot.session_store import SessionMemoryTrackerStore

REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('KEFU_TEST_REDIS_DB', '14')}"
DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  language:\n    type: text\n    mappings: []\n")


def test_without_redis_url_the_stores_are_in_memory(monkeypatch):
    monkeypatch.delenv("KEFU_REDIS_URL", raising=False)
    store = EnvTrackerStore(domain=DOMAIN)
    assert isinstance(store, InMemoryTrackerStore) and isinstance(store, SessionMemoryTrackerStore)
    assert isinstance(EnvLockStore(), InMemoryLockStore)


def test_redis_url_is_split_for_rasa():
    options = redis_options("rediss://user:secret@cache.internal:6380/2")
    assert options["host"] == "cache.internal" and options["port"] == 6380 and options["db"] == 2
    assert options["username"] == "user" and options["password"] == "secret" and options["use_ssl"]


def test_with_redis_url_conversations_live_in_redis(monkeypatch):
    monkeypatch.setenv("KEFU_REDIS_URL", REDIS_URL)
    store = EnvTrackerStore(domain=DOMAIN)
    assert isinstance(store, RedisTrackerStore)
    sender = f"store-test-{uuid.uuid4().hex[:8]}"
    tracker = DialogueStateTracker.from_events(
        sender, [UserUttered("สวัสดีค่ะ"), SlotSet("language", "th")], slots=DOMAIN.slots
    )
    asyncio.run(store.save(tracker))
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert client.llen(f"kefu:tracker:events:{sender}") == 2  # bot/session_store.py's list
        again = asyncio.run(EnvTrackerStore(domain=DOMAIN).retrieve(sender))
        assert again.get_slot("language") == "th"
    finally:
        client.delete(f"kefu:tracker:events:{sender}", f"kefu:tracker:session:{sender}")


def test_with_redis_url_locks_live_in_redis(monkeypatch):
    monkeypatch.setenv("KEFU_REDIS_URL", REDIS_URL)
    store = EnvLockStore()
    assert isinstance(store, RedisLockStore)
    conversation = f"lock-test-{uuid.uuid4().hex[:8]}"

    async def hold():
        async with store.lock(conversation):
            return redis.Redis.from_url(REDIS_URL).exists(f"kefu:lock:{conversation}")

    assert asyncio.run(hold())


def test_unreachable_redis_fails_loudly(monkeypatch):
    monkeypatch.setenv("KEFU_REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(redis.exceptions.ConnectionError):
        asyncio.run(EnvTrackerStore(domain=DOMAIN).retrieve("nobody"))


def test_a_tracker_store_error_fails_the_message_instead_of_an_empty_tracker():
    from rasa.core.tracker_store import FailSafeTrackerStore

    from bot.rasa_stores import no_silent_fallback

    class Down(InMemoryTrackerStore):
        async def retrieve(self, sender_id):
            raise redis.exceptions.ConnectionError("Connection refused")

        async def save(self, tracker):
            raise redis.exceptions.ConnectionError("Connection refused")

    no_silent_fallback()
    store = FailSafeTrackerStore(Down(DOMAIN))  # as Rasa's agent wraps every tracker store
    tracker = DialogueStateTracker.from_events("down-1", [UserUttered("hello")], slots=DOMAIN.slots)
    with pytest.raises(redis.exceptions.ConnectionError):
        asyncio.run(store.retrieve("down-1"))  # not None: that would read as a new conversation
    with pytest.raises(redis.exceptions.ConnectionError):
        asyncio.run(store.save(tracker))
    assert not store._fallback_tracker_store or not asyncio.run(store.fallback_tracker_store.keys())
