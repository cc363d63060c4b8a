"""Where errors become HTTP: every other layer raises its own typed error (the hub's
Conflict, the journal's Missing, the queue's QueueUnavailable...), and only here does
each get its status code. Bodies are JSON {"error": "..."}:
400 bad input, 401 not signed in, 403 not for this agent, 404 unknown, 409 the
conversation's state does not allow it, 413 too large, 429 too many failed logins or
messages (with Retry-After),
503 Redis (the queue), the database or Rasa unavailable.
"""

from __future__ import annotations

import logging

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.desk.errors import BotUnavailable, Conflict, NotAllowed
from bot.desk.queue import QueueUnavailable
from bot.desk.rate_limits import RateLimited
from bot.desk.records import Missing
from bot.text_input import InvalidMessage

logger = logging.getLogger(__name__)

NO_QUEUE = (
    "the desk queue (Redis) is unavailable right now; buyer messages are still journaled "
    "and the desk reconnects by itself - try again in a moment"
)
NO_DATABASE = "the database is unavailable right now, so nothing was recorded; please send it again shortly"


class ApiError(Exception):
    """A request the HTTP layer itself refuses (bad body, not signed in...), with its status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


# The typed errors of the layers below, and their status codes (the message is the error's own).
STATUS_OF = {Conflict: 409, NotAllowed: 403, Missing: 404, BotUnavailable: 503}


def refuse_nul_in_urls(app: Sanic) -> None:
    """A NUL (%00) in a path or query value is refused before any route reads it: no id,
    search word or filter holds one, and PostgreSQL refuses it in a query (a 500)."""

    @app.on_request
    async def _nul_in_url(request):
        if b"%00" in request.raw_url or b"\x00" in request.raw_url:
            # Its body read first (over the limit: a 413 that closes the connection), or Sanic
            # closed the kept-alive connection after this answer and the client's next request
            # on it was reset.
            stream = request.stream
            if stream is not None and stream.request_body:
                # A streaming route's body has no limit until the route sets its own: the app's.
                stream.request_max_size = min(stream.request_max_size, request.app.config.REQUEST_MAX_SIZE)
                await request.receive_body()
            return error(400, "the URL contains a NUL character (%00)")


def read_bodies_routes_ignore(app: Sanic) -> None:
    """A body sent with a GET or DELETE is read (within the size limit) before the route
    answers. Sanic would read it only after answering, and when it was over the limit close
    the connection it had just answered on as kept alive: the client's next request on that
    connection was reset. Now such a body is a 413 that closes the connection itself."""

    @app.on_request
    async def _read_ignored_body(request):
        stream, route = request.stream, request.route
        if stream is not None and stream.request_body and route is not None and route.ctx.ignore_body:
            await request.receive_body()


def close_connections_left_with_a_body(app: Sanic) -> None:
    """A streamed route (the CSV imports) that answers before reading its body (not signed
    in, not allowed, a bad query) leaves the rest unread. Sanic reads it after answering, and
    when it is over the desk's limit closes the connection it had just answered on as kept
    alive: the client's next request on it was reset. Such an answer now says it closes."""

    @app.on_response
    async def _close_if_body_unread(request, response):
        stream = request.stream
        if stream is not None and stream.request_body:
            stream.keep_alive = False


def register_error_handlers(app: Sanic) -> None:
    @app.exception(ApiError, InvalidMessage)
    async def _own_status(request, exc):
        return error(exc.status, str(exc))

    @app.exception(*STATUS_OF)
    async def _typed(request, exc):
        status = next(code for kind, code in STATUS_OF.items() if isinstance(exc, kind))
        return error(status, str(exc))

    @app.exception(RateLimited)
    async def _too_many(request, exc: RateLimited):
        answer = error(429, str(exc))
        answer.headers["Retry-After"] = str(exc.retry_after)
        return answer

    @app.exception(QueueUnavailable)
    async def _no_redis(request, exc: QueueUnavailable):
        return error(503, NO_QUEUE)

    @app.exception(SanicException)
    async def _sanic_own(request, exc: SanicException):
        # Sanic's refusals (413 body over REQUEST_MAX_SIZE, 404, 405, bad framing) in
        # the same {"error"} shape as ours.
        status = getattr(exc, "status_code", 500) or 500
        if status >= 500:
            logger.error("%s %s failed", request.method, request.path, exc_info=exc)
            return error(status, "internal error; see the desk's log")
        answer = error(status, str(exc) or "bad request")
        if status == 413:  # the rest of the body is not read: the connection cannot be reused
            answer.headers["Connection"] = "close"
        return answer

    @app.exception(SQLAlchemyError)
    async def _no_database(request, exc: SQLAlchemyError):
        logger.error("database error on %s %s: %s", request.method, request.path, exc.__class__.__name__)
        return error(503, NO_DATABASE)
