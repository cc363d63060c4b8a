"""What buyers (and the marketplaces writing for them) reach: the signed webhook, the
web chat page and its messages, plus health and the root redirect. No agent session:
the webhook is checked by its signature, the chat by channels.chat_identity."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk import webchat
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, URLS, answer, failure, listed, obj, query
from bot.desk.api.sessions import hub_of
from bot.desk.channels import (
    SIGNATURE_HEADER,
    chat_identity,
    message_cursor,
    parse_chat,
    parse_webhook,
    signature_ok,
)
from bot.desk.queue import QueueUnavailable
from bot.desk.records import Inbound
from bot.desk.static_files import asset_handler, page_handler

buyers = Blueprint("desk_buyers")

WEBHOOK_BODY = obj(
    ["message_id", "buyer_id", "marketplace"],
    message_id={"type": "string", "description": "the channel's id: a redelivery is ignored"},
    buyer_id=STR,
    marketplace=STR,
    text=STR,
    attachments=URLS,
    opened_from={
        "type": "string",
        "description": "where the chat was opened: order_page or dispute make it after-sale",
    },
    vip=BOOL,
    language={"type": "string", "description": "a hint until the bot detects it"},
)
CHAT_BODY = obj(
    ["buyer_id"],
    buyer_id=STR,
    text=STR,
    marketplace={"type": "string", "description": "needs `signature`, else the buyer is 'web'"},
    signature={"type": "string", "description": "hex HMAC-SHA256 of '<marketplace>:<buyer_id>'"},
    attachments=URLS,
    opened_from=STR,
    message_id={"type": "string", "description": "the page's id: a resend is answered once"},
)
BUYER_MESSAGES = listed("messages", "BuyerMessage")


@buyers.post("/channels/webhook")
@documented(
    "A buyer message from a marketplace (signed); replies go to KEFU_OUTBOUND_URL",
    security=[{"webhookSignature": []}],
    body=WEBHOOK_BODY,
    responses={
        200: answer(
            obj(
                ["status", "conversation_id", "replies"],
                status={"type": "string", "enum": ["accepted", "duplicate"]},
                conversation_id=STR,
                replies=INT,
            )
        ),
        400: failure("Not a valid message"),
        429: failure("Too many messages from this buyer (see Retry-After)"),
        401: failure(f"Missing or wrong {SIGNATURE_HEADER}"),
        503: failure("The channel is disabled (no KEFU_WEBHOOK_SECRET)"),
    },
)
async def webhook(request: Request) -> HTTPResponse:
    settings = request.app.ctx.settings
    if not settings.webhook_secret:
        raise ApiError(503, "the webhook channel is disabled: set KEFU_WEBHOOK_SECRET")
    body = request.body or b""
    if not signature_ok(settings.webhook_secret, body, request.headers.get(SIGNATURE_HEADER)):
        raise ApiError(401, f"missing or wrong {SIGNATURE_HEADER} (hex HMAC-SHA256 of the body)")
    inbound = parse_webhook(body)
    await request.app.ctx.limits.buyer(inbound.sender_id)
    reception = await hub_of(request).receive(inbound)
    return response.json(
        {
            "status": "duplicate" if reception.duplicate else "accepted",
            "conversation_id": reception.conversation.id,
            "replies": len(reception.messages),
        }
    )


async def admit_chat(request: Request, inbound: Inbound) -> None:
    """The web chat's rate limits: per client address (one flooder), then per buyer."""
    limits = request.app.ctx.limits
    await limits.address(request.remote_addr or request.ip)
    await limits.buyer(inbound.sender_id)


# The chat page and its files, served like the console's (see bot.desk.webchat).
chat_page = documented("The buyers' web chat page", responses={200: answer(STR, "HTML", "text/html")})(
    page_handler(webchat.PAGE, webchat.HEADERS, "chat_page")
)
chat_asset = documented(
    "The web chat page's script and style (chat.js, chat.css)",
    responses={200: answer(STR, "The file", "application/javascript"), 404: failure("No such file")},
)(asset_handler(webchat.STATIC_DIR, webchat.ASSETS, webchat.HEADERS, "chat_asset"))
buyers.add_route(chat_page, "/chat", methods=["GET"])
buyers.add_route(chat_asset, "/chat/assets/<name:str>", methods=["GET"])


@buyers.post("/chat/messages")
@documented(
    "A web chat message; the bot's replies come back at once",
    body=CHAT_BODY,
    responses={
        200: BUYER_MESSAGES,
        400: failure("Not a valid message"),
        429: failure("Too many messages from this buyer or address (see Retry-After)"),
    },
)
async def chat_send(request: Request) -> HTTPResponse:
    inbound = parse_chat(request.body or b"", request.app.ctx.settings.webhook_secret)
    await admit_chat(request, inbound)
    reception = await hub_of(request).receive(inbound)
    return response.json({"messages": [m.to_buyer_json() for m in reception.messages]})


@buyers.get("/chat/messages")
@documented(
    "Replies to this buyer newer than `after` (agents' answers arrive here)",
    params=[query("buyer_id", required=True), query("after", INT), query("marketplace"), query("signature")],
    responses={200: BUYER_MESSAGES, 400: failure("Bad buyer_id or after")},
)
async def chat_poll(request: Request) -> HTTPResponse:
    query = {key: request.args.get(key) for key in ("buyer_id", "marketplace", "signature")}
    marketplace, buyer_id = chat_identity(query, request.app.ctx.settings.webhook_secret)
    after = message_cursor(request.args.get("after"))
    hub = hub_of(request)
    replies = await hub.db(hub.journal.replies_since, f"{marketplace}:{buyer_id}", after)
    return response.json({"messages": [m.to_buyer_json() for m in replies]})


@buyers.get("/health")
@documented(
    "Liveness, with the state of Redis and the database",
    responses={200: answer(obj(["status", "redis", "database"], status=STR, redis=BOOL, database=BOOL))},
)
async def health(request: Request) -> HTTPResponse:
    hub = hub_of(request)
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
@documented("Redirects to the agent console", responses={302: answer(None, "To /console")})
async def home(request: Request) -> HTTPResponse:
    return response.redirect("/console")
