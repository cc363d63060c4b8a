"""The seller's promo campaigns in the desk: start one (the campaign file's YAML, or the
same document as JSON), follow its progress, list those started (the console's promos page).
Supervisors only, as the auto-replies: these words go to many buyers. The sending runs in
the desk's background at the campaign's rate; the progress counts come from the database,
so they survive a restart.
"""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj
from bot.desk.api.sessions import EDITOR_ROLES, hub_of, json_body, require_role, signed_in
from bot.desk.promos import CampaignBusy, CampaignNotRunning, PromoReport, PromoService
from bot.seller.campaigns import Campaign, CampaignError, parse_campaign, read_campaign

PROGRESS = obj(
    ["campaign", "state", "audience", "sent", "skipped", "failed", "sending", "held"],
    campaign=STR,
    state={"type": "string", "enum": ["running", "done", "failed"]},
    started_by=STR,
    started_at=STR,
    finished_at={**STR, "nullable": True},
    audience={**INT, "description": "buyers the campaign's audience matched at its last start"},
    sent=INT,
    skipped={**INT, "description": "for good: opted out, or the marketplace allows no promos"},
    failed={**INT, "description": "the marketplace or the seller's endpoint refused the message"},
    sending=INT,
    held={**INT, "description": "quiet hours or the daily cap: start the campaign again later"},
)
DRY_RUN = obj(
    ["campaign", "dry_run", "audience", "sent", "skipped", "held", "before"],
    campaign=STR,
    dry_run=BOOL,
    audience=INT,
    sent={**INT, "description": "would be sent now"},
    skipped={"type": "object", "description": "reason -> buyers"},
    held=INT,
    before={**INT, "description": "reached by an earlier run"},
)
START = {
    "type": "object",
    "description": 'the campaign: {"campaign": {...}} as JSON, or {"yaml": "<the campaign file>"}',
    "properties": {"campaign": {"type": "object"}, "yaml": STR, "dry_run": BOOL},
}

promos = Blueprint("desk_promos", url_prefix="/api/seller/promos")


def _service(request: Request) -> PromoService:
    require_role(request, EDITOR_ROLES, "send or see the seller's promo campaigns")
    service = hub_of(request).promos
    if service is None:
        raise ApiError(503, "promo campaigns are not set up in this desk")
    return service


def _campaign(body: dict) -> Campaign:
    if ("campaign" in body) == ("yaml" in body):
        raise ApiError(400, 'send {"campaign": {...}} or {"yaml": "<the campaign file>"}, one of them')
    if "yaml" in body and not isinstance(body["yaml"], str):
        raise ApiError(400, '"yaml" is the campaign file\'s text')
    return read_campaign(body["yaml"]) if "yaml" in body else parse_campaign(body["campaign"])


def _dry_run(report: PromoReport) -> dict:
    return {
        "campaign": report.campaign,
        "dry_run": True,
        "audience": report.audience,
        "sent": report.sent,
        "skipped": report.skipped,
        "held": report.held,
        "before": report.before,
    }


@promos.post("")
@documented(
    "Start a promo campaign (its period must be now); 202 with its progress, or a dry run's outcome",
    body=START,
    responses={
        200: answer(DRY_RUN, "a dry run: what would happen now; nothing sent or recorded"),
        202: answer(PROGRESS, "started; follow GET /api/seller/promos/{campaign_id}"),
        400: failure("The campaign is not usable; every problem is named in `problems`"),
        409: failure("Outside the campaign's period, or it is running already"),
    },
)
@signed_in(desk=False)
async def start_promo(request: Request) -> HTTPResponse:
    service = _service(request)
    body = json_body(request)
    dry_run = body.pop("dry_run", False)
    if not isinstance(dry_run, bool):
        raise ApiError(400, '"dry_run" is true or false')
    try:
        campaign = _campaign(body)
        plan = await service.prepare(campaign, request.ctx.agent.username, dry_run)
    except CampaignError as exc:
        return response.json({"error": f"campaign not usable: {exc}", "problems": exc.problems}, status=400)
    except (CampaignNotRunning, CampaignBusy) as exc:
        raise ApiError(409, str(exc)) from None
    if dry_run:
        return response.json(_dry_run(await service.carry_out(plan)))
    hub = hub_of(request)
    hub.spawn(service.carry_out(plan))
    progress = await hub.db(service.log.progress, campaign.id)
    return response.json(progress, status=202, headers={"Location": f"/api/seller/promos/{campaign.id}"})


@promos.get("")
@documented(
    "The promo campaigns started, newest first, each with its progress (supervisors)",
    responses={200: answer(obj(["campaigns"], campaigns={"type": "array", "items": PROGRESS}))},
)
@signed_in(desk=False)
async def list_promos(request: Request) -> HTTPResponse:
    service = _service(request)
    found = await hub_of(request).db(service.log.campaigns)
    return response.json({"campaigns": found}, headers={"Cache-Control": "no-store"})


@promos.get("/<campaign_id:str>")
@documented(
    "A promo campaign's progress: buyers sent to, skipped, failed, held (supervisors)",
    responses={200: answer(PROGRESS), 404: failure("No campaign by that id was started")},
)
@signed_in(desk=False)
async def promo_progress(request: Request, campaign_id: str) -> HTTPResponse:
    service = _service(request)
    progress = await hub_of(request).db(service.log.progress, campaign_id)
    if progress is None:
        raise ApiError(404, f"no promo campaign {campaign_id!r} was started")
    return response.json(progress, headers={"Cache-Control": "no-store"})
