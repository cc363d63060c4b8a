"""Who is asking: the agent behind a request's session token (Authorization: Bearer,
or the console's kefu_session cookie), checked on every route but login, and the
request parts every route reads (the hub, a JSON body)."""

from __future__ import annotations

from functools import wraps
from typing import Any, Dict, Tuple
from urllib.parse import urlparse

from sanic.request import Request

from bot.desk import auth
from bot.desk.api.errors import ApiError
from bot.desk.hub import Hub
from bot.desk.records import AgentView, ConversationView
from bot.text_input import json_object

COOKIE = "kefu_session"
MAX_BODY_CHARS = 20000


def hub_of(request: Request) -> Hub:
    return request.app.ctx.hub


def json_body(request: Request) -> Dict[str, Any]:
    raw = request.body or b""
    if len(raw) > MAX_BODY_CHARS * 4:
        raise ApiError(413, "request body too large")
    # The buyers' checks: no deep nesting, endless numbers or lone surrogates (InvalidMessage, 400).
    return json_object(raw or b"{}")


def _token_of(request: Request) -> Tuple[str | None, str | None]:
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
    hub = hub_of(request)
    token, source = _token_of(request)
    if not token:
        raise ApiError(401, "sign in first: POST /api/login, then send Authorization: Bearer <token>")
    try:
        session = auth.read_token(request.app.ctx.settings.desk_secret, token)
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
    """The route needs a signed-in agent; `desk`: one who works the queues (not a trainer).

    The handler is marked (`kefu_auth`), so the auth tests and the OpenAPI document
    know which routes need what without a second list."""

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


async def visible_conversation(request: Request, conversation_id: str) -> ConversationView:
    """The conversation, if the signed-in agent may see it (404 / 403 otherwise)."""
    hub = hub_of(request)
    conversation = await hub.db(hub.journal.conversation, conversation_id)
    if conversation is None:
        raise ApiError(404, f"no conversation {conversation_id}")
    if not auth.can_see(request.ctx.agent, conversation):
        raise ApiError(
            403, f"tier {conversation.tier} conversations are not visible to {request.ctx.agent.role}"
        )
    return conversation
