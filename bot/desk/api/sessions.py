"""Who is asking: the agent behind a request's session token (Authorization: Bearer,
or the console's kefu_session cookie), checked on every route but login, and the
request parts every route reads (the hub, a JSON body)."""

from __future__ import annotations

import time
from functools import wraps
from typing import Any, Callable, Dict, Iterable, Tuple, TypeVar

from sanic.request import Request

from bot.desk import auth
from bot.desk.api.errors import ApiError
from bot.desk.hub import Hub
from bot.desk.records import AgentView, ConversationView
from bot.text_input import json_object

COOKIE = "kefu_session"
# Who edits what every buyer and agent gets (the seller's auto-replies, quick replies, promo
# campaigns, desk settings) and manages the team's accounts.
EDITOR_ROLES = ("supervisor",)
MAX_BODY_CHARS = 20000


T = TypeVar("T")


def hub_of(request: Request) -> Hub:
    return request.app.ctx.hub


def store_on_engine(request: Request, name: str, make: Callable[[Any], T]) -> T:
    """The app's one `make(engine)` kept under `name`, built on first use on the desk's engine."""
    ctx = request.app.ctx
    if getattr(ctx, name, None) is None:
        setattr(ctx, name, make(hub_of(request).journal.engine))
    return getattr(ctx, name)


def client_address(request: Request) -> str:
    """The address the limits count: the one our trusted proxies saw (PROXIES_COUNT),
    else the connection's peer."""
    return request.remote_addr or request.ip


def json_body(request: Request) -> Dict[str, Any]:
    raw = request.body or b""
    if len(raw) > MAX_BODY_CHARS * 4:
        raise ApiError(413, "request body too large")
    # The buyers' checks: no deep nesting, endless numbers or lone surrogates (InvalidMessage, 400).
    return json_object(raw or b"{}")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() or None if header.lower().startswith("bearer ") else None


def _token_of(request: Request) -> Tuple[str | None, str | None]:
    bearer = bearer_token(request)
    if bearer:
        return bearer, "bearer"
    cookie = request.cookies.get(COOKIE)
    return (cookie, "cookie") if cookie else (None, None)


def foreign_origin(request: Request) -> bool:
    """A browser says where a request comes from (Origin); one naming another site is
    refused even where no session is needed yet: a login posted from another site (a form
    posting text that happens to be JSON) would plant that site's account's cookie in the
    agent's browser. Clients that are no browser send no Origin, and are not refused."""
    origin = request.headers.get("origin")
    return origin is not None and not _allowed_origin(request)


def _allowed_origin(request: Request) -> bool:
    """A cookie-signed change must say where it comes from, and that must be a configured
    origin (KEFU_DESK_ORIGINS, default the desk's own URL): the Host header is the
    requester's to choose, so it proves nothing. Browsers send Origin on every POST."""
    origin = (request.headers.get("origin") or "").rstrip("/").lower()
    return bool(origin) and origin in request.app.ctx.settings.allowed_origins


async def _ended(request: Request, session: auth.Session) -> str | None:
    """Why this session no longer works (logged out, account gone or disabled), or None."""
    hub = hub_of(request)
    if session.expires_at <= time.time():
        return "the session has expired"
    agent = await hub.db(hub.journal.agent, session.agent_id)
    if agent is None or not agent.active:
        return "the account no longer exists or is disabled"
    if auth.ended_by_account(session, agent):
        return "this session was logged out (or the password changed)"
    request.ctx.agent = agent
    return None


async def session_still_valid(request: Request) -> bool:
    """For streams that outlive the request: re-checked now and then."""
    return await _ended(request, request.ctx.session) is None


async def authenticate(request: Request) -> AgentView:
    token, source = _token_of(request)
    if not token:
        raise ApiError(401, "sign in first: POST /api/login, then send Authorization: Bearer <token>")
    try:
        session = auth.read_token(request.app.ctx.settings.desk_secret, token)
    except auth.TokenError as exc:
        raise ApiError(401, f"not signed in: {exc}") from exc
    if (
        source == "cookie"
        and request.method not in ("GET", "HEAD", "OPTIONS")
        and not _allowed_origin(request)
    ):
        raise ApiError(403, "cross-site request refused: a change needs an Origin header naming this desk")
    ended = await _ended(request, session)
    if ended:
        raise ApiError(401, f"not signed in: {ended}")
    request.ctx.session = session
    return request.ctx.agent


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

        # Functions take attributes; typeshed's functools._Wrapped has no room for them.
        wrapper.kefu_auth = "desk" if desk else "agent"  # type: ignore[attr-defined]
        return wrapper

    return decorator


def require_role(request: Request, roles: Iterable[str], what: str) -> AgentView:
    """The signed-in agent, if their role is one of `roles`; else a 403 saying what the role
    cannot do ("the tier1 role cannot <what>"). The role is the one read on this request."""
    agent = request.ctx.agent
    if agent.role not in roles:
        raise ApiError(403, f"the {agent.role} role cannot {what}")
    return agent


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
