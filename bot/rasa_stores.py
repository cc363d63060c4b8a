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
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore

from bot.lock_store import TicketRedisLockStore
from bot.session_store import SessionMemoryTrackerStore, SessionRedisTrackerStore
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
    """Builds a SessionRedisTrackerStore, or without Redis a SessionMemoryTrackerStore
    (bot/session_store.py: either way a message's cost does not grow with the conversation;
    never an instance of itself)."""

    def __new__(cls, domain=None, event_broker=None, **_endpoint_kwargs: Any) -> TrackerStore:
        url = _configured_url()
        if url:
            return SessionRedisTrackerStore(domain=domain, event_broker=event_broker, **redis_options(url))
        return SessionMemoryTrackerStore(domain=domain, event_broker=event_broker)


class EnvLockStore:
    """Builds a TicketRedisLockStore (bot/lock_store.py: atomic tickets, no blocking call)
    or an InMemoryLockStore (never an instance of itself)."""

    def __new__(cls, endpoint_config=None, **_kwargs: Any) -> LockStore:
        url = _configured_url()
        if url:
            return TicketRedisLockStore(**redis_options(url))
        return InMemoryLockStore()


def _raise(error: Exception) -> None:
    raise error


def no_silent_fallback() -> None:
    """Rasa wraps the tracker store so that an error reading a conversation reads as "no
    conversation yet", and an error saving one saves it into the process's memory. With
    Redis restarting under a message, the message was answered from an empty tracker and
    its events kept only in that process (the load and fault test: a message "read by
    Rasa 0 times"), and the empty tracker could later replace the stored history. Here
    the error goes on up: Rasa does not answer, the REST channel says 503 and the desk
    sends the message again. Once per process."""
    if getattr(FailSafeTrackerStore, "_kefu_strict", False):
        return
    init = FailSafeTrackerStore.__init__

    def __init__(self, tracker_store, on_tracker_store_error=None, fallback_tracker_store=None) -> None:
        init(self, tracker_store, on_tracker_store_error or _raise, fallback_tracker_store)

    FailSafeTrackerStore.__init__ = __init__
    FailSafeTrackerStore._kefu_strict = True
