"""The asyncio Redis lock store (bot/lock_store.py), against the real Redis."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
import redis
import redis.asyncio as aioredis
from rasa.core.lock_store import LockError
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import PROJECT_ROOT
from bot import lock_store as lock_store_module
from bot.lock_store import TicketRedisLockStore
from bot.rasa_stores import redis_options
from bot.session_store import SessionRedisTrackerStore

REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('KEFU_TEST_REDIS_DB', '15')}"


def new_store() -> TicketRedisLockStore:
    return TicketRedisLockStore(**redis_options(REDIS_URL))


@pytest.fixture
def conversation():
    name = f"lock-{uuid.uuid4().hex[:8]}"
    yield name
    redis.Redis.from_url(REDIS_URL).delete(f"kefu:lock:{name}")


def lock_exists(conversation: str) -> bool:
    return bool(redis.Redis.from_url(REDIS_URL).exists(f"kefu:lock:{conversation}"))


def test_concurrent_handlers_of_a_conversation_are_served_one_at_a_time_in_ticket_order(conversation):
    store = new_store()
    entered: list = []
    holding = 0

    async def handler(name: str, hold: float) -> None:
        nonlocal holding
        async with store.lock(conversation):
            holding += 1
            assert holding == 1, f"{name} entered while another handler held the conversation"
            entered.append(name)
            await asyncio.sleep(hold)
            holding -= 1

    async def scenario() -> None:
        tasks = []
        for name in ("first", "second", "third", "fourth"):
            tasks.append(asyncio.create_task(handler(name, 0.2)))
            await asyncio.sleep(0.03)  # each takes its ticket before the next one asks
        await asyncio.gather(*tasks)

    asyncio.run(scenario())
    assert entered == ["first", "second", "third", "fourth"]
    assert not lock_exists(conversation)  # nobody holds or waits: the key is gone


HOLD_AND_WAIT = """
import asyncio, sys
from bot import PROJECT_ROOT
from bot import lock_store as lock_store_module
from bot.lock_store import TicketRedisLockStore
from bot.rasa_stores import redis_options

async def hold():
    store = TicketRedisLockStore(**redis_options(sys.argv[1]))
    async with store.lock(sys.argv[2], lock_lifetime=float(sys.argv[3])):
        print("held", flush=True)
        await asyncio.sleep(60)

asyncio.run(hold())
"""


def kill_a_holder(conversation: str, lifetime: float) -> None:
    """A replica that takes the conversation's lock and is killed (SIGKILL) holding it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_WAIT, REDIS_URL, conversation, str(lifetime)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_whose_lifetime_passed_is_taken_over(conversation):
    kill_a_holder(conversation, lifetime=1.5)
    started = time.monotonic()

    async def scenario() -> None:
        async with new_store().lock(conversation):
            pass

    asyncio.run(scenario())
    assert 0.3 <= time.monotonic() - started < 3  # waited for the lifetime, not for ever
    assert not lock_exists(conversation)


def test_a_killed_holders_key_expires_with_its_lifetime(conversation):
    kill_a_holder(conversation, lifetime=0.5)
    assert lock_exists(conversation)
    time.sleep(0.7)
    assert not lock_exists(conversation)  # no key left behind by a killed replica


def test_two_replicas_never_hold_a_conversation_at_once(conversation):
    """Two stores on two event loops (own connection pools), as two Rasa replicas: every
    handler of both gets the conversation, never two at a time."""
    guard = threading.Lock()
    holders: list = []
    overlaps: list = []
    served: list = []

    async def handler(replica: int, index: int) -> None:
        async with replica_stores[replica].lock(conversation):
            with guard:
                if holders:
                    overlaps.append((replica, index, list(holders)))
                holders.append((replica, index))
            await asyncio.sleep(0.005)
            with guard:
                holders.remove((replica, index))
                served.append((replica, index))

    async def replica_run(replica: int) -> None:
        await asyncio.gather(*(handler(replica, i) for i in range(15)))

    replica_stores = [new_store(), new_store()]
    threads = [threading.Thread(target=asyncio.run, args=(replica_run(r),)) for r in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert overlaps == []
    assert sorted(served) == [(r, i) for r in (0, 1) for i in range(15)]
    assert not lock_exists(conversation)


def test_a_waiter_whose_ticket_lapsed_gets_a_clear_error(conversation):
    async def scenario() -> None:
        # The second waits, polling less often than its ticket's lifetime (as if its loop were
        # blocked that long): the ticket lapses and it loses its place.
        async with (
            new_store().lock(conversation),
            new_store().lock(conversation, lock_lifetime=0.2, wait_time_in_seconds=0.4),
        ):
            pass

    with pytest.raises(LockError, match="lapsed"):
        asyncio.run(scenario())
    assert not lock_exists(conversation)


def test_unreachable_redis_is_a_lock_error_not_a_hang():
    store = TicketRedisLockStore(**redis_options("redis://127.0.0.1:1/0"))

    async def scenario() -> None:
        async with store.lock("nobody"):
            pass

    started = time.monotonic()
    with pytest.raises(LockError):
        asyncio.run(scenario())
    assert time.monotonic() - started < 5


def test_neither_store_uses_a_synchronous_redis_client(conversation, monkeypatch):
    """Both stores share one asyncio client (one pool) per process and loop; the
    synchronous client's connections are made unusable to prove nothing uses them."""
    tracker_store = SessionRedisTrackerStore(domain=Domain.empty(), **redis_options(REDIS_URL))
    lock_store = new_store()

    def no_sync_redis(*_args, **_kwargs):
        raise AssertionError("a synchronous Redis connection was used")

    monkeypatch.setattr(redis.connection.Connection, "connect", no_sync_redis)
    monkeypatch.setattr(redis.connection.Connection, "send_command", no_sync_redis)

    async def scenario() -> DialogueStateTracker:
        assert isinstance(tracker_store.red, aioredis.Redis) and isinstance(lock_store.red, aioredis.Redis)
        assert tracker_store.red is lock_store.red
        async with lock_store.lock(conversation):
            await tracker_store.save(DialogueStateTracker.from_events(conversation, [UserUttered("hi")]))
            tracker = await tracker_store.retrieve(conversation)
        assert conversation in await tracker_store.keys() and await tracker_store.exists(conversation)
        await tracker_store.red.delete(
            f"kefu:tracker:events:{conversation}", f"kefu:tracker:session:{conversation}"
        )
        return tracker

    tracker = asyncio.run(scenario())
    assert tracker.latest_message.text == "hi"


def test_redis_failing_while_the_lock_is_held_is_an_error_not_a_silent_answer(conversation, monkeypatch):
    """Rasa's tracker store falls back to memory when Redis fails mid-message; the lock's
    release failing too must reach the caller (the desk then sends the message again)."""
    store = new_store()
    run_script = store._run

    async def redis_gone_at_release(script, key, *args):
        if script == lock_store_module._RELEASE:
            raise redis.exceptions.ConnectionError("Connection closed by server.")
        return await run_script(script, key, *args)

    monkeypatch.setattr(store, "_run", redis_gone_at_release)

    async def scenario() -> None:
        async with store.lock(conversation):
            pass

    with pytest.raises(LockError, match="release"):
        asyncio.run(scenario())
