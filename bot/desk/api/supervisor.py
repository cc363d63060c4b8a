"""The supervisor's API: the customer-service KPIs (bot/metrics) of a period, per seller
day and per marketplace, language, tier or agent. Supervisors and tier-3 agents only:
the figures compare agents with each other."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj, query
from bot.desk.api.sessions import hub_of, signed_in
from bot.metrics import BREAKDOWNS, kpi_report
from bot.metrics.periods import Period, PeriodError, parse_day

KPI_ROLES = ("supervisor", "tier3")
RATE = {"type": "number", "nullable": True, "description": "0-1; null when there is nothing to divide by"}
SECONDS = {"type": "number", "nullable": True}
COUNTS = {"type": "object", "additionalProperties": INT}
KPI_DAY = obj(
    ["day", "group", "final", "buyers_served", "messages_received"],
    day={"type": "string", "format": "date"},
    group=STR,
    final={**BOOL, "description": "the day is settled (three days past, T+3)"},
    buyers_served=INT,
    buyers_replied=INT,
    buyer_reply_rate=RATE,
    messages_received=INT,
    messages_replied=INT,
    reply_rate=RATE,
    replies_24h=INT,
    reply_rate_24h=RATE,
    converted_buyers=INT,
    consultation_conversion=RATE,
    guided_orders=INT,
    guided_gmv={"type": "object", "additionalProperties": STR, "description": "currency -> amount"},
    conversations=INT,
    escalated=INT,
    escalation_rate=RATE,
    bot_contained=INT,
    bot_containment=RATE,
    first_response_avg_s=SECONDS,
    first_response_p90_s=SECONDS,
    resolved=INT,
    resolution_avg_s=SECONDS,
    resolution_p90_s=SECONDS,
    first_contact_resolved=INT,
    first_contact_resolution=RATE,
    sla_breaches=INT,
    csat_count=INT,
    csat_avg={"type": "number", "nullable": True},
    csat_distribution=COUNTS,
)
DAY = {"type": "string", "format": "date"}

supervisor = Blueprint("desk_supervisor", url_prefix="/api")


@supervisor.get("/metrics")
@documented(
    "The customer-service KPIs per seller day (supervisors and tier-3 agents)",
    params=[
        query("from", DAY, required=True),
        query("to", DAY, required=True),
        query("by", {"type": "string", "enum": list(BREAKDOWNS)}),
    ],
    responses={
        200: answer(
            obj(
                ["from", "to", "by", "time_zone", "days"],
                **{"from": DAY, "to": DAY},
                by=STR,
                time_zone=STR,
                days={"type": "array", "items": KPI_DAY},
            )
        ),
        400: failure("Missing or bad dates (YYYY-MM-DD, at most a year, in order) or an unknown breakdown"),
    },
)
@signed_in(desk=False)
async def metrics(request: Request) -> HTTPResponse:
    agent = request.ctx.agent
    if agent.role not in KPI_ROLES:
        raise ApiError(403, f"the {agent.role} role has no access to the KPIs")
    hub = hub_of(request)
    zone = hub.config.hours.zone
    by = request.args.get("by") or None
    if by is not None and by not in BREAKDOWNS:
        raise ApiError(400, f"by must be one of {', '.join(BREAKDOWNS)}")
    try:
        period = Period(
            parse_day(request.args.get("from", ""), "from"), parse_day(request.args.get("to", ""), "to"), zone
        )
    except PeriodError as exc:
        raise ApiError(400, str(exc)) from exc
    rows = await hub.db(kpi_report, hub.journal.engine, period, by, hub.clock())
    return response.json(
        {
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "by": by or "all",
            "time_zone": str(zone.key),
            "days": [row.to_json() for row in rows],
        }
    )
