"""The agent's own day in the console: the chats I hold (read from the journal, so they
survive a reload), the chats every agent holds (supervisors, to pass them on), history and
search of past conversations, reopening one resolved too soon, passing a chat on to a
colleague or a tier with a note, and the colleagues one can pass it to."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk import auth
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, listed, obj, query, ref, wrapped
from bot.desk.api.sessions import hub_of, json_body, signed_in, visible_conversation
from bot.desk.history import MAX_PAGE, MAX_QUERY_CHARS, Lookup
from bot.text_input import whole_number

history = Blueprint("desk_agent_history", url_prefix="/api")

FOUND = {
    "allOf": [
        ref("Conversation"),
        obj(["snippet"], snippet={"type": "string", "description": "the message that matched"}),
    ]
}


@history.get("/my/conversations")
@documented(
    "The conversations the signed-in agent holds, longest held first",
    responses={200: listed("conversations", "Conversation")},
)
@signed_in()
async def my_conversations(request: Request) -> HTTPResponse:
    hub = hub_of(request)
    held = await hub.db(hub.journal.held_by, request.ctx.agent.id)
    return response.json({"conversations": [c.to_json() for c in held]})


@history.get("/held")
@documented(
    "The conversations every agent holds now, longest held first (supervisors): to pass on the "
    "chats of an agent who is away or swamped",
    responses={200: listed("conversations", "Conversation"), 403: failure("Not a supervisor")},
)
@signed_in()
async def held_by_anyone(request: Request) -> HTTPResponse:
    if request.ctx.agent.role != "supervisor":
        raise ApiError(403, "only a supervisor sees the chats every agent holds")
    hub = hub_of(request)
    held = await hub.db(hub.journal.held_by, None)
    return response.json({"conversations": [c.to_json() for c in held]})


def _rating_bound(request: Request) -> int | None:
    """Only chats rated this or lower ("rated_at_most=2": the poor ratings to read first)."""
    if not request.args.get("rated_at_most"):
        return None
    value = _page_number(request, "rated_at_most", 5, 5)
    if value < 1:
        raise ApiError(400, "'rated_at_most' must be a rating from 1 to 5")
    return value


def _page_number(request: Request, name: str, default: int, highest: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = whole_number(raw.strip(), highest)
    if value is None:
        raise ApiError(400, f"'{name}' must be a whole number from 0 to {highest}")
    return value


@history.get("/history")
@documented(
    "Past and present conversations the agent may see, newest first, searched by buyer id, "
    "order number, words of any message or a rating of at most N (all that are given must match); "
    "a page at a time",
    params=[
        query("buyer"),
        query("order"),
        query("q"),
        query("rated_at_most", {**INT, "minimum": 1, "maximum": 5}),
        query("limit", INT),
        query("offset", INT),
    ],
    responses={
        200: answer(
            obj(["conversations", "more"], conversations={"type": "array", "items": FOUND}, more=BOOL)
        )
    },
)
@signed_in()
async def search_history(request: Request) -> HTTPResponse:
    hub = hub_of(request)
    agent = request.ctx.agent
    words = {name: (request.args.get(name) or "").strip() for name in ("buyer", "order", "q")}
    if any(len(value) > MAX_QUERY_CHARS for value in words.values()):
        raise ApiError(400, f"search for at most {MAX_QUERY_CHARS} characters")
    lookup = Lookup(
        buyer=words["buyer"],
        order=words["order"],
        text=words["q"],
        rated_at_most=_rating_bound(request),
        limit=_page_number(request, "limit", 20, MAX_PAGE) or 1,
        offset=_page_number(request, "offset", 0, 100_000),
    )
    max_tier = None if agent.role == "supervisor" else auth.ROLE_TIERS[agent.role]
    found, more = await hub.db(hub.journal.search, lookup, max_tier, agent.id)
    return response.json({"conversations": [f.to_json() for f in found], "more": more})


@history.post("/conversations/<conversation_id:str>/transfer")
@documented(
    "Pass the conversation on with a note: to a colleague (they hold it from now on) or to a "
    "tier's queue (due by that tier's first-response target). The holder or a supervisor",
    body=obj(["note"], note=STR, tier={"type": "integer", "enum": [1, 2, 3]}, agent=STR),
    responses={200: wrapped("conversation", "Conversation")},
)
@signed_in()
async def transfer(request: Request, conversation_id: str) -> HTTPResponse:
    payload = json_body(request)
    note, tier, username = payload.get("note"), payload.get("tier"), payload.get("agent")
    if not isinstance(note, str):
        raise ApiError(400, "'note' must be a string")
    if tier is not None and (not isinstance(tier, int) or isinstance(tier, bool)):
        raise ApiError(400, "'tier' must be 1, 2 or 3")
    if username is not None and not isinstance(username, str):
        raise ApiError(400, "'agent' must be a username")
    conversation = await visible_conversation(request, conversation_id)
    moved = await hub_of(request).transfer(
        request.ctx.agent, conversation, note, to_tier=tier, to_username=username
    )
    return response.json({"conversation": moved.to_json()})


@history.post("/conversations/<conversation_id:str>/reopen")
@documented(
    "Take a resolved chat back (the agent who resolved it, or a supervisor): held by you, the bot "
    "paused; only the buyer's latest chat, within the rating window (409 otherwise)",
    responses={
        200: wrapped("conversation", "Conversation"),
        409: failure("Not resolved, resolved too long ago, or the buyer has a newer chat"),
    },
)
@signed_in()
async def reopen(request: Request, conversation_id: str) -> HTTPResponse:
    conversation = await visible_conversation(request, conversation_id)
    reopened = await hub_of(request).reopen(request.ctx.agent, conversation)
    return response.json({"conversation": reopened.to_json()})


@history.get("/colleagues")
@documented(
    "The active agents working the desk, to transfer a conversation to",
    responses={
        200: answer(
            obj(
                ["agents"],
                agents={
                    "type": "array",
                    "items": obj(
                        ["username", "display_name", "role"], username=STR, display_name=STR, role=STR
                    ),
                },
            )
        )
    },
)
@signed_in()
async def colleagues(request: Request) -> HTTPResponse:
    hub = hub_of(request)
    agents = [a for a in await hub.db(hub.journal.agents) if a.active and auth.works_the_desk(a)]
    return response.json(
        {"agents": [{"username": a.username, "display_name": a.display_name, "role": a.role} for a in agents]}
    )
