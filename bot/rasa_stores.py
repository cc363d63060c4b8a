"""Tracker and lock stores chosen by KEFU_REDIS_URL when Rasa starts.

Rasa's endpoints.yml cannot branch on whether a variable is set, and it wants a
host and port rather than a URL, so endpoints.yml names these two classes and they
hand back a real Redis store when KEFU_REDIS_URL is set, an in-memory one otherwise.
Redis lets Rasa replicas share conversations and locks; both stores talk to it
through one asyncio connection pool per process (bot/redis_async.py).
"""

from __future__ import annotations

from typing import Any, Dict
from urllib.parse import urlparse

from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore

from bot.lock_store import TicketRedisLockStore
from bot.session_store import SessionRedisTrackerStore
from bot.settings import Settings

KEY_PREFIX = "kefu"


def redis_options(url: str) -> Dict[str, Any]:
    """Split a redis:// URL into the keyword arguments Rasa's Redis stores take."""
    parsed = urlparse(url)
    db = parsed.path.lstrip("/")
    return {
        "host": parsed.hostname or "localhost",
        "port": parsed.port or 6379,
        "db": int(db) if db else 0,
        "username": parsed.username or None,
        "password": parsed.password or None,
        "use_ssl": parsed.scheme == "rediss",
        "key_prefix": KEY_PREFIX,
    }


def _configured_url() -> str | None:
    return Settings.from_env().redis_url


class EnvTrackerStore:
    """Builds a SessionRedisTrackerStore (bot/session_store.py: a message's cost does not grow
    with the conversation) or an InMemoryTrackerStore (never an instance of itself)."""

    def __new__(cls, domain=None, event_broker=None, **_endpoint_kwargs: Any) -> TrackerStore:
        url = _configured_url()
        if url:
            return SessionRedisTrackerStore(domain=domain, event_broker=event_broker, **redis_options(url))
        return InMemoryTrackerStore(domain=domain, event_broker=event_broker)


class EnvLockStore:
    """Builds a TicketRedisLockStore (bot/lock_store.py: atomic tickets, no blocking call)
    or an InMemoryLockStore (never an instance of itself)."""

    def __new__(cls, endpoint_config=None, **_kwargs: Any) -> LockStore:
        url = _configured_url()
        if url:
            return TicketRedisLockStore(**redis_options(url))
        return InMemoryLockStore()
