"""The OpenAPI 3.0 document of the desk's HTTP API, served at GET /api/openapi.json.

Written by hand next to the routes (bot/desk/api.py); tests/desk/test_openapi.py
fails when a route is missing here or documented but not served.
"""

from __future__ import annotations

from typing import Any, Dict

from bot.commerce.views import TAG_COLOURS
from bot.desk.records import ROLES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _obj(required: list, **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


_STR = {"type": "string"}
_INT = {"type": "integer"}
_ERR = _json(_ref("Error"), "Error")
_AUTH_ERRORS = {
    "401": {**_ERR, "description": "Not signed in (no, bad, expired or logged-out token)"},
    "403": {**_ERR, "description": "The agent's role or tier does not allow it"},
    "503": {**_ERR, "description": "Redis (the queue) is unavailable; try again shortly"},
}
_CONVERSATION_ERRORS = {
    **_AUTH_ERRORS,
    "404": {**_ERR, "description": "No such conversation"},
    "409": {**_ERR, "description": "The conversation's state does not allow it"},
}
_ID_PARAM = {"name": "conversation_id", "in": "path", "required": True, "schema": _STR}


def _conversation_op(summary: str, ok: dict, body: dict | None = None, ok_status: str = "200") -> dict:
    op: Dict[str, Any] = {
        "summary": summary,
        "parameters": [_ID_PARAM],
        "responses": {ok_status: ok, **_CONVERSATION_ERRORS},
    }
    if body is not None:
        op["requestBody"] = _body(body)
    return op


SCHEMAS: Dict[str, Any] = {
    "Error": _obj(["error"], error=_STR),
    "Agent": _obj(
        ["id", "username", "role", "display_name", "language"],
        id=_INT,
        username=_STR,
        role={"type": "string", "enum": list(ROLES)},
        display_name=_STR,
        language={"type": "string", "description": "the agent's language (template titles)"},
    ),
    "QueueItem": _obj(
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
        conversation_id=_STR,
        buyer_id=_STR,
        marketplace=_STR,
        language={"type": "string", "nullable": True},
        reason={"type": "string", "nullable": True, "description": "why it escalated, e.g. complaint"},
        tier={"type": "integer", "enum": [1, 2, 3]},
        sla_deadline={"type": "string", "format": "date-time", "description": "first answer due (UTC)"},
        seconds_left={"type": "integer", "description": "negative once the deadline has passed"},
        breached={"type": "boolean", "description": "missed a deadline (and moved up a tier)"},
        last_message=_STR,
        claimed_by={"type": "string", "nullable": True},
    ),
    "Tier": _obj(
        ["tier", "conversations"],
        tier={"type": "integer", "enum": [1, 2, 3]},
        conversations={"type": "array", "items": _ref("QueueItem")},
    ),
    "Conversation": _obj(
        ["id", "buyer_id", "marketplace", "language", "status", "tier", "reason", "agent_id", "tags"],
        id=_STR,
        buyer_id=_STR,
        marketplace=_STR,
        channel={"type": "string", "enum": ["web", "webhook"]},
        language={"type": "string", "nullable": True},
        status={"type": "string", "enum": ["bot", "queued", "assigned", "resolved"]},
        tier={"type": "integer", "nullable": True},
        reason={"type": "string", "nullable": True},
        agent_id={"type": "integer", "nullable": True, "description": "the agent holding it"},
        agent={"type": "string", "nullable": True, "description": "their username"},
        tags={"type": "array", "items": {"type": "string", "enum": list(TAG_COLOURS)}},
        opened_from={"type": "string", "enum": ["pre_sale", "after_sale"]},
        vip={"type": "boolean"},
        breached={"type": "boolean"},
        sla_deadline={"type": "string", "format": "date-time", "nullable": True},
        created_at={"type": "string", "format": "date-time"},
        csat={"type": "integer", "nullable": True, "minimum": 1, "maximum": 5},
    ),
    "Message": _obj(
        ["id", "direction", "author", "text", "language", "intent", "attachments", "created_at"],
        id=_INT,
        direction={"type": "string", "enum": ["in", "out"]},
        author={"type": "string", "description": "buyer, bot, system or agent:<username>"},
        text=_STR,
        buttons={"type": "array", "items": _obj(["title", "payload"], title=_STR, payload=_STR)},
        language={"type": "string", "nullable": True},
        intent={
            "type": "string",
            "nullable": True,
            "description": "what the bot understood (buyer messages)",
        },
        attachments={"type": "array", "items": {"type": "string", "format": "uri"}},
        created_at={"type": "string", "format": "date-time"},
    ),
    "OrderSummary": _obj(
        ["order_number", "status", "placed_date", "total", "items", "shipments"],
        order_number=_STR,
        status=_STR,
        placed_date={"type": "string", "format": "date"},
        total={"type": "string", "example": "12.50 USD"},
        items={"type": "array", "items": _obj(["title", "quantity"], title=_STR, quantity=_INT)},
        shipments={
            "type": "array",
            "items": _obj(
                ["carrier", "tracking_number", "status", "place", "event_date"],
                carrier=_STR,
                tracking_number=_STR,
                status={"type": "string", "nullable": True},
                place={"type": "string", "nullable": True},
                event_date={"type": "string", "nullable": True, "format": "date-time"},
            ),
        },
    ),
    "Note": _obj(
        ["id", "agent", "text", "created_at"],
        id=_INT,
        agent=_STR,
        text=_STR,
        created_at={"type": "string", "format": "date-time"},
    ),
    "Template": _obj(["name", "title", "text"], name=_STR, title=_STR, text=_STR),
    "BuyerMessage": _obj(
        ["id", "text", "buttons", "from"],
        id=_INT,
        text=_STR,
        buttons={"type": "array", "items": _obj(["title", "payload"], title=_STR, payload=_STR)},
        **{"from": {"type": "string", "enum": ["bot", "agent", "system"]}},
        created_at={"type": "string", "format": "date-time"},
    ),
}

_CONVERSATION = _json(_obj(["conversation"], conversation=_ref("Conversation")))

PATHS: Dict[str, Any] = {
    "/api/login": {
        "post": {
            "summary": "Sign in; the token also comes back as the kefu_session cookie",
            "security": [],
            "requestBody": _body(_obj(["username", "password"], username=_STR, password=_STR)),
            "responses": {
                "200": _json(_obj(["token", "agent"], token=_STR, agent=_ref("Agent"))),
                "400": _ERR,
                "401": {**_ERR, "description": "Wrong username or password"},
                "429": {**_ERR, "description": "Too many failed logins for this account"},
            },
        }
    },
    "/api/logout": {
        "post": {
            "summary": "End this session (the token stops working)",
            "responses": {"204": {"description": "Logged out"}, **_AUTH_ERRORS},
        }
    },
    "/api/me": {
        "get": {
            "summary": "The signed-in agent",
            "responses": {"200": _json(_obj(["agent"], agent=_ref("Agent"))), **_AUTH_ERRORS},
        }
    },
    "/api/queues": {
        "get": {
            "summary": "The queues this agent may see (their tier and below; supervisors all), soonest first",
            "responses": {
                "200": _json(_obj(["tiers"], tiers={"type": "array", "items": _ref("Tier")})),
                **_AUTH_ERRORS,
            },
        }
    },
    "/api/conversations/{conversation_id}": {
        "get": _conversation_op(
            "Transcript, the buyer's orders with tracking, and internal notes",
            _json(
                _obj(
                    ["conversation", "messages", "orders", "notes"],
                    conversation=_ref("Conversation"),
                    messages={"type": "array", "items": _ref("Message")},
                    orders={"type": "array", "items": _ref("OrderSummary")},
                    notes={"type": "array", "items": _ref("Note")},
                )
            ),
        )
    },
    "/api/conversations/{conversation_id}/claim": {
        "post": _conversation_op("Take the conversation (atomic: one winner); the bot pauses", _CONVERSATION)
    },
    "/api/conversations/{conversation_id}/messages": {
        "post": _conversation_op(
            "Reply to the buyer (the agent must hold the conversation)",
            _json(_obj(["message"], message=_ref("Message")), "Sent"),
            _obj(["text"], text=_STR),
            "201",
        )
    },
    "/api/conversations/{conversation_id}/tags": {
        "post": _conversation_op(
            "Set the colour tags (yellow reshipped, blue VIP follow-up, green refund, red quality, "
            "purple logistics dispute)",
            _CONVERSATION,
            _obj(["tags"], tags={"type": "array", "items": {"type": "string", "enum": list(TAG_COLOURS)}}),
        )
    },
    "/api/conversations/{conversation_id}/notes": {
        "post": _conversation_op(
            "Add an internal note (never shown to the buyer)",
            _json(_obj(["note"], note=_ref("Note")), "Created"),
            _obj(["text"], text=_STR),
            "201",
        )
    },
    "/api/conversations/{conversation_id}/handback": {
        "post": _conversation_op("Hand the conversation back to the bot (it resumes)", _CONVERSATION)
    },
    "/api/conversations/{conversation_id}/resolve": {
        "post": _conversation_op(
            "Close the conversation; the buyer is asked for a 1-5 rating in their language", _CONVERSATION
        )
    },
    "/api/templates": {
        "get": {
            "summary": "Reply templates in the buyer's language, searched by title in the agent's language, "
            "placeholders filled from the buyer's latest order",
            "parameters": [
                {"name": "conversation_id", "in": "query", "required": False, "schema": _STR},
                {"name": "q", "in": "query", "required": False, "schema": _STR},
            ],
            "responses": {
                "200": _json(_obj(["templates"], templates={"type": "array", "items": _ref("Template")})),
                **_CONVERSATION_ERRORS,
            },
        }
    },
    "/api/events": {
        "get": {
            "summary": "Live updates (server-sent events): `queue` with data {tiers} as GET /api/queues, "
            "and `message` with data {conversation_id, message}",
            "responses": {
                "200": {"description": "An event stream", "content": {"text/event-stream": {"schema": _STR}}},
                **_AUTH_ERRORS,
            },
        }
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": _json({"type": "object"}), **_AUTH_ERRORS},
        }
    },
    "/channels/webhook": {
        "post": {
            "summary": "A buyer message from a marketplace (signed); replies go to KEFU_OUTBOUND_URL",
            "security": [{"webhookSignature": []}],
            "requestBody": _body(
                _obj(
                    ["message_id", "buyer_id", "marketplace"],
                    message_id={"type": "string", "description": "the channel's id: a redelivery is ignored"},
                    buyer_id=_STR,
                    marketplace=_STR,
                    text=_STR,
                    attachments={"type": "array", "items": {"type": "string", "format": "uri"}},
                    opened_from={
                        "type": "string",
                        "description": "where the chat was opened: order_page or dispute make it after-sale",
                    },
                    vip={"type": "boolean"},
                    language={"type": "string", "description": "a hint until the bot detects it"},
                )
            ),
            "responses": {
                "200": _json(
                    _obj(
                        ["status", "conversation_id", "replies"],
                        status={"type": "string", "enum": ["accepted", "duplicate"]},
                        conversation_id=_STR,
                        replies=_INT,
                    )
                ),
                "400": _ERR,
                "401": {**_ERR, "description": "Missing or wrong X-Kefu-Signature"},
                "503": {**_ERR, "description": "The channel is disabled (no KEFU_WEBHOOK_SECRET)"},
            },
        }
    },
    "/chat": {
        "get": {
            "summary": "The buyers' web chat page",
            "security": [],
            "responses": {"200": {"description": "HTML", "content": {"text/html": {"schema": _STR}}}},
        }
    },
    "/chat/messages": {
        "post": {
            "summary": "A web chat message; the bot's replies come back at once",
            "security": [],
            "requestBody": _body(
                _obj(
                    ["buyer_id"],
                    buyer_id=_STR,
                    text=_STR,
                    marketplace={
                        "type": "string",
                        "description": "needs `signature`, else the buyer is 'web'",
                    },
                    signature={
                        "type": "string",
                        "description": "hex HMAC-SHA256 of '<marketplace>:<buyer_id>'",
                    },
                    attachments={"type": "array", "items": {"type": "string", "format": "uri"}},
                    opened_from=_STR,
                    message_id={"type": "string", "description": "the page's id: a resend is answered once"},
                )
            ),
            "responses": {
                "200": _json(_obj(["messages"], messages={"type": "array", "items": _ref("BuyerMessage")})),
                "400": _ERR,
            },
        },
        "get": {
            "summary": "Replies to this buyer newer than `after` (agents' answers arrive here)",
            "security": [],
            "parameters": [
                {"name": "buyer_id", "in": "query", "required": True, "schema": _STR},
                {"name": "after", "in": "query", "required": False, "schema": _INT},
                {"name": "marketplace", "in": "query", "required": False, "schema": _STR},
                {"name": "signature", "in": "query", "required": False, "schema": _STR},
            ],
            "responses": {
                "200": _json(_obj(["messages"], messages={"type": "array", "items": _ref("BuyerMessage")})),
                "400": _ERR,
            },
        },
    },
    "/health": {
        "get": {
            "summary": "Liveness, with the state of Redis and the database",
            "security": [],
            "responses": {
                "200": _json(_obj(["status", "redis", "database"], status=_STR, redis={"type": "boolean"}))
            },
        }
    },
    "/": {
        "get": {
            "summary": "Redirects to the agent console",
            "security": [],
            "responses": {"302": {"description": "To /console"}},
        }
    },
}


def openapi_document(server_url: str = "http://127.0.0.1:8000") -> Dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kefu desk",
            "version": "1",
            "description": "Escalated buyer chats, tiers and SLAs, human takeover, and the buyer channels.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "token from POST /api/login",
                },
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "kefu_session"},
                "webhookSignature": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Kefu-Signature",
                    "description": "hex HMAC-SHA256 of the raw body with KEFU_WEBHOOK_SECRET",
                },
            },
        },
    }
