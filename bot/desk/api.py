"""HTTP routes: the agents' JSON API (/api, authenticated on every route but login),
the buyer channels (/channels/webhook, /chat) and health.

Errors are JSON {"error": "..."}: 400 bad input, 401 not signed in, 403 not for
this agent, 404 unknown, 409 the conversation's state does not allow it, 429
too many failed logins, 503 Redis (the queue) or Rasa unavailable.
bot/desk/openapi.py documents every route; a test keeps the two in step.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from functools import wraps
from typing import Any, Dict, List
from urllib.parse import urlparse

from redis.exceptions import RedisError
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.desk import auth
from bot.desk.channels import (
    CHAT_PAGE,
    SIGNATURE_HEADER,
    chat_identity,
    parse_chat,
    parse_webhook,
    signature_ok,
)
from bot.desk.hub import BotUnavailable, Conflict, Hub, NotAllowed
from bot.desk.openapi import openapi_document
from bot.desk.queue import QueueUnavailable
from bot.desk.records import AgentView, ConversationView, Missing
from bot.text_input import InvalidMessage

logger = logging.getLogger(__name__)

COOKIE = "kefu_session"
MAX_LOGIN_FAILURES = 10
SSE_KEEPALIVE_SECONDS = 15.0
MAX_BODY_CHARS = 20000


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def _hub(request: Request) -> Hub:
    return request.app.ctx.hub


def _body(request: Request) -> Dict[str, Any]:
    raw = request.body or b""
    if len(raw) > MAX_BODY_CHARS * 4:
        raise ApiError(413, "request body too large")
    try:
        payload = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, "request body must be JSON") from exc
    if not isinstance(payload, dict):
        raise ApiError(400, "request body must be a JSON object")
    return payload


# -- authentication ---------------------------------------------------------------


def _token_of(request: Request) -> tuple:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), "bearer"
    cookie = request.cookies.get(COOKIE)
    return (cookie, "cookie") if cookie else (None, None)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlparse(origin).netloc == request.headers.get("host", "")


async def authenticate(request: Request) -> AgentView:
    hub = _hub(request)
    token, source = _token_of(request)
    if not token:
        raise ApiError(401, "sign in first: POST /api/login, then send Authorization: Bearer <token>")
    try:
        session = auth.read_token(request.app.ctx.settings.secret, token)
    except auth.TokenError as exc:
        raise ApiError(401, f"not signed in: {exc}") from exc
    if source == "cookie" and request.method not in ("GET", "HEAD") and not _same_origin(request):
        raise ApiError(403, "cross-site request refused")
    if await hub.queue.is_revoked(session.token_id):
        raise ApiError(401, "not signed in: this session was logged out")
    agent = await hub.db(hub.journal.agent, session.agent_id)
    if agent is None or not agent.active:
        raise ApiError(401, "not signed in: the account no longer exists or is disabled")
    request.ctx.session = session
    request.ctx.agent = agent
    return agent


def signed_in(desk: bool = True):
    """The route needs a signed-in agent; `desk`: one who works the queues (not a trainer)."""

    def decorator(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            agent = await authenticate(request)
            if desk and not auth.works_the_desk(agent):
                raise ApiError(403, f"the {agent.role} role has no access to the desk queues")
            return await handler(request, *args, **kwargs)

        wrapper.kefu_auth = "desk" if desk else "agent"
        return wrapper

    return decorator


async def _conversation(request: Request, conversation_id: str) -> ConversationView:
    hub = _hub(request)
    conversation = await hub.db(hub.journal.conversation, conversation_id)
    if conversation is None:
        raise ApiError(404, f"no conversation {conversation_id}")
    if not auth.can_see(request.ctx.agent, conversation):
        raise ApiError(
            403, f"tier {conversation.tier} conversations are not visible to {request.ctx.agent.role}"
        )
    return conversation


# -- agent API --------------------------------------------------------------------

api = Blueprint("desk_api", url_prefix="/api")


@api.post("/login")
async def login(request: Request) -> HTTPResponse:
    hub = _hub(request)
    payload = _body(request)
    username, password = payload.get("username"), payload.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise ApiError(400, "send a JSON object with 'username' and 'password'")
    try:
        if await hub.queue.login_failures(username) >= MAX_LOGIN_FAILURES:
            raise ApiError(429, "too many failed logins for this account; wait 10 minutes")
    except QueueUnavailable:
        pass  # the limit lives in Redis; logging in needs only the database
    found = await hub.db(hub.journal.agent_credentials, username)
    if found is None:
        await asyncio.to_thread(auth.burn_password_check, password)
        ok = False
    else:
        ok = found[0].active and await asyncio.to_thread(auth.verify_password, password, found[1])
    if not ok:
        with contextlib.suppress(QueueUnavailable):  # the limit needs Redis; logging in does not
            await hub.queue.login_failures(username, add=True)
        raise ApiError(401, "wrong username or password")
    agent = found[0]
    settings = request.app.ctx.settings
    token, session = auth.issue_token(settings.secret, agent.id, settings.session_hours)
    with contextlib.suppress(QueueUnavailable):
        await hub.queue.clear_login_failures(username)
    reply = response.json({"token": token, "agent": agent.to_json()})
    reply.cookies[COOKIE] = token
    cookie = reply.cookies[COOKIE]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"
    cookie["max-age"] = int(settings.session_hours * 3600)
    if request.scheme == "https":
        cookie["secure"] = True
    return reply


@api.post("/logout")
@signed_in(desk=False)
async def logout(request: Request) -> HTTPResponse:
    session = request.ctx.session
    await _hub(request).queue.revoke(session.token_id, session.expires_at - time.time())
    reply = response.empty(status=204)
    reply.cookies[COOKIE] = ""
    reply.cookies[COOKIE]["path"] = "/"
    reply.cookies[COOKIE]["max-age"] = 0
    return reply


@api.get("/me")
@signed_in(desk=False)
async def me(request: Request) -> HTTPResponse:
    return response.json({"agent": request.ctx.agent.to_json()})


@api.get("/queues")
@signed_in()
async def queues(request: Request) -> HTTPResponse:
    tiers = await _hub(request).queue.snapshot(auth.visible_tiers(request.ctx.agent))
    return response.json({"tiers": tiers})


@api.get("/conversations/<conversation_id:str>")
@signed_in()
async def conversation_detail(request: Request, conversation_id: str) -> HTTPResponse:
    hub = _hub(request)
    conversation = await _conversation(request, conversation_id)
    messages, notes, orders = await asyncio.gather(
        hub.db(hub.journal.messages, conversation.id),
        hub.db(hub.journal.notes, conversation.id),
        _orders(hub, conversation),
    )
    return response.json(
        {
            "conversation": conversation.to_json(),
            "messages": [m.to_json() for m in messages],
            "orders": [order_summary(o) for o in orders],
            "notes": [n.to_json() for n in notes],
        }
    )


def order_summary(order) -> dict:
    """An OrderView as the console shows it: items and each parcel's latest tracking event."""
    shipments = []
    for shipment in order.shipments:
        latest = shipment.latest
        shipments.append(
            {
                "carrier": shipment.carrier,
                "tracking_number": shipment.tracking_number,
                "status": latest.status if latest else None,
                "place": latest.place if latest else None,
                "event_date": latest.occurred_at.isoformat() if latest else None,
            }
        )
    return {
        "order_number": order.order_number,
        "status": order.status,
        "placed_date": order.placed_at.date().isoformat(),
        "total": f"{order.total:.2f} {order.currency}",
        "items": [{"title": item.title, "quantity": item.quantity} for item in order.items],
        "shipments": shipments,
    }


async def _orders(hub: Hub, conversation: ConversationView) -> list:
    try:
        return await hub.orders(conversation)
    except Exception:  # the transcript matters more than the order panel
        logger.exception("orders of conversation %s could not be read", conversation.id)
        return []


@api.post("/conversations/<conversation_id:str>/claim")
@signed_in()
async def claim(request: Request, conversation_id: str) -> HTTPResponse:
    conversation = await _conversation(request, conversation_id)
    claimed = await _hub(request).claim(request.ctx.agent, conversation)
    return response.json({"conversation": claimed.to_json()})


@api.post("/conversations/<conversation_id:str>/messages")
@signed_in()
async def send_message(request: Request, conversation_id: str) -> HTTPResponse:
    text = _body(request).get("text")
    conversation = await _conversation(request, conversation_id)
    message = await _hub(request).reply(request.ctx.agent, conversation, text)
    return response.json({"message": message.to_json()}, status=201)


@api.post("/conversations/<conversation_id:str>/tags")
@signed_in()
async def tags(request: Request, conversation_id: str) -> HTTPResponse:
    wanted = _body(request).get("tags")
    if not isinstance(wanted, list) or not all(isinstance(t, str) for t in wanted):
        raise ApiError(400, "'tags' must be a list of colours")
    conversation = await _conversation(request, conversation_id)
    changed = await _hub(request).set_tags(request.ctx.agent, conversation, wanted)
    return response.json({"conversation": (changed or conversation).to_json()})


@api.post("/conversations/<conversation_id:str>/notes")
@signed_in()
async def notes(request: Request, conversation_id: str) -> HTTPResponse:
    text = _body(request).get("text")
    if not isinstance(text, str):
        raise ApiError(400, "'text' must be a string")
    conversation = await _conversation(request, conversation_id)
    note = await _hub(request).add_note(request.ctx.agent, conversation, text)
    return response.json({"note": note.to_json()}, status=201)


@api.post("/conversations/<conversation_id:str>/handback")
@signed_in()
async def handback(request: Request, conversation_id: str) -> HTTPResponse:
    conversation = await _conversation(request, conversation_id)
    back = await _hub(request).handback(request.ctx.agent, conversation)
    return response.json({"conversation": back.to_json()})


@api.post("/conversations/<conversation_id:str>/resolve")
@signed_in()
async def resolve(request: Request, conversation_id: str) -> HTTPResponse:
    conversation = await _conversation(request, conversation_id)
    resolved = await _hub(request).resolve(request.ctx.agent, conversation)
    return response.json({"conversation": resolved.to_json()})


@api.get("/templates")
@signed_in()
async def templates(request: Request) -> HTTPResponse:
    library = request.app.ctx.templates
    if library is None:
        raise ApiError(503, "reply templates are not installed")
    from bot.desk.templates import template_values

    agent = request.ctx.agent
    buyer_language, order = agent.language, None
    conversation_id = request.args.get("conversation_id")
    if conversation_id:
        conversation = await _conversation(request, conversation_id)
        buyer_language = conversation.language or "en"
        orders = await _orders(_hub(request), conversation)
        order = orders[0] if orders else None
    found = library.search(buyer_language, agent.language, request.args.get("q", ""), template_values(order))
    return response.json({"templates": found})


@api.get("/openapi.json")
@signed_in(desk=False)
async def openapi(request: Request) -> HTTPResponse:
    return response.json(openapi_document(request.app.ctx.settings.url))


@api.get("/events")
@signed_in()
async def events(request: Request):
    """Server-sent events: "queue" (this agent's queues) and "message" (a buyer or agent message)."""
    hub = _hub(request)
    agent = request.ctx.agent
    tiers = auth.visible_tiers(agent)
    pubsub = hub.queue.redis.pubsub(ignore_subscribe_messages=True)
    try:
        await pubsub.subscribe(hub.queue.channel)
        first = await hub.queue.snapshot(tiers)
    except (RedisError, OSError) as exc:
        await _close_quietly(pubsub)
        raise QueueUnavailable(f"Redis is unavailable: {exc}") from exc
    except QueueUnavailable:
        await _close_quietly(pubsub)
        raise
    stream = await request.respond(
        content_type="text/event-stream; charset=utf-8",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
    try:
        await stream.send(_sse("queue", {"tiers": first}))
        while True:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=SSE_KEEPALIVE_SECONDS)
            if message is None:
                await stream.send(": keep-alive\n\n")
                continue
            try:
                event = json.loads(message["data"])
            except (TypeError, ValueError):
                continue
            if event.get("type") == "queue":
                await stream.send(_sse("queue", {"tiers": await hub.queue.snapshot(tiers)}))
            elif event.get("type") == "message" and _may_see_event(agent, event):
                await stream.send(
                    _sse(
                        "message", {"conversation_id": event["conversation_id"], "message": event["message"]}
                    )
                )
    except (RedisError, OSError, QueueUnavailable) as exc:
        logger.info("event stream of %s ended: %s", agent.username, exc)
    finally:
        await _close_quietly(pubsub)
    await stream.eof()


def _may_see_event(agent: AgentView, event: dict) -> bool:
    if agent.role == "supervisor" or event.get("agent_id") == agent.id:
        return True
    tier = event.get("tier")
    return tier is None or tier <= auth.ROLE_TIERS.get(agent.role, 0)


def _sse(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _close_quietly(pubsub) -> None:
    with contextlib.suppress(Exception):  # closing a broken connection may fail too; nothing to keep
        await pubsub.reset()


# -- buyer channels ---------------------------------------------------------------

buyers = Blueprint("desk_buyers")


@buyers.post("/channels/webhook")
async def webhook(request: Request) -> HTTPResponse:
    settings = request.app.ctx.settings
    if not settings.webhook_secret:
        raise ApiError(503, "the webhook channel is disabled: set KEFU_WEBHOOK_SECRET")
    body = request.body or b""
    if not signature_ok(settings.webhook_secret, body, request.headers.get(SIGNATURE_HEADER)):
        raise ApiError(401, f"missing or wrong {SIGNATURE_HEADER} (hex HMAC-SHA256 of the body)")
    inbound = parse_webhook(body)
    reception = await _hub(request).receive(inbound)
    return response.json(
        {
            "status": "duplicate" if reception.duplicate else "accepted",
            "conversation_id": reception.conversation.id,
            "replies": len(reception.messages),
        }
    )


@buyers.get("/chat")
async def chat_page(request: Request) -> HTTPResponse:
    return response.html(
        CHAT_PAGE, headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    )


@buyers.post("/chat/messages")
async def chat_send(request: Request) -> HTTPResponse:
    inbound = parse_chat(request.body or b"", request.app.ctx.settings.webhook_secret)
    reception = await _hub(request).receive(inbound)
    return response.json({"messages": [m.to_buyer_json() for m in reception.messages]})


@buyers.get("/chat/messages")
async def chat_poll(request: Request) -> HTTPResponse:
    query = {key: request.args.get(key) for key in ("buyer_id", "marketplace", "signature")}
    marketplace, buyer_id = chat_identity(query, request.app.ctx.settings.webhook_secret)
    after = request.args.get("after", "0")
    if not after.isdigit():
        raise ApiError(400, "'after' must be a message id (a whole number)")
    hub = _hub(request)
    replies = await hub.db(hub.journal.replies_since, f"{marketplace}:{buyer_id}", int(after))
    return response.json({"messages": [m.to_buyer_json() for m in replies]})


@buyers.get("/health")
async def health(request: Request) -> HTTPResponse:
    hub = _hub(request)
    try:
        await hub.queue.ping()
        redis_ok = True
    except QueueUnavailable:
        redis_ok = False
    try:
        await hub.db(hub.journal.ping)
        database_ok = True
    except Exception:
        database_ok = False
    return response.json({"status": "ok", "redis": redis_ok, "database": database_ok})


@buyers.get("/")
async def home(request: Request) -> HTTPResponse:
    return response.redirect("/console")


# -- errors -----------------------------------------------------------------------


def register_routes(app: Sanic) -> None:
    app.blueprint(api)
    app.blueprint(buyers)

    @app.exception(ApiError)
    async def _api_error(request, exc: ApiError):
        return error(exc.status, str(exc))

    @app.exception(InvalidMessage)
    async def _invalid(request, exc: InvalidMessage):
        return error(exc.status, str(exc))

    @app.exception(Conflict)
    async def _conflict(request, exc: Conflict):
        return error(409, str(exc))

    @app.exception(NotAllowed)
    async def _not_allowed(request, exc: NotAllowed):
        return error(403, str(exc))

    @app.exception(QueueUnavailable)
    async def _no_redis(request, exc: QueueUnavailable):
        return error(
            503,
            "the desk queue (Redis) is unavailable right now; buyer messages are still journaled "
            "and the desk reconnects by itself - try again in a moment",
        )

    @app.exception(BotUnavailable)
    async def _no_bot(request, exc: BotUnavailable):
        return error(503, str(exc))

    @app.exception(SQLAlchemyError)
    async def _no_database(request, exc: SQLAlchemyError):
        logger.error("database error on %s %s: %s", request.method, request.path, exc.__class__.__name__)
        return error(
            503,
            "the database is unavailable right now, so nothing was recorded; please send it again shortly",
        )

    @app.exception(Missing)
    async def _missing(request, exc: Missing):
        return error(404, str(exc))


def api_routes(app: Sanic) -> List[tuple]:
    """(method, path, auth) of every route, for the OpenAPI test and the auth test."""
    found = []
    for route in app.router.routes:
        handler = route.handler
        path = "/" + route.path.lstrip("/")
        for method in sorted(route.methods):
            if method in ("HEAD", "OPTIONS"):
                continue
            found.append((method, path, getattr(handler, "kefu_auth", None)))
    return found
