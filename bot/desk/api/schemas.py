"""The shapes of the desk's HTTP API as OpenAPI 3 pieces: the component schemas its
JSON answers use, and helpers the routes' `documented(...)` decorations are written with."""

from __future__ import annotations

from typing import Any, Dict

from bot.desk.records import ROLES
from bot.seller.tags import TAG_COLOURS


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list, **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def answer(schema: dict | None, description: str = "OK", media: str = "application/json") -> dict:
    """A response; without a schema it has no body."""
    if schema is None:
        return {"description": description}
    return {"description": description, "content": {media: {"schema": schema}}}


def wrapped(name: str, component: str, description: str = "OK") -> dict:
    """Answers {"<name>": <component>}."""
    return answer(obj([name], **{name: ref(component)}), description)


def listed(name: str, component: str) -> dict:
    """Answers {"<name>": [<component>, ...]}."""
    return answer(obj([name], **{name: {"type": "array", "items": ref(component)}}))


def failure(description: str) -> dict:
    return answer(ref("Error"), description)


STR = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
URLS = {"type": "array", "items": {"type": "string", "format": "uri"}}
TAG = {"type": "string", "enum": list(TAG_COLOURS)}
TAGS = {"type": "array", "items": TAG}
QUEUE = {"type": "string", "enum": ["pre_sale", "after_sale"], "description": "where the chat was opened"}
TEXT = obj(["text"], text=STR)


def buyer_message_responses(
    statuses: list, required: list, invalid: str, unauthorised: str, too_many: str, off: str
) -> Dict[int, dict]:
    """The answers of a route that takes one buyer message from a channel (webhook, bridge)."""
    status = {"type": "string", "enum": statuses}
    return {
        200: answer(obj(required, status=status, conversation_id=STR, replies=INT)),
        400: failure(invalid),
        401: failure(unauthorised),
        429: failure(too_many),
        503: failure(off),
    }


def query(name: str, schema: dict = STR, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema}


SCHEMAS: Dict[str, Any] = {
    "Error": obj(["error"], error=STR),
    "Agent": obj(
        ["id", "username", "role", "display_name", "language"],
        id=INT,
        username=STR,
        role={"type": "string", "enum": list(ROLES)},
        display_name=STR,
        language={"type": "string", "description": "the agent's language (template titles)"},
    ),
    "QueueItem": obj(
        [
            "conversation_id",
            "buyer_id",
            "marketplace",
            "language",
            "reason",
            "tier",
            "sla_deadline",
            "seconds_left",
            "breached",
            "last_message",
            "claimed_by",
        ],
        conversation_id=STR,
        buyer_id=STR,
        marketplace=STR,
        language={"type": "string", "nullable": True},
        reason={"type": "string", "nullable": True, "description": "why it escalated, e.g. complaint"},
        tier={"type": "integer", "enum": [1, 2, 3]},
        sla_deadline={"type": "string", "format": "date-time", "description": "first answer due (UTC)"},
        seconds_left={"type": "integer", "description": "negative once the deadline has passed"},
        breached={"type": "boolean", "description": "missed a deadline (and moved up a tier)"},
        last_message=STR,
        claimed_by={"type": "string", "nullable": True},
        queue=QUEUE,
        note={"type": "string", "nullable": True, "description": "a colleague's note on transferring it"},
        tags={"type": "array", "items": TAG, "description": "agents' tags and the bot's case tags"},
    ),
    "Tier": obj(
        ["tier", "conversations"],
        tier={"type": "integer", "enum": [1, 2, 3]},
        conversations={"type": "array", "items": ref("QueueItem")},
    ),
    "Conversation": obj(
        ["id", "buyer_id", "marketplace", "language", "status", "tier", "reason", "agent_id", "tags"],
        id=STR,
        buyer_id=STR,
        marketplace=STR,
        channel={"type": "string", "enum": ["web", "webhook"]},
        language={"type": "string", "nullable": True},
        status={"type": "string", "enum": ["bot", "queued", "assigned", "resolved"]},
        tier={"type": "integer", "nullable": True},
        reason={"type": "string", "nullable": True},
        agent_id={"type": "integer", "nullable": True, "description": "the agent holding it"},
        agent={"type": "string", "nullable": True, "description": "their username"},
        tags=TAGS,
        opened_from=QUEUE,
        vip=BOOL,
        breached=BOOL,
        sla_deadline={"type": "string", "format": "date-time", "nullable": True},
        created_at={"type": "string", "format": "date-time"},
        csat={"type": "integer", "nullable": True, "minimum": 1, "maximum": 5},
    ),
    "Message": obj(
        ["id", "direction", "author", "text", "language", "intent", "attachments", "created_at"],
        id=INT,
        direction={"type": "string", "enum": ["in", "out"]},
        author={"type": "string", "description": "buyer, bot, system or agent:<username>"},
        text=STR,
        buttons={"type": "array", "items": obj(["title", "payload"], title=STR, payload=STR)},
        language={"type": "string", "nullable": True},
        intent={
            "type": "string",
            "nullable": True,
            "description": "what the bot understood (buyer messages)",
        },
        attachments=URLS,
        created_at={"type": "string", "format": "date-time"},
    ),
    "OrderSummary": obj(
        ["order_number", "status", "placed_date", "total", "items", "shipments"],
        order_number=STR,
        status=STR,
        placed_date={"type": "string", "format": "date"},
        total={"type": "string", "example": "12.50 USD"},
        items={"type": "array", "items": obj(["title", "quantity"], title=STR, quantity=INT)},
        shipments={
            "type": "array",
            "items": obj(
                ["carrier", "tracking_number", "status", "place", "event_date"],
                carrier=STR,
                tracking_number=STR,
                status={"type": "string", "nullable": True},
                place={"type": "string", "nullable": True},
                event_date={"type": "string", "nullable": True, "format": "date-time"},
            ),
        },
        cases={
            "type": "array",
            "description": "the order's after-sales cases, with the bot's colour tag",
            "items": obj(
                ["id", "kind", "status", "tag"],
                id=INT,
                kind=STR,
                status=STR,
                tag={**TAG, "nullable": True},
                tier={"type": "integer", "nullable": True},
            ),
        },
    ),
    "Note": obj(
        ["id", "agent", "text", "created_at"],
        id=INT,
        agent=STR,
        text=STR,
        created_at={"type": "string", "format": "date-time"},
    ),
    "Template": obj(
        ["name", "title", "text"],
        name=STR,
        title=STR,
        text=STR,
        own={"type": "boolean", "description": "the seller's quick reply (name own:<id>), not Kefu's"},
    ),
    "BuyerMessage": obj(
        ["id", "text", "buttons", "from"],
        id=INT,
        text=STR,
        buttons={"type": "array", "items": obj(["title", "payload"], title=STR, payload=STR)},
        **{"from": {"type": "string", "enum": ["bot", "agent", "system"]}},
        created_at={"type": "string", "format": "date-time"},
    ),
}

SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "token from POST /api/login"},
    "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "kefu_session"},
    "chatSession": {
        "type": "http",
        "scheme": "bearer",
        "description": "a buyer's token from POST /chat/session",
    },
    "webhookSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Kefu-Signature",
        "description": "hex HMAC-SHA256 of the raw body with KEFU_WEBHOOK_SECRET",
    },
    "chatwootToken": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Kefu-Chatwoot-Token",
        "description": "KEFU_CHATWOOT_WEBHOOK_TOKEN (or as ?token= in the agent bot's URL)",
    },
    "marketplacePush": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "the marketplace's push signature (docs/channels.md: Shopee, Lazada)",
    },
}
