"""The seller's desk settings from the console (supervisors): GET /api/seller/desk-settings,
the settings in force; PUT, the console's settings checked, written to seller/desk.yml
(KEFU_DESK_CONFIG) and in force at once on this desk (the other replicas read the file
within seconds: config_watch.py). A setting the desk cannot use is a 400 naming it, and
nothing is written."""

from __future__ import annotations

import asyncio

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import STR, answer, failure, obj
from bot.desk.api.sessions import EDITOR_ROLES, hub_of, json_body, require_role, signed_in
from bot.seller.desk import parse_desk_config
from bot.seller.desk_document import desk_document, merged_settings, read_raw, write_desk_file

SETTINGS = {
    "type": "object",
    "description": "time_zone, working_hours ({mon..sun: ['09:00-18:00', ...]}, [] closed), always_open, "
    "holidays (YYYY-MM-DD), first_response_minutes, first_response_targets ({pre_sale|after_sale: "
    "{1|2|3: minutes}}), auto_assign ({max_chats}), csat_window_hours, bot_idle_minutes",
}
ANSWER = obj(["settings", "file"], settings=SETTINGS, file=STR)

desk_settings = Blueprint("desk_settings", url_prefix="/api/seller")


@desk_settings.get("/desk-settings")
@documented("The desk's settings in force (supervisors)", responses={200: answer(ANSWER)})
@signed_in(desk=False)
async def current_settings(request: Request) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, "see or change the desk's settings")
    hub = hub_of(request)
    return response.json({"settings": desk_document(hub.config), "file": _path(request).name})


@desk_settings.put("/desk-settings")
@documented(
    "Change the desk's settings (supervisors): checked, written to seller/desk.yml, in force at once",
    body=obj(["settings"], settings=SETTINGS),
    responses={200: answer(ANSWER), 400: failure("A setting the desk cannot use, named")},
)
@signed_in(desk=False)
async def change_settings(request: Request) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, "see or change the desk's settings")
    hub = hub_of(request)
    path = _path(request)
    try:
        current = await asyncio.to_thread(read_raw, path) if path.exists() else {}
        merged = merged_settings(current, json_body(request).get("settings"))
    except ValueError as exc:
        raise ApiError(400, f"settings not saved: {exc}") from exc
    await asyncio.to_thread(write_desk_file, path, merged, request.ctx.agent.username, hub.clock())
    hub.config = parse_desk_config(merged)
    return response.json({"settings": desk_document(hub.config), "file": path.name})


def _path(request: Request):
    return request.app.ctx.settings.desk_config
