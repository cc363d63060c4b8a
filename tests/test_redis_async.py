"""Rasa's stores share one asyncio Redis pool per loop; after Redis restarts, its idle
connections are dead, and a store failure drops them so the next message finds fresh ones."""

import asyncio
import os

import pytest
import redis
from redis.exceptions import ConnectionError as RedisConnectionError

from bot.redis_async import connection_options, forget_idle_connections, shared_client

DB = int(os.environ.get("KEFU_TEST_REDIS_DB", "15"))


async def _killed_under_the_pool():
    """The shared client, with its one pooled connection dropped by the server (as a
    restart drops them all)."""
    client = shared_client(connection_options(host="127.0.0.1", port=6379, db=DB))
    own_id = await client.client_id()
    redis.Redis(host="127.0.0.1", port=6379, db=DB).client_kill_filter(_id=own_id)
    return client


def test_a_connection_redis_dropped_fails_the_next_call():
    async def scenario():
        client = await _killed_under_the_pool()
        with pytest.raises(RedisConnectionError):
            await client.ping()

    asyncio.run(scenario())


def test_after_a_store_failure_the_next_call_connects_anew():
    async def scenario():
        client = await _killed_under_the_pool()
        await forget_idle_connections()
        assert await client.ping() is True

    asyncio.run(scenario())
