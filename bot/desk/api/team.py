"""The team now: who of the agents is online, away or offline, and what each has on their
plate (GET /api/team, supervisors and tier-3 agents, as the KPIs: it compares agents); and
an agent saying they are away or back (GET and POST /api/me/availability).

Online comes from the console pages' live streams (bot/desk/presence.py), the load from the
journal (bot/desk/team_load.py)."""

from __future__ import annotations

from datetime import datetime

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.messages import iso_utc
from bot.desk import auth, presence
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj
from bot.desk.api.sessions import hub_of, json_body, signed_in
from bot.desk.api.supervisor import KPI_ROLES
from bot.desk.team_load import AgentLoad, team_load
from bot.metrics.periods import Period

STATE = {"type": "string", "enum": ["online", "away", "offline"]}
MEMBER = obj(
    ["id", "username", "display_name", "role", "state", "held", "awaiting_reply"],
    id=INT,
    username=STR,
    display_name=STR,
    role=STR,
    state={**STATE, "description": "online: a console page open now; away: open, but said so"},
    last_seen={"type": "string", "format": "date-time", "nullable": True},
    held={**INT, "description": "chats the agent holds now"},
    awaiting_reply={**INT, "description": "of those, chats whose buyer waits for the agent's answer"},
    longest_wait_s={"type": "number", "nullable": True, "description": "how long the longest of them waits"},
    replies_today={**INT, "description": "messages the agent wrote to buyers since midnight (seller's zone)"},
    resolved_today=INT,
)

team = Blueprint("desk_team", url_prefix="/api")


@team.get("/team")
@documented(
    "The desk's agents now (supervisors and tier-3 agents): online, away or offline, the chats "
    "each holds, how many of those buyers wait for them and for how long, and today's replies "
    "and resolved chats; the busiest first",
    responses={
        200: answer(
            obj(["agents", "online_seconds"], agents={"type": "array", "items": MEMBER}, online_seconds=INT)
        ),
        403: failure("Not a supervisor or tier-3 agent"),
    },
)
@signed_in(desk=False)
async def team_now(request: Request) -> HTTPResponse:
    agent = request.ctx.agent
    if agent.role not in KPI_ROLES:
        raise ApiError(403, f"the {agent.role} role has no access to the team view")
    hub = hub_of(request)
    now = hub.clock()
    zone = hub.config.hours.zone
    today = Period(now.astimezone(zone).date(), now.astimezone(zone).date(), zone)
    loads = await hub.db(team_load, hub.journal.engine, today.start())
    marks = await presence.read(hub.queue)
    members = [
        _member(member, loads.get(member.id, AgentLoad()), marks, now)
        for member in await hub.db(hub.journal.agents)
        if member.active and auth.works_the_desk(member)
    ]
    members.sort(key=lambda m: (-m["awaiting_reply"], -(m["longest_wait_s"] or 0), -m["held"], m["username"]))
    return response.json({"agents": members, "online_seconds": int(presence.ONLINE_SECONDS)})


def _member(member, load: AgentLoad, marks: presence.Presence, now: datetime) -> dict:
    wait = (now - load.waiting_since).total_seconds() if load.waiting_since else None
    return {
        "id": member.id,
        "username": member.username,
        "display_name": member.display_name or member.username,
        "role": member.role,
        "state": marks.state(member.id, now),
        "last_seen": iso_utc(marks.seen.get(member.id)),
        "held": load.held,
        "awaiting_reply": load.awaiting_reply,
        "longest_wait_s": round(max(wait, 0.0)) if wait is not None else None,
        "replies_today": load.replies_today,
        "resolved_today": load.resolved_today,
    }


@team.get("/me/availability")
@documented("Whether you said you are away", responses={200: answer(obj(["away"], away=BOOL))})
@signed_in()
async def my_availability(request: Request) -> HTTPResponse:
    away = await presence.away_agents(hub_of(request).queue)
    return response.json({"away": request.ctx.agent.id in away})


@team.post("/me/availability")
@documented(
    "Say you are away (still signed in, not taking chats) or available again; the team view shows it",
    body=obj(["away"], away=BOOL),
    responses={200: answer(obj(["away"], away=BOOL)), 400: failure("away must be true or false")},
)
@signed_in()
async def availability(request: Request) -> HTTPResponse:
    away = json_body(request).get("away")
    if not isinstance(away, bool):
        raise ApiError(400, "away must be true or false")
    await presence.set_away(hub_of(request).queue, request.ctx.agent.id, away)
    return response.json({"away": away})
