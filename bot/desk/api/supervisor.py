"""The supervisor's API: the customer-service KPIs (bot/metrics) of a period, per seller
day and per marketplace, language, tier or agent (GET /api/kpi, also served at its first
name GET /api/metrics, and as a CSV file at GET /api/kpi.csv), and the dashboard's lists
beside them (top intents, the quality report, the live queues). Supervisors and tier-3
agents only: the figures compare agents with each other."""

from __future__ import annotations

from typing import Tuple

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk import auth
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj, query
from bot.desk.api.sessions import hub_of, signed_in
from bot.metrics import BREAKDOWNS, kpi_report, kpi_totals
from bot.metrics.dashboard import dashboard_lists
from bot.metrics.periods import Period, PeriodError, parse_day
from bot.metrics.render import as_csv
from bot.seller.examples import seller_files, unset_settings

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
    bot_contained={**INT, "description": "resolved by the bot with no person involved"},
    bot_containment={**RATE, "description": "bot_contained / conversations; 0-1, null without conversations"},
    bot_unresolved={**INT, "description": "never with a person and not resolved: still with the bot"},
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
KPI_FIGURES = {
    **KPI_DAY,
    "required": ["buyers_served", "messages_received"],
    "properties": {k: v for k, v in KPI_DAY["properties"].items() if k not in ("day", "group", "final")},
}
TOTALS = obj(
    ["all", "marketplaces"],
    all={**KPI_FIGURES, "description": "the whole period: a buyer who wrote on several days counts once"},
    marketplaces={
        "type": "object",
        "additionalProperties": KPI_FIGURES,
        "description": "marketplace -> the period's totals of its chats",
    },
)
DAY = {"type": "string", "format": "date"}
PERIOD_PARAMS = [query("from", DAY, required=True), query("to", DAY, required=True)]
BAD_PERIOD = "Missing or bad dates (YYYY-MM-DD, at most a year, in order)"
DASHBOARD = obj(
    ["from", "to", "time_zone", "top_intents", "quality", "queues", "unset_settings"],
    **{"from": DAY, "to": DAY},
    time_zone=STR,
    top_intents={"type": "array", "items": obj(["intent", "messages"], intent=STR, messages=INT)},
    quality={
        "type": "array",
        "description": "products in red-tagged damaged or wrong-item cases opened in the period",
        "items": obj(["sku", "title", "cases", "units"], sku=STR, title=STR, cases=INT, units=INT),
    },
    unset_settings={
        "type": "array",
        "description": "the seller's settings still holding Kefu's example values (kefu seller check)",
        "items": obj(["file", "key", "why"], file=STR, key=STR, why=STR),
    },
    queues={
        "type": "array",
        "description": "live, per tier: chats waiting for an agent, of those how many breached an SLA, "
        "and chats agents hold past their first-reply deadline, still unanswered",
        "items": obj(
            ["tier", "waiting", "breached", "held_late"], tier=INT, waiting=INT, breached=INT, held_late=INT
        ),
    },
)

supervisor = Blueprint("desk_supervisor", url_prefix="/api")


@documented(
    "The customer-service KPIs per seller day, and the period's totals (supervisors and tier-3 "
    "agents); also at /api/metrics",
    params=[*PERIOD_PARAMS, query("by", {"type": "string", "enum": list(BREAKDOWNS)})],
    responses={
        200: answer(
            obj(
                ["from", "to", "by", "time_zone", "days"],
                **{"from": DAY, "to": DAY},
                by=STR,
                time_zone=STR,
                days={"type": "array", "items": KPI_DAY},
                totals={**TOTALS, "description": "the period's totals, for all chats and per marketplace"},
            )
        ),
        400: failure(f"{BAD_PERIOD} or an unknown breakdown"),
    },
)
@signed_in(desk=False)
async def kpi(request: Request) -> HTTPResponse:
    period, by, rows = await _daily_rows(request)
    hub = hub_of(request)
    whole = await hub.db(kpi_totals, hub.journal.engine, period)
    marketplaces = await hub.db(kpi_totals, hub.journal.engine, period, "marketplace")
    return response.json(
        {
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "by": by or "all",
            "time_zone": str(period.zone.key),
            "days": [row.to_json() for row in rows],
            "totals": {"all": whole["all"], "marketplaces": marketplaces},
        }
    )


supervisor.add_route(kpi, "/kpi", methods=["GET"], name="kpi")


# The report's first name, kept for the scripts that already use it.
supervisor.add_route(kpi, "/metrics", methods=["GET"], name="metrics")


@supervisor.get("/kpi.csv")
@documented(
    "The KPIs per seller day as a CSV file, every figure a column (as `kefu kpi --csv`), for a "
    "spreadsheet (supervisors and tier-3 agents)",
    params=[*PERIOD_PARAMS, query("by", {"type": "string", "enum": list(BREAKDOWNS)})],
    responses={200: answer(STR, media="text/csv"), 400: failure(f"{BAD_PERIOD} or an unknown breakdown")},
)
@signed_in(desk=False)
async def kpi_csv(request: Request) -> HTTPResponse:
    period, by, rows = await _daily_rows(request)
    name = f"kefu-kpi-{period.first.isoformat()}-to-{period.last.isoformat()}{f'-by-{by}' if by else ''}.csv"
    return response.text(
        as_csv(rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@supervisor.get("/dashboard")
@documented(
    "The dashboard's lists for a period (top intents, quality report) and the live queues",
    params=PERIOD_PARAMS,
    responses={200: answer(DASHBOARD), 400: failure(BAD_PERIOD)},
)
@signed_in(desk=False)
async def dashboard(request: Request) -> HTTPResponse:
    agent = _may_read_kpis(request)
    hub = hub_of(request)
    period = _period(request)
    lists = await hub.db(dashboard_lists, hub.journal.engine, period)
    snapshot = await hub.queue.snapshot(auth.visible_tiers(agent), hub.clock())
    held_late = await hub.db(hub.journal.held_late_by_tier)
    unset = await hub.db(unset_settings, seller_files(request.app.ctx.settings.desk_config))
    return response.json(
        {
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "time_zone": str(period.zone.key),
            **lists,
            "queues": [queue_sizes(tier, held_late.get(tier["tier"], 0)) for tier in snapshot],
            "unset_settings": [item.to_json() for item in unset],
        }
    )


def queue_sizes(tier: dict, held_late: int = 0) -> dict:
    """One tier of the queue snapshot (bot/desk/queue.py) counted for the dashboard: a claimed
    chat leaves the queue, so every chat in it is waiting; `held_late`: claimed chats still
    owing their first reply past the deadline, which the queue no longer shows."""
    items = tier["conversations"]
    breached = sum(1 for item in items if item["breached"])
    return {"tier": tier["tier"], "waiting": len(items), "breached": breached, "held_late": held_late}


async def _daily_rows(request: Request) -> Tuple[Period, str | None, list]:
    """The period and breakdown asked for, checked, and the KPI rows per seller day (and group)."""
    _may_read_kpis(request)
    by = _breakdown(request)
    hub = hub_of(request)
    period = _period(request)
    return period, by, await hub.db(kpi_report, hub.journal.engine, period, by, hub.clock())


def _breakdown(request: Request) -> str | None:
    by = request.args.get("by") or None
    if by is not None and by not in BREAKDOWNS:
        raise ApiError(400, f"by must be one of {', '.join(BREAKDOWNS)}")
    return by


def _may_read_kpis(request: Request):
    agent = request.ctx.agent
    if agent.role not in KPI_ROLES:
        raise ApiError(403, f"the {agent.role} role has no access to the KPIs")
    return agent


def _period(request: Request) -> Period:
    try:
        return Period(
            parse_day(request.args.get("from", ""), "from"),
            parse_day(request.args.get("to", ""), "to"),
            hub_of(request).config.hours.zone,
        )
    except PeriodError as exc:
        raise ApiError(400, str(exc)) from exc
