"""What browsers and proxies may keep: nothing the desk answers, unless the route says so.

The API's answers carry buyers' messages, orders and the agents' tokens, and the web chat's
a buyer's replies; on a shared computer or behind a caching proxy a stored copy outlives the
session. One rule for the whole app, so a route added in a new blueprint cannot miss it; the
pages and their scripts set their own (no-cache: revalidated, never stale after an upgrade).
"""

from __future__ import annotations

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse


def keep_out_of_caches(app: Sanic) -> None:
    @app.on_response
    async def not_stored(request: Request, reply: HTTPResponse) -> None:
        if "cache-control" not in reply.headers:
            reply.headers["Cache-Control"] = "no-store"
