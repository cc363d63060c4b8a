"""What agents answer with: the reply templates (GET /api/templates: the seller's quick
replies and the catalogue's templates in the buyer's language, filled from the order), and
the seller's quick replies themselves (GET /api/quick-replies for every desk role; written,
changed and deleted by supervisors: POST, PUT, DELETE)."""

from __future__ import annotations

import logging

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import INT, STR, answer, failure, listed, obj, query
from bot.desk.api.sessions import (
    EDITOR_ROLES,
    hub_of,
    json_body,
    require_role,
    signed_in,
    visible_conversation,
)
from bot.desk.buyer_script import reads_traditional
from bot.desk.quick_replies import MAX_TITLE_CHARS
from bot.desk.templates import template_values
from bot.nlg.chinese_script import to_traditional
from bot.text_input import InvalidMessage, clean_message, whole_number

logger = logging.getLogger(__name__)

reply_templates = Blueprint("desk_reply_templates", url_prefix="/api")

QUICK_REPLY = obj(
    ["id", "language", "title", "text", "updated_by", "updated_at"],
    id=INT,
    language=STR,
    title=STR,
    text={**STR, "description": "{order_number}, {tracking_number}... are filled from the chat's order"},
    updated_by=STR,
    updated_at={"type": "string", "format": "date-time"},
)
QUICK_REPLY_BODY = obj(["language", "title", "text"], language=STR, title=STR, text=STR)


@reply_templates.get("/templates")
@documented(
    "Reply templates in the buyer's language, searched by title in the agent's language, "
    "placeholders filled from the order the conversation is about (else the buyer's latest); "
    "the seller's quick replies in that language come first at an equal match (own: true)",
    params=[query("conversation_id"), query("q")],
    responses={200: listed("templates", "Template")},
)
@signed_in()
async def templates(request: Request) -> HTTPResponse:
    library = request.app.ctx.templates
    if library is None:
        raise ApiError(503, "reply templates are not installed")
    hub = hub_of(request)
    agent = request.ctx.agent
    buyer_language, order, traditional = agent.language, None, False
    conversation_id = request.args.get("conversation_id")
    if conversation_id:
        conversation = await visible_conversation(request, conversation_id)
        buyer_language = conversation.language or "en"
        try:
            order = await hub.order_discussed(conversation)
        except Exception:  # the templates matter more than their filled-in values
            logger.exception("the order of conversation %s could not be read", conversation.id)
        traditional = await reads_traditional(hub, conversation)
    own = await hub.db(hub.journal.quick_replies, buyer_language)
    query_text = request.args.get("q", "")
    found = library.search(buyer_language, agent.language, query_text, template_values(order), own)
    if traditional:  # the catalogue is Simplified; this buyer reads Traditional
        found = [{**template, "text": to_traditional(template["text"])} for template in found]
    return response.json({"templates": found})


@reply_templates.get("/quick-replies")
@documented(
    "The seller's quick replies, by language then title (`lang`: one language's)",
    params=[query("lang")],
    responses={
        200: answer(
            obj(
                ["quick_replies", "languages"],
                quick_replies={"type": "array", "items": QUICK_REPLY},
                languages={"type": "array", "items": STR, "description": "the buyer languages Kefu speaks"},
            )
        )
    },
)
@signed_in()
async def list_quick_replies(request: Request) -> HTTPResponse:
    hub = hub_of(request)
    found = await hub.db(hub.journal.quick_replies, request.args.get("lang") or None)
    languages = list(hub.catalogue.languages)
    return response.json({"quick_replies": [reply.to_json() for reply in found], "languages": languages})


@reply_templates.post("/quick-replies")
@documented(
    "Write a quick reply for agents (supervisors): one title per language",
    body=QUICK_REPLY_BODY,
    responses={
        201: answer(obj(["quick_reply"], quick_reply=QUICK_REPLY), "Saved"),
        400: failure("A missing or bad language, title or text"),
        409: failure("That language has a quick reply of that title already"),
    },
)
@signed_in()
async def add_quick_reply(request: Request) -> HTTPResponse:
    return await _save(request, None, 201)


@reply_templates.put("/quick-replies/<reply_id:str>")
@documented(
    "Change a quick reply (supervisors); with updated_at as read, refused if changed since",
    body=obj(["language", "title", "text"], language=STR, title=STR, text=STR, updated_at=STR),
    responses={
        200: answer(obj(["quick_reply"], quick_reply=QUICK_REPLY)),
        400: failure("A missing or bad language, title or text"),
        404: failure("No such quick reply"),
        409: failure("That language has a quick reply of that title already, or it changed since read"),
    },
)
@signed_in()
async def change_quick_reply(request: Request, reply_id: str) -> HTTPResponse:
    return await _save(request, _reply_number(reply_id), 200)


@reply_templates.delete("/quick-replies/<reply_id:str>")
@documented(
    "Delete a quick reply (supervisors)", responses={204: answer(None, "Deleted"), 404: failure("None")}
)
@signed_in()
async def delete_quick_reply(request: Request, reply_id: str) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, "write the quick replies")
    hub = hub_of(request)
    if not await hub.db(hub.journal.remove_quick_reply, _reply_number(reply_id)):
        raise ApiError(404, f"no quick reply {reply_id[:40]}")
    return response.empty(status=204)


async def _save(request: Request, reply_id: int | None, status: int) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, "write the quick replies")
    hub = hub_of(request)
    payload = json_body(request)
    language = payload.get("language")
    if language not in hub.catalogue.languages:
        raise ApiError(400, f"'language' must be one of {', '.join(hub.catalogue.languages)}")
    title, text = _field(payload, "title"), _field(payload, "text")
    if len(title) > MAX_TITLE_CHARS:
        raise ApiError(400, f"'title' is {len(title)} characters long; the limit is {MAX_TITLE_CHARS}")
    read_version = payload.get("updated_at")  # the version the editor read: two editors, no lost change
    if read_version is not None and (not isinstance(read_version, str) or len(read_version) > 64):
        raise ApiError(400, "'updated_at' must be the reply's updated_at as read")
    try:
        saved = await hub.db(
            hub.journal.save_quick_reply,
            reply_id,
            language,
            title,
            text,
            request.ctx.agent.username,
            hub.clock(),
            read_version,
        )
    except LookupError as exc:
        raise ApiError(404, str(exc)) from exc
    return response.json({"quick_reply": saved.to_json()}, status=status)


def _reply_number(reply_id: str) -> int:
    """The id in the path, checked after the sign-in (an unknown one is a 404 either way)."""
    number = whole_number(reply_id)
    if number is None:
        raise ApiError(404, f"no quick reply {reply_id[:40]}")
    return number


def _field(payload: dict, name: str) -> str:
    """A text field cleaned as buyers' messages are (no control characters, not empty)."""
    try:
        return clean_message(payload.get(name))
    except InvalidMessage as exc:
        raise ApiError(400, f"'{name}': {exc}".replace("'message' ", "")) from exc
