"""The seller's auto-replies in the console: GET the rules in force and their history (with
the working hours in force, which the off-hours reply follows), PUT a new version (checked
against the marketplaces' limits; every problem named in a 400). Supervisors only: these
words go to every buyer."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj
from bot.desk.api.sessions import EDITOR_ROLES, hub_of, json_body, require_role, signed_in
from bot.seller.auto_replies import (
    LANGUAGES,
    MAX_KEYWORD_RULES,
    MAX_REPLY_CHARS,
    MIN_KEYWORD_RULES,
    AutoRepliesError,
)
from bot.seller.keywords import MIN_CJK_LETTERS, MIN_THAI_LETTERS, MIN_WHOLE_WORD_LETTERS

DOCUMENT = {"type": "object", "description": "seller/auto_replies.yml as JSON"}
SAVED = obj(["version", "saved_by", "saved_at"], version=INT, saved_by=STR, saved_at=STR)
AUTO_REPLIES = obj(
    ["document", "history", "limits"],
    document=DOCUMENT,
    saved={**SAVED, "nullable": True, "description": "null: the rules come from seller/auto_replies.yml"},
    history={"type": "array", "items": SAVED},
    hours=obj(
        ["time_zone", "week", "open_now", "next_opening", "file"],
        time_zone=STR,
        week={"type": "object", "additionalProperties": STR, "description": 'mon..sun -> "09:00-18:00"'},
        holidays={"type": "array", "items": STR},
        open_now=BOOL,
        next_opening={**STR, "description": "when people are next at work (now, when open)"},
        file={**STR, "description": "where the seller sets them (seller/desk.yml, KEFU_DESK_CONFIG)"},
    ),
    limits={"type": "object"},
)

seller = Blueprint("desk_seller", url_prefix="/api/seller")


def _editor(request: Request) -> None:
    require_role(request, EDITOR_ROLES, "see or edit the seller's auto-replies")


def _hours(request: Request) -> dict:
    """The working hours in force (seller/desk.yml, read again when it changes): what the
    off-hours reply and the wait a buyer is told follow."""
    hub = hub_of(request)
    hours, now = hub.config.hours, hub.clock()
    return {
        "time_zone": str(hours.zone.key),
        "week": hours.week_text(),
        "holidays": sorted(day.isoformat() for day in hours.holidays),
        "open_now": hours.is_open(now),
        "next_opening": hours.next_opening(now).isoformat().replace("+00:00", "Z"),
        "file": str(request.app.ctx.settings.desk_config),
    }


async def _current(request: Request) -> HTTPResponse:
    rules = hub_of(request).intake.rules
    document, saved = await rules.document()
    history = await hub_of(request).db(rules.store.auto_reply_history)
    return response.json(
        {
            "document": document,
            "hours": _hours(request),
            "saved": saved.about() if saved else None,
            "history": [version.about() for version in history],
            "limits": {
                "languages": list(LANGUAGES),
                "keyword_rules": [MIN_KEYWORD_RULES, MAX_KEYWORD_RULES],
                "reply_chars": MAX_REPLY_CHARS,
                # Letters a keyword needs: whole-word scripts, Chinese/Japanese/Korean, Thai.
                "keyword_letters": [MIN_WHOLE_WORD_LETTERS, MIN_CJK_LETTERS, MIN_THAI_LETTERS],
            },
        },
        headers={"Cache-Control": "no-store"},
    )


@seller.get("/auto-replies")
@documented(
    "The seller's auto-replies in force, and who saved which version when (supervisors)",
    responses={200: answer(AUTO_REPLIES)},
)
@signed_in(desk=False)
async def auto_replies(request: Request) -> HTTPResponse:
    _editor(request)
    return await _current(request)


@seller.put("/auto-replies")
@documented(
    "Save a new version of the seller's auto-replies, used from the next buyer message (supervisors)",
    body=obj(["document"], document=DOCUMENT),
    responses={
        200: answer(AUTO_REPLIES),
        400: failure("The rules break a limit (3-9 keyword rules, replies of at most 300 characters...)"),
    },
)
@signed_in(desk=False)
async def save_auto_replies(request: Request) -> HTTPResponse:
    _editor(request)
    document = json_body(request).get("document")
    if not isinstance(document, dict):
        raise ApiError(400, 'send {"document": {...}}: the auto-replies as the console edits them')
    try:
        await hub_of(request).intake.rules.save(document, request.ctx.agent.username)
    except AutoRepliesError as exc:
        return response.json({"error": str(exc), "problems": exc.problems}, status=400)
    return await _current(request)
