"""The team's agent accounts from the console (supervisors): list, add, change the role, name
and language, set a password, disable, enable and delete (one who never worked a chat), as
`kefu agents` does on the command line and through the same store (bot/desk/accounts.py)
and password hasher (bot/desk/auth.py). Every agent changes their own password here too
(POST /api/me/password).

A supervisor cannot disable, demote or delete themselves, and the console never leaves the
desk without an active supervisor (409, the reason named). A change counts at once: every
request re-reads the account (sessions.py). Every change is recorded with who made it
(bot/desk/account_log.py); a password never is."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Dict
from urllib.parse import unquote

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk import auth, login_limits, presence
from bot.desk.accounts import AgentExists, AgentHasHistory, LastSupervisor
from bot.desk.api.agents import signed_in_reply
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, STR, answer, failure, obj, ref
from bot.desk.api.sessions import EDITOR_ROLES, client_address, hub_of, json_body, require_role, signed_in
from bot.desk.queue import QueueUnavailable
from bot.desk.records import ROLES, AgentView, iso_utc

MANAGE = "manage the team's agent accounts"
MAX_DISPLAY_NAME_CHARS = 128  # desk_agents.display_name
ROLE = {"type": "string", "enum": list(ROLES)}
ACCOUNT = obj(
    ["username", "display_name", "role", "language", "active", "created_at"],
    username=STR,
    display_name=STR,
    role=ROLE,
    language=STR,
    active=BOOL,
    created_at={**STR, "nullable": True},
)
ONE = answer(obj(["agent"], agent=ACCOUNT))
CHANGE = obj([], role=ROLE, display_name=STR, language=STR)
PASSWORD = obj(["password"], password={**STR, "minLength": auth.MIN_PASSWORD_CHARS})
NOT_FOUND = failure("No agent with this username")
REFUSED = failure("The change would leave the desk without an active supervisor, or is on yourself")

accounts = Blueprint("desk_agent_accounts", url_prefix="/api")


def account_json(agent: AgentView) -> Dict[str, Any]:
    return {
        "username": agent.username,
        "display_name": agent.display_name,
        "role": agent.role,
        "language": agent.language,
        "active": agent.active,
        "created_at": iso_utc(agent.created_at),
    }


def _text(payload: dict, name: str, limit: int, required: bool = True) -> str | None:
    """A short text field: a string of printable characters, not empty, at most `limit` long."""
    value = payload.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"'{name}' must be a text that is not empty")
    value = value.strip()
    if len(value) > limit:
        raise ApiError(400, f"'{name}' is {len(value)} characters long; the limit is {limit}")
    if not value.isprintable():
        raise ApiError(400, f"'{name}' has control characters (line breaks, tabs...)")
    return value


def _role(payload: dict, required: bool) -> str | None:
    role = payload.get("role")
    if (role is None and not required) or role in ROLES:
        return role
    raise ApiError(400, f"'role' must be one of {', '.join(ROLES)}")


def _language(request: Request, payload: dict, required: bool) -> str | None:
    language, known = payload.get("language"), hub_of(request).catalogue.languages
    if (language is None and not required) or language in known:
        return language
    raise ApiError(400, f"'language' must be one of {', '.join(known)}")


async def _hashed(payload: dict, name: str) -> str:
    """The password hashed by the one hasher the command line uses, with its rules."""
    password = payload.get(name)
    if not isinstance(password, str):
        raise ApiError(400, f"'{name}' must be a text")
    try:
        return await asyncio.to_thread(auth.hash_password, password)
    except ValueError as exc:
        raise ApiError(400, f"'{name}': {exc}") from exc


async def _account(request: Request, username: str) -> AgentView:
    """The account the path names, percent-decoded (Sanic leaves it as sent; the console sends
    encodeURIComponent's), after the role check: an unknown one is a 404 either way."""
    hub = hub_of(request)
    found = await hub.db(hub.journal.agent_credentials, unquote(username))
    if found is None:
        raise ApiError(404, f"no agent called {username[:64]!r}")
    return found[0]


def _not_myself(request: Request, account: AgentView, what: str) -> None:
    if account.id == request.ctx.agent.id:
        raise ApiError(409, f"you cannot {what} yourself; another supervisor can")


@accounts.get("/agents")
@documented(
    "Every agent account, the roles and languages to choose from, and the latest changes (supervisors)",
    responses={
        200: answer(
            obj(
                ["agents", "roles", "languages", "changes"],
                agents={"type": "array", "items": ACCOUNT},
                roles={"type": "array", "items": ROLE},
                languages={"type": "array", "items": STR},
                changes={"type": "array", "items": {"type": "object"}, "description": "newest first"},
            )
        )
    },
)
@signed_in(desk=False)
async def list_accounts(request: Request) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, MANAGE)
    hub = hub_of(request)
    agents, changes = await asyncio.gather(
        hub.db(hub.journal.agents), hub.db(hub.journal.account_changes, 30)
    )
    return response.json(
        {
            "agents": [account_json(a) for a in agents],
            "roles": list(ROLES),
            "languages": list(hub.catalogue.languages),
            "changes": [c.to_json() for c in changes],
        }
    )


@accounts.post("/agents")
@documented(
    "Add an agent account with a first password (supervisors), as `kefu agents add`",
    body=obj(
        ["username", "role", "password"],
        username=STR,
        role=ROLE,
        display_name=STR,
        language=STR,
        password={**STR, "minLength": auth.MIN_PASSWORD_CHARS},
    ),
    responses={201: ONE, 400: failure("A field missing or not usable, named"), 409: failure("Taken")},
)
@signed_in(desk=False)
async def add_account(request: Request) -> HTTPResponse:
    me = require_role(request, EDITOR_ROLES, MANAGE)
    hub, payload = hub_of(request), json_body(request)
    username = _text(payload, "username", 64) or ""
    role = _role(payload, required=True)
    display_name = _text(payload, "display_name", MAX_DISPLAY_NAME_CHARS, required=False) or ""
    language = _language(request, payload, required=False) or "en"
    hashed = await _hashed(payload, "password")
    try:
        agent = await hub.db(
            hub.journal.add_agent, username, hashed, role, display_name, language, hub.clock(), me.username
        )
    except AgentExists as exc:
        raise ApiError(409, str(exc)) from exc
    except ValueError as exc:  # the username's rules (accounts.check_username)
        raise ApiError(400, str(exc)) from exc
    await presence.forget(hub.queue, agent.id)  # SQLite may give it a removed account's id
    return response.json({"agent": account_json(agent)}, status=201)


@accounts.put("/agents/<username:str>")
@documented(
    "Change an agent's role, display name or language (supervisors); in force at once",
    body=CHANGE,
    responses={
        200: ONE,
        400: failure("Nothing to change, or a value not usable"),
        404: NOT_FOUND,
        409: REFUSED,
    },
)
@signed_in(desk=False)
async def change_account(request: Request, username: str) -> HTTPResponse:
    me = require_role(request, EDITOR_ROLES, MANAGE)
    payload = json_body(request)
    unknown = sorted(set(payload) - set(CHANGE["properties"]))
    if unknown or not payload:
        raise ApiError(400, f"send one or more of role, display_name, language (not {', '.join(unknown)})")
    role = _role(payload, required=False)
    display_name = _text(payload, "display_name", MAX_DISPLAY_NAME_CHARS, required=False)
    language = _language(request, payload, required=False)
    account = await _account(request, username)
    if role is not None and role != account.role:
        _not_myself(request, account, "change the role of")
    hub = hub_of(request)
    try:
        changed = await hub.db(
            hub.journal.update_agent, account.username, me.username, role, display_name, language
        )
    except LastSupervisor as exc:
        raise ApiError(409, str(exc)) from exc
    if changed is None:
        raise ApiError(404, f"no agent called {username[:64]!r}")
    return response.json({"agent": account_json(changed)})


@accounts.post("/agents/<username:str>/password")
@documented(
    "Set an agent's password (supervisors); every session of theirs ends",
    body=PASSWORD,
    responses={200: ONE, 400: failure("Not a usable password"), 404: NOT_FOUND, 409: REFUSED},
)
@signed_in(desk=False)
async def reset_password(request: Request, username: str) -> HTTPResponse:
    me = require_role(request, EDITOR_ROLES, MANAGE)
    hub = hub_of(request)
    hashed = await _hashed(json_body(request), "password")
    account = await _account(request, username)
    if account.id == me.id:
        raise ApiError(409, "change your own password with your current one (POST /api/me/password)")
    await hub.db(hub.journal.set_password, account.username, hashed, None, me.username)
    return response.json({"agent": account_json(await _account(request, account.username))})


def _active_route(active: bool) -> None:
    action = "enable" if active else "disable"

    async def handler(request: Request, username: str) -> HTTPResponse:
        me = require_role(request, EDITOR_ROLES, MANAGE)
        hub = hub_of(request)
        account = await _account(request, username)
        if not active:
            _not_myself(request, account, "disable")
        try:
            await hub.db(hub.journal.set_active, account.username, active, None, me.username, True)
        except LastSupervisor as exc:
            raise ApiError(409, str(exc)) from exc
        return response.json({"agent": account_json(await _account(request, account.username))})

    handler.__name__ = f"{action}_account"  # Sanic names the route after its handler
    summary = (
        "Let a disabled agent sign in again (supervisors); no old session comes back"
        if active
        else "Disable an agent (supervisors): they cannot sign in, their sessions end at once"
    )
    signed = signed_in(desk=False)(handler)
    route = documented(summary, responses={200: ONE, 404: NOT_FOUND, 409: REFUSED})(signed)
    accounts.add_route(route, f"/agents/<username:str>/{action}", methods=["POST"])


_active_route(False)
_active_route(True)


@accounts.delete("/agents/<username:str>")
@documented(
    "Delete an agent who never worked a conversation (supervisors); one who did is disabled instead",
    responses={
        204: answer(None, "Deleted"),
        404: NOT_FOUND,
        409: failure("The agent is in the journal (disable instead), is you, or is the last supervisor"),
    },
)
@signed_in(desk=False)
async def delete_account(request: Request, username: str) -> HTTPResponse:
    me = require_role(request, EDITOR_ROLES, MANAGE)
    hub = hub_of(request)
    account = await _account(request, username)
    _not_myself(request, account, "delete")
    try:
        removed = await hub.db(hub.journal.remove_agent, account.username, me.username, True)
    except AgentHasHistory as exc:
        raise ApiError(409, f"{exc}: the journal keeps who answered what") from exc
    except LastSupervisor as exc:
        raise ApiError(409, str(exc)) from exc
    if not removed:
        raise ApiError(404, f"no agent called {username[:64]!r}")
    await presence.forget(hub.queue, account.id)
    return response.empty(status=204)


@accounts.post("/me/password")
@documented(
    "Change your own password (every agent): your other sessions end, this one gets a new token "
    "(also as the kefu_session cookie)",
    body=obj(["current_password", "new_password"], current_password=STR, new_password=STR),
    responses={
        200: answer(obj(["token", "agent"], token=STR, agent=ref("Agent"))),
        400: failure("The new password is not usable"),
        403: failure("The current password is wrong"),
        429: failure("Too many wrong current passwords from this session; wait 10 minutes"),
    },
)
@signed_in(desk=False)
async def change_my_password(request: Request) -> HTTPResponse:
    me, hub, payload = request.ctx.agent, hub_of(request), json_body(request)
    current = payload.get("current_password")
    if not isinstance(current, str) or not current:
        raise ApiError(400, "'current_password' must be your password as you sign in with it")
    hashed = await _hashed(payload, "new_password")
    attempt = await _count_attempt(request, me)
    found = await hub.db(hub.journal.agent_credentials, me.username)
    if found is None or not await asyncio.to_thread(auth.verify_password, current, found[1]):
        raise ApiError(403, "the current password is wrong")
    if attempt is not None:
        with contextlib.suppress(QueueUnavailable):
            await login_limits.succeeded(hub.queue, attempt)
    await hub.db(hub.journal.set_password, me.username, hashed, None, me.username, "own_password")
    return signed_in_reply(request, await hub.db(hub.journal.agent, me.id))


async def _count_attempt(request: Request, me: AgentView) -> login_limits.Attempt | None:
    """A wrong current password counts as a failed login would, on this session's own counter
    (a session is a client that signed in to the account once: login_limits' known client),
    so a session left open cannot be used to guess the password behind it."""
    session = request.ctx.session
    try:
        attempt, within = await login_limits.count_attempt(
            hub_of(request).queue, me.username, client_address(request), f"session-{session.token_id}"
        )
    except login_limits.CountUnknown:
        raise ApiError(503, "the desk is busy and could not count this attempt; try again") from None
    except QueueUnavailable:
        return None  # Redis is down: the limit lives there
    if not within:
        raise ApiError(429, "too many wrong current passwords; wait 10 minutes")
    return attempt
