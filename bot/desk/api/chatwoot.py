"""Chatwoot's agent-bot webhook: a contact's message reaches the desk like any buyer's
(journaled, answered by the bot, replies back through Chatwoot's API), and a handoff
opens the Chatwoot conversation for the seller's agents there."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.chatwoot import BOT_OWNS, CHANNEL, TOKEN_HEADER, ChatwootDelivery, parse_event
from bot.desk.api.buyers import received
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import INT, STR, buyer_message_responses, obj
from bot.desk.api.sessions import hub_of
from bot.desk.records import ConversationStatus
from bot.shared_secret import secret_matches

chatwoot = Blueprint("desk_chatwoot")

EVENT_BODY = obj(
    ["event"],
    event={"type": "string", "description": "only message_created is read; others are ignored"},
    id={"type": "integer", "description": "Chatwoot's message id: a redelivery is ignored"},
    content=STR,
    message_type={"type": "string", "description": "only incoming (the contact wrote) is answered"},
    conversation=obj(["id"], id=INT, status=STR),
    account=obj(["id"], id=INT),
)


@chatwoot.post("/channels/chatwoot")
@documented(
    "A Chatwoot agent-bot event; replies and handoffs go back through Chatwoot's API",
    security=[{"chatwootToken": []}],
    body=EVENT_BODY,
    responses=buyer_message_responses(
        ["accepted", "duplicate", "ignored"],
        ["status"],
        "Not a valid event",
        f"Missing or wrong token ({TOKEN_HEADER} or ?token=)",
        "Too many messages in this conversation (see Retry-After)",
        "The bridge is off (KEFU_CHATWOOT_URL, _TOKEN or _WEBHOOK_TOKEN unset)",
    ),
)
async def agent_bot_event(request: Request) -> HTTPResponse:
    settings = request.app.ctx.settings
    if not (settings.chatwoot_url and settings.chatwoot_token and settings.chatwoot_webhook_token):
        raise ApiError(503, "the Chatwoot bridge is off: set KEFU_CHATWOOT_URL, _TOKEN and _WEBHOOK_TOKEN")
    # Chatwoot's agent-bot settings take only a URL, so the token may ride in its query.
    given = request.headers.get(TOKEN_HEADER) or request.args.get("token")
    if not secret_matches(given, settings.chatwoot_webhook_token):
        raise ApiError(401, f"missing or wrong {TOKEN_HEADER}")
    event = parse_event(request.body or b"")
    if event is None or event.status not in (BOT_OWNS, ""):
        # Not a contact's message, or Chatwoot's agents hold the conversation: the bot stays out.
        return response.json({"status": "ignored"})
    await request.app.ctx.limits.buyer(event.inbound.sender_id)
    hub = hub_of(request)
    reception = await hub.receive(event.inbound)
    if not reception.duplicate:
        # The reception shows the conversation as the bot found it; an escalation shows in the journal.
        now = await hub.db(hub.journal.conversation, reception.conversation.id)
        if now is not None and now.status == ConversationStatus.QUEUED:
            bridge = hub.delivery.of(CHANNEL)
            if isinstance(bridge, ChatwootDelivery):
                hub.spawn(bridge.hand_off(now))
    return received(reception)
