"""The buyers' web chat: its page and files, a session (POST /chat/session) that says who
the buyer is, and the buyer's messages (post, and poll for agents' answers). Posting,
polling and rating (a 1-5 answer is a posted message) need the session's token."""

from __future__ import annotations

import time
from typing import Dict, List

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.commerce.views import sender_id
from bot.desk import webchat
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import INT, STR, URLS, answer, failure, listed, obj, query
from bot.desk.api.sessions import bearer_token, client_address, hub_of
from bot.desk.auth import TokenError
from bot.desk.channels import (
    WEB_MARKETPLACE,
    IdentityRefused,
    chat_identity_key,
    message_cursor,
    parse_chat,
    signed_identity,
)
from bot.desk.chat_sessions import ChatSession, issue_chat_token, new_visitor_id, read_chat_token
from bot.desk.records import Inbound
from bot.desk.static_files import HTML, asset_handler
from bot.text_input import json_object

chat = Blueprint("desk_chat")

CHAT_SECURITY: List[Dict[str, List[str]]] = [{"chatSession": []}]
NO_SESSION = "no chat session: POST /chat/session, then send Authorization: Bearer <token>"
SESSION_BODY = obj(
    [],
    marketplace={"type": "string", "description": "with buyer_id and signature: the shop's signed-in buyer"},
    buyer_id=STR,
    expires={"type": "integer", "description": "when the shop's link expires, in unix seconds"},
    signature={"type": "string", "description": "hex HMAC-SHA256 of '<marketplace>:<buyer_id>:<expires>'"},
)
CHAT_BODY = obj(
    [],
    text=STR,
    attachments=URLS,
    opened_from=STR,
    message_id={"type": "string", "description": "the page's id: a resend is answered once"},
)
BUYER_MESSAGES = listed("messages", "BuyerMessage")


def chat_session(request: Request) -> ChatSession:
    token = bearer_token(request)
    if not token:
        raise ApiError(401, NO_SESSION)
    try:
        return read_chat_token(request.app.ctx.settings.desk_secret, token)
    except TokenError as exc:
        raise ApiError(401, f"{NO_SESSION} ({exc})") from exc


@chat.get("/chat")
@documented("The buyers' web chat page", responses={200: answer(STR, "HTML", "text/html")})
async def chat_page(request: Request) -> HTTPResponse:
    headers = webchat.page_headers(request.app.ctx.settings.chat_frame_ancestors)
    return await response.file(webchat.PAGE, headers=headers, mime_type=HTML)


chat_asset = documented(
    "The web chat page's script and style (chat.js, chat.css)",
    responses={200: answer(STR, "The file", "application/javascript"), 404: failure("No such file")},
)(asset_handler(webchat.STATIC_DIR, webchat.ASSETS, webchat.HEADERS, "chat_asset"))
chat.add_route(chat_asset, "/chat/assets/<name:str>", methods=["GET"])


@chat.post("/chat/session")
@documented(
    "A buyer's chat session: a new visitor (empty body), or the shop's signed-in buyer",
    body=SESSION_BODY,
    responses={
        200: answer(obj(["token", "marketplace", "buyer_id"], token=STR, marketplace=STR, buyer_id=STR)),
        400: failure("Not a valid identity"),
        401: failure("The shop's signature does not verify, or its link has expired"),
    },
)
async def start_session(request: Request) -> HTTPResponse:
    settings = request.app.ctx.settings
    payload = json_object(request.body or b"{}")
    if any(payload.get(key) not in (None, "") for key in ("marketplace", "buyer_id", "expires", "signature")):
        try:
            key = chat_identity_key(settings.chat_identity_secret, settings.webhook_secret)
            ahead = settings.chat_identity_max_hours
            marketplace, buyer_id = signed_identity(payload, key, time.time(), ahead)
        except IdentityRefused as exc:
            raise ApiError(401, str(exc)) from exc
    else:
        marketplace, buyer_id = WEB_MARKETPLACE, new_visitor_id()
    token, _ = issue_chat_token(settings.desk_secret, marketplace, buyer_id, settings.chat_session_hours)
    reply = response.json({"token": token, "marketplace": marketplace, "buyer_id": buyer_id})
    reply.headers["Cache-Control"] = "no-store"
    return reply


async def admit_chat(request: Request, inbound: Inbound) -> None:
    """The web chat's rate limits: per client address (one flooder), then per buyer."""
    limits = request.app.ctx.limits
    await limits.address(client_address(request))
    await limits.buyer(inbound.sender_id)


@chat.post("/chat/messages")
@documented(
    "A web chat message from the session's buyer; the bot's replies come back at once",
    security=CHAT_SECURITY,
    body=CHAT_BODY,
    responses={
        200: BUYER_MESSAGES,
        400: failure("Not a valid message"),
        401: failure(NO_SESSION),
        429: failure("Too many messages from this buyer or address (see Retry-After)"),
    },
)
async def chat_send(request: Request) -> HTTPResponse:
    session = chat_session(request)
    inbound = parse_chat(request.body or b"", session.marketplace, session.buyer_id)
    await admit_chat(request, inbound)
    reception = await hub_of(request).receive(inbound)
    return response.json({"messages": [m.to_buyer_json() for m in reception.messages]})


@chat.get("/chat/messages")
@documented(
    "Replies to the session's buyer newer than `after` (agents' answers arrive here); with "
    "`history=1` (a page's first load), the buyer's own messages too",
    security=CHAT_SECURITY,
    params=[query("after", INT), query("history", INT)],
    responses={200: BUYER_MESSAGES, 400: failure("Bad after"), 401: failure(NO_SESSION)},
)
async def chat_poll(request: Request) -> HTTPResponse:
    session = chat_session(request)
    after = message_cursor(request.args.get("after"))
    hub = hub_of(request)
    sender = sender_id(session.marketplace, session.buyer_id)
    both_sides = request.args.get("history") == "1"
    replies = await hub.db(hub.journal.chat_since, sender, after, both_sides)
    return response.json({"messages": [m.to_buyer_json() for m in replies]})
