"""The agents' JSON API under /api: signing in and out, the queues, a conversation's
transcript and orders, and what an agent does to it (claim, reply, tags, notes, hand
back, resolve), plus reply templates. Every route but login needs a signed-in agent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Tuple

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk import auth, login_limits
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import STR, TAG, TAGS, TEXT, answer, failure, listed, obj, query, ref, wrapped
from bot.desk.api.sessions import (
    COOKIE,
    client_address,
    foreign_origin,
    hub_of,
    json_body,
    signed_in,
    visible_conversation,
)
from bot.desk.display_names import display_names
from bot.desk.hub import Hub
from bot.desk.queue import QueueUnavailable
from bot.desk.queue_tags import tagged_queues
from bot.desk.records import AgentView, ConversationView
from bot.seller.tags import TAG_COLOURS

logger = logging.getLogger(__name__)
# code -> the words the console shows for it
WORDS = {"type": "object", "additionalProperties": STR}

CONVERSATION = wrapped("conversation", "Conversation")

api = Blueprint("desk_api", url_prefix="/api")


@api.post("/login")
@documented(
    "Sign in; the token also comes back as the kefu_session cookie",
    body=obj(["username", "password"], username=STR, password=STR),
    responses={
        200: answer(obj(["token", "agent"], token=STR, agent=ref("Agent"))),
        400: failure("Not a JSON object with username and password"),
        401: failure("Wrong username or password"),
        403: failure("Posted from another site (Origin not one of KEFU_DESK_ORIGINS)"),
        429: failure("Too many failed logins for this account or from this address"),
        503: failure("The login limiter did not answer in time; nothing was checked, try again"),
    },
)
async def login(request: Request) -> HTTPResponse:
    if foreign_origin(request):
        raise ApiError(403, "cross-site login refused: sign in from this desk's own page")
    hub = hub_of(request)
    payload = json_body(request)
    username, password = payload.get("username"), payload.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise ApiError(400, "send a JSON object with 'username' and 'password'")
    settings = request.app.ctx.settings
    client = login_limits.known_client_id(
        settings.desk_secret, username, request.cookies.get(login_limits.KNOWN_CLIENT_COOKIE)
    )
    attempt = None
    try:
        attempt, within = await login_limits.count_attempt(
            hub.queue, username, client_address(request), client
        )
    except login_limits.CountUnknown:
        raise ApiError(503, "the desk is busy and could not count this login; try again") from None
    except QueueUnavailable:
        within = True  # Redis is down: the limit lives there; logging in needs only the database
    if not within:
        raise ApiError(429, "too many failed logins for this account or from this address; wait 10 minutes")
    found = await hub.db(hub.journal.agent_credentials, username)
    if found is None:
        await asyncio.to_thread(auth.burn_password_check, password)
        ok = False
    else:
        ok = found[0].active and await asyncio.to_thread(auth.verify_password, password, found[1])
    if not ok:
        raise ApiError(401, "wrong username or password")
    if attempt is not None:
        with contextlib.suppress(QueueUnavailable):
            await login_limits.succeeded(hub.queue, attempt)
    reply = signed_in_reply(request, found[0])
    known = login_limits.known_client_token(settings.desk_secret, username)
    days = login_limits.KNOWN_CLIENT_DAYS
    _cookie(request, reply, login_limits.KNOWN_CLIENT_COOKIE, known, days * 86400, path="/api/login")
    return reply


def signed_in_reply(request: Request, agent: AgentView) -> HTTPResponse:
    """A new session for the agent: its token and the agent as JSON, and as the session cookie
    (login, and a changed own password, which ended the others)."""
    settings = request.app.ctx.settings
    token, _ = auth.issue_token(
        settings.desk_secret,
        agent.id,
        settings.desk_session_hours,
        sessions_ended_at=agent.sessions_ended_at,
        username=agent.username,
    )
    reply = response.json({"token": token, "agent": agent.to_json()})
    set_session_cookie(request, reply, token)
    return reply


def set_session_cookie(request: Request, reply: HTTPResponse, token: str) -> None:
    """The console's kefu_session cookie: the event stream signs in with it (EventSource
    sends no Authorization header)."""
    hours = request.app.ctx.settings.desk_session_hours
    _cookie(request, reply, COOKIE, token, hours * 3600, path="/")


def _cookie(request: Request, reply: HTTPResponse, name: str, value: str, seconds: float, path: str) -> None:
    reply.cookies[name] = value
    cookie = reply.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = path
    cookie["max-age"] = int(seconds)
    if _page_on_https(request):
        cookie["secure"] = True


def _page_on_https(request: Request) -> bool:
    """The browser is on HTTPS: this connection is, or the page that posted says so (Origin).
    Behind a TLS terminator (haproxy's `bind :443 ssl`, docs/deploy.md) the desk itself is
    spoken to in plain HTTP, and a cookie without Secure would also go out on any http://
    request to the desk's name that someone on the network provokes."""
    origin = request.headers.get("origin") or ""
    return request.scheme == "https" or origin.lower().startswith("https://")


@api.post("/logout")
@documented(
    "End the agent's sessions (every token issued until now stops working)",
    responses={204: answer(None, "Logged out")},
)
@signed_in(desk=False)
async def logout(request: Request) -> HTTPResponse:
    # In the journal, not only in Redis: a Redis restart must not bring the token back.
    hub = hub_of(request)
    await hub.db(hub.journal.end_sessions, request.ctx.agent.id)
    reply = response.empty(status=204)
    reply.cookies[COOKIE] = ""
    reply.cookies[COOKIE]["path"] = "/"
    reply.cookies[COOKIE]["max-age"] = 0
    return reply


@api.get("/me")
@documented("The signed-in agent", responses={200: wrapped("agent", "Agent")})
@signed_in(desk=False)
async def me(request: Request) -> HTTPResponse:
    return response.json({"agent": request.ctx.agent.to_json()})


@api.get("/names")
@documented(
    "What the console shows for the bot's codes, in words: intents, handoff reasons, queues",
    responses={
        200: answer(obj(["intents", "reasons", "queues"], intents=WORDS, reasons=WORDS, queues=WORDS))
    },
)
@signed_in(desk=False)
async def names(request: Request) -> HTTPResponse:
    return response.json(display_names(hub_of(request).catalogue))


@api.get("/queues")
@documented(
    "The queues this agent may see (their tier and below; supervisors all), soonest first; "
    "each chat with its tags (agents' and the bot's case tags), `tag` keeps those carrying it",
    params=[query("tag", TAG)],
    responses={200: listed("tiers", "Tier")},
)
@signed_in()
async def queues(request: Request) -> HTTPResponse:
    tag = request.args.get("tag")
    if tag is not None and tag not in TAG_COLOURS:
        # A misspelt colour filtered every chat out: an empty queue read as "nothing waiting".
        raise ApiError(400, f"'tag' must be one of {', '.join(TAG_COLOURS)}")
    hub = hub_of(request)
    tiers = await hub.queue.snapshot(auth.visible_tiers(request.ctx.agent))
    return response.json({"tiers": await tagged_queues(hub, tiers, tag)})


@api.get("/conversations/<conversation_id:str>")
@documented(
    "Transcript, the buyer's orders with tracking, and internal notes",
    responses={
        200: answer(
            obj(
                ["conversation", "messages", "orders", "notes"],
                conversation=ref("Conversation"),
                messages={"type": "array", "items": ref("Message")},
                orders={"type": "array", "items": ref("OrderSummary")},
                notes={"type": "array", "items": ref("Note")},
            )
        )
    },
)
@signed_in()
async def conversation_detail(request: Request, conversation_id: str) -> HTTPResponse:
    hub = hub_of(request)
    conversation = await visible_conversation(request, conversation_id)
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
        "cases": [
            {"id": c.id, "kind": c.kind, "status": c.status, "tag": c.tag, "tier": c.tier}
            for c in order.cases
        ],
    }


async def _orders(hub: Hub, conversation: ConversationView) -> list:
    try:
        return await hub.orders(conversation)
    except Exception:  # the transcript matters more than the order panel
        logger.exception("orders of conversation %s could not be read", conversation.id)
        return []


async def _act(
    request: Request, conversation_id: str, action: str, *args: Any
) -> Tuple[ConversationView, Any]:
    """The hub's `action` by the signed-in agent on a conversation they may see:
    the conversation as it was, and what the action gave back."""
    conversation = await visible_conversation(request, conversation_id)
    return conversation, await getattr(hub_of(request), action)(request.ctx.agent, conversation, *args)


@api.post("/conversations/<conversation_id:str>/messages")
@documented(
    "Reply to the buyer (the agent must hold the conversation); a template's {blank} left in is a 400",
    body=TEXT,
    responses={201: wrapped("message", "Message", "Sent")},
)
@signed_in()
async def send_message(request: Request, conversation_id: str) -> HTTPResponse:
    # The hub cleans and checks the text the way every incoming message is checked.
    _, message = await _act(request, conversation_id, "reply", json_body(request).get("text"))
    return response.json({"message": message.to_json()}, status=201)


@api.post("/conversations/<conversation_id:str>/tags")
@documented(
    "Set the colour tags (yellow reshipped, blue VIP follow-up, green refund, red quality, "
    "purple logistics dispute)",
    body=obj(["tags"], tags=TAGS),
    responses={200: CONVERSATION},
)
@signed_in()
async def tags(request: Request, conversation_id: str) -> HTTPResponse:
    wanted = json_body(request).get("tags")
    if not isinstance(wanted, list) or not all(isinstance(t, str) for t in wanted):
        raise ApiError(400, "'tags' must be a list of colours")
    conversation, changed = await _act(request, conversation_id, "set_tags", wanted)
    return response.json({"conversation": (changed or conversation).to_json()})


def _state_change(action: str, summary: str):
    """POST /api/conversations/<id>/<action>: the hub's `action` (claim, handback, resolve)
    moves the conversation on, and the answer is the conversation as it now is."""

    async def change(request: Request, conversation_id: str) -> HTTPResponse:
        _, changed = await _act(request, conversation_id, action)
        return response.json({"conversation": changed.to_json()})

    change.__name__ = action  # Sanic names the route after its handler
    handler = documented(summary, responses={200: CONVERSATION})(signed_in()(change))
    api.add_route(handler, f"/conversations/<conversation_id:str>/{action}", methods=["POST"])


_state_change("claim", "Take the conversation (atomic: one winner); the bot pauses")
_state_change("handback", "Hand the conversation back to the bot (it resumes)")
_state_change("resolve", "Close the conversation; the buyer is asked for a 1-5 rating in their language")
