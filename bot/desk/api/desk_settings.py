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
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj
from bot.desk.api.sessions import EDITOR_ROLES, hub_of, json_body, require_role, signed_in
from bot.seller.desk import parse_desk_config
from bot.seller.desk_document import ChangedMeanwhile, desk_document, read_raw, save_desk_settings

NUMBER = {"type": "number"}
SETTINGS = {
    "type": "object",
    "description": "time_zone, working_hours ({mon..sun: ['09:00-18:00', ...]}, [] closed), always_open, "
    "holidays (YYYY-MM-DD), first_response_minutes, first_response_targets ({pre_sale|after_sale: "
    "{1|2|3: minutes}}), auto_assign ({max_chats}), csat_window_hours, bot_idle_minutes (0: never), "
    "bot_csat ({ask}); "
    "every time above 0 and at most a year",
    "properties": {
        "time_zone": {**STR, "example": "UTC"},
        "working_hours": {"type": "object", "example": {"mon": ["09:00-18:00"]}},
        "always_open": BOOL,
        "holidays": {"type": "array", "items": STR, "example": ["2026-12-31"]},
        "first_response_minutes": NUMBER,
        "first_response_targets": {"type": "object", "example": {"pre_sale": {"1": 3}}},
        "auto_assign": obj([], max_chats=INT),
        "csat_window_hours": NUMBER,
        "bot_idle_minutes": NUMBER,
        "bot_csat": obj(
            ["ask"],
            ask={**BOOL, "description": "ask the buyers of chats the bot settled alone for a 1-5 rating"},
        ),
    },
}
VERSION = {**STR, "description": "the file's version: sent back with a change, a 409 if it changed meanwhile"}
ANSWER = obj(["settings", "file", "version"], settings=SETTINGS, file=STR, version=VERSION)
CHANGED_MEANWHILE = (
    "settings not saved: they were changed since you opened them (by another supervisor, or in "
    "the file); reload the page to see the changes, then make yours again"
)

desk_settings = Blueprint("desk_settings", url_prefix="/api/seller")


@desk_settings.get("/desk-settings")
@documented("The desk's settings in force (supervisors)", responses={200: answer(ANSWER)})
@signed_in(desk=False)
async def current_settings(request: Request) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, "see or change the desk's settings")
    path = _path(request)
    try:
        _, version = await asyncio.to_thread(read_raw, path)
    except ValueError:  # a file the desk could not read: the settings in force are shown
        version = "unreadable"
    return response.json(
        {"settings": desk_document(hub_of(request).config), "file": path.name, "version": version}
    )


@desk_settings.put("/desk-settings")
@documented(
    "Change the desk's settings (supervisors): checked, written to seller/desk.yml, in force at once",
    body=obj(["settings"], settings=SETTINGS, version=VERSION),
    responses={
        200: answer(ANSWER),
        400: failure("A setting the desk cannot use, named"),
        409: failure("The settings changed since `version` was read: nothing written"),
    },
)
@signed_in(desk=False)
async def change_settings(request: Request) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, "see or change the desk's settings")
    hub, path, body = hub_of(request), _path(request), json_body(request)
    expected = body.get("version")
    if expected is not None and not isinstance(expected, str):
        raise ApiError(400, "'version' is the one GET /api/seller/desk-settings gave, a text")
    # One change at a time on this desk (the file's lock holds the other replicas' saves off).
    async with _one_at_a_time(request):
        me, now = request.ctx.agent.username, hub.clock()
        try:
            merged, version = await asyncio.to_thread(
                save_desk_settings, path, body.get("settings"), expected, me, now
            )
        except ChangedMeanwhile as exc:
            raise ApiError(409, CHANGED_MEANWHILE) from exc
        except ValueError as exc:
            raise ApiError(400, f"settings not saved: {exc}") from exc
        hub.config = parse_desk_config(merged)
    return response.json({"settings": desk_document(hub.config), "file": path.name, "version": version})


def _one_at_a_time(request: Request) -> asyncio.Lock:
    ctx = request.app.ctx
    if getattr(ctx, "desk_settings_lock", None) is None:
        ctx.desk_settings_lock = asyncio.Lock()
    return ctx.desk_settings_lock


def _path(request: Request):
    return request.app.ctx.settings.desk_config
