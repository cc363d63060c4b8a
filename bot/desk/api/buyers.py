"""What marketplaces writing for buyers reach: the signed webhook, plus health and the
root redirect (the web chat is api.chat). No agent session: the webhook is checked by
its signature."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.outbound import SIGNATURE_HEADER, signature_ok
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, STR, URLS, answer, buyer_message_responses, obj
from bot.desk.api.sessions import hub_of
from bot.desk.channels import parse_webhook
from bot.desk.intake import Reception
from bot.desk.queue import QueueUnavailable

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


@buyers.post("/channels/webhook")
@documented(
    "A buyer message from a marketplace (signed); replies go to KEFU_OUTBOUND_URL",
    security=[{"webhookSignature": []}],
    body=WEBHOOK_BODY,
    responses=buyer_message_responses(
        ["accepted", "duplicate"],
        ["status", "conversation_id", "replies"],
        "Not a valid message",
        f"Missing or wrong {SIGNATURE_HEADER}",
        "Too many messages from this buyer (see Retry-After)",
        "The channel is disabled (no KEFU_WEBHOOK_SECRET)",
    ),
)
async def webhook(request: Request) -> HTTPResponse:
    settings = request.app.ctx.settings
    if not settings.webhook_secret:
        raise ApiError(503, "the webhook channel is disabled: set KEFU_WEBHOOK_SECRET")
    body = request.body or b""
    if not signature_ok(settings.webhook_secret, body, request.headers.get(SIGNATURE_HEADER)):
        raise ApiError(401, f"missing or wrong {SIGNATURE_HEADER} (hex HMAC-SHA256 of the body)")
    inbound = parse_webhook(body)
    # Per buyer only: a marketplace sends all its buyers from a few addresses.
    await request.app.ctx.limits.buyer(inbound.sender_id)
    return received(await hub_of(request).receive(inbound))


def received(reception: Reception) -> HTTPResponse:
    """What a channel is told about the message it handed in."""
    return response.json(
        {
            "status": "duplicate" if reception.duplicate else "accepted",
            "conversation_id": reception.conversation.id,
            "replies": len(reception.messages),
        }
    )


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
