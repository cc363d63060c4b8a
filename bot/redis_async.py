"""The asyncio Redis client Rasa's tracker and lock stores share in one process.

Rasa serves every message on one event loop, so a synchronous Redis call there stalls
every other conversation for its round trip. Both stores talk to Redis through
redis.asyncio instead, over one connection pool per process. An asyncio connection
belongs to the loop that opened it, so the pool is kept per running loop: Rasa's
server has one; a test that calls asyncio.run() again gets a fresh pool.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Optional, Tuple

import redis.asyncio as aioredis

# Seconds before a Redis that accepts but does not answer is an error, not a hang
# (Rasa's RedisLockStore default; its tracker store had none).
SOCKET_TIMEOUT_SECONDS = 10.0

_Options = Tuple[Tuple[str, Any], ...]
_clients: Dict[asyncio.AbstractEventLoop, Dict[_Options, aioredis.Redis]] = {}


def connection_options(
    host: str = "localhost",
    port: int = 6379,
    db: int = 0,
    username: Optional[str] = None,
    password: Optional[str] = None,
    use_ssl: bool = False,
    ssl_keyfile: Optional[str] = None,
    ssl_certfile: Optional[str] = None,
    ssl_ca_certs: Optional[str] = None,
    **_store_options: Any,
) -> _Options:
    """The connection settings among a store's keyword arguments (the rest are the store's)."""
    return (
        ("host", host),
        ("port", int(port)),
        ("db", int(db)),
        ("username", username),
        ("password", password),
        ("ssl", bool(use_ssl)),
        ("ssl_keyfile", ssl_keyfile),
        ("ssl_certfile", ssl_certfile),
        ("ssl_ca_certs", ssl_ca_certs),
    )


def shared_client(options: _Options) -> aioredis.Redis:
    """This loop's client (and pool) for these settings; call it from a coroutine."""
    loop = asyncio.get_running_loop()
    clients = _clients.get(loop)
    if clients is None:
        for closed in [old for old in _clients if old.is_closed()]:
            del _clients[closed]  # its connections died with it
        clients = _clients[loop] = {}
    client = clients.get(options)
    if client is None:
        client = aioredis.Redis(
            **dict(options),
            decode_responses=True,
            socket_timeout=SOCKET_TIMEOUT_SECONDS,
            socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
        )
        clients[options] = client
    return client


async def forget_idle_connections() -> None:
    """Drop this loop's idle pooled connections. After Redis restarts every one of them is
    dead, and each would fail one more request when it is next taken: a buyer's message
    seconds after Redis is back. Called when a store call failed; the next calls connect anew."""
    for client in list(_clients.get(asyncio.get_running_loop(), {}).values()):
        await client.connection_pool.disconnect(inuse_connections=False)
