"""The seller's quick replies as a CSV file (supervisors): GET /api/quick-replies.csv for a
copy, POST /api/quick-replies.csv to bring many in at once (bot/desk/quick_replies_csv.py).
An import is all or nothing: every row is checked first, and one bad row writes nothing."""

from __future__ import annotations

import asyncio
from typing import Sequence

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.csv_reading import BadCsv
from bot.desk import quick_replies_csv
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj, query
from bot.desk.api.sessions import EDITOR_ROLES, hub_of, require_role, signed_in
from bot.desk.quick_replies import ImportPlan

# A seller's whole set (300 replies in each of the languages) fits; the desk's other bodies
# stay within the app's own limit (bot/desk/app.py).
MAX_CSV_BYTES = 2 * 1024 * 1024
# Rows listed in a refusal: enough to mend a sheet by, not a second copy of a broken file.
MAX_PROBLEMS_LISTED = 200
WHAT = "read or write the quick replies as CSV"

quick_reply_files = Blueprint("desk_quick_reply_files", url_prefix="/api")

PLANNED = obj(
    ["row", "language", "title", "action"],
    row=INT,
    language=STR,
    title=STR,
    action={"type": "string", "enum": ["add", "replace", "unchanged"]},
)
PROBLEM = obj(["row", "problem"], row=INT, problem=STR)
IMPORTED = obj(
    ["dry_run", "added", "replaced", "unchanged", "rows"],
    dry_run=BOOL,
    added=INT,
    replaced=INT,
    unchanged=INT,
    rows={"type": "array", "items": PLANNED},
)
REFUSED = obj(
    ["error", "problems", "problem_count"],
    error=STR,
    problems={"type": "array", "items": PROBLEM},
    problem_count=INT,
)


@quick_reply_files.get("/quick-replies.csv")
@documented(
    "The seller's quick replies as a CSV file (supervisors): language, title, text, updated_by, "
    "updated_at; a cell that starts like a formula (= + - @) is written behind an apostrophe",
    responses={200: answer(STR, media="text/csv")},
)
@signed_in()
async def export_quick_replies(request: Request) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, WHAT)
    hub = hub_of(request)
    found = await hub.db(hub.journal.quick_replies, None)
    return response.text(
        quick_replies_csv.to_csv(found),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="quick-replies.csv"'},
    )


@quick_reply_files.post("/quick-replies.csv", stream=True)
@documented(
    "Import quick replies from CSV (supervisors; UTF-8 with or without BOM, comma, semicolon or "
    "tab separated; header language,title,text in any order, updated_by and updated_at "
    "ignored): each row adds a reply or replaces the text of the reply of its language and "
    "title. Every row is checked first; one bad row and nothing is written (400, each problem "
    "with its row, the header being row 1); else all are written at once. `dry_run=1`: "
    "check and say what would happen, write nothing",
    params=[query("dry_run", {"type": "string", "enum": ["0", "1"]})],
    body={"type": "string", "format": "binary"},
    body_media="text/csv",
    responses={
        200: answer(IMPORTED, "Imported (or, on a dry run, what an import would do)"),
        400: answer(REFUSED, "Bad rows (each with its row number), not UTF-8, or no rows: nothing written"),
        409: failure("Another supervisor added one of these titles meanwhile; nothing was written"),
        413: failure(f"The file is over {MAX_CSV_BYTES // (1024 * 1024)} MB"),
    },
)
@signed_in()
async def import_quick_replies(request: Request) -> HTTPResponse:
    require_role(request, EDITOR_ROLES, WHAT)
    dry_run = request.args.get("dry_run", "0")
    if dry_run not in ("0", "1"):
        raise ApiError(400, "'dry_run' is 1 (check only) or 0")
    # Read here, within this route's own limit: Sanic's PayloadTooLarge is a 413 (api/errors.py).
    if request.stream is not None:
        request.stream.request_max_size = MAX_CSV_BYTES
        await request.receive_body()
    hub = hub_of(request)
    try:
        # In a thread: a 2 MB file takes about a second to read, and the desk's event loop
        # serves every agent and buyer meanwhile.
        rows, problems = await asyncio.to_thread(
            quick_replies_csv.parse, request.body or b"", hub.catalogue.languages
        )
    except BadCsv as exc:
        raise ApiError(400, str(exc)) from exc
    if not rows and not problems:
        raise ApiError(400, "the file has no quick replies under its header")
    write = dry_run == "0" and not problems
    me, now = request.ctx.agent.username, hub.clock()
    plan = await hub.db(hub.journal.import_quick_replies, rows, me, now, write) if rows else ImportPlan()
    problems = sorted(problems + plan.problems)
    if problems:
        return _refused(problems)
    return response.json(_report(plan, dry_run == "1"))


def _refused(problems: Sequence[tuple]) -> HTTPResponse:
    listed = [{"row": row, "problem": problem} for row, problem in problems[:MAX_PROBLEMS_LISTED]]
    named = "; ".join(f"row {row}: {problem}" for row, problem in problems[:3])
    more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
    return response.json(
        {
            "error": f"{len(problems)} problem(s) in the file, nothing imported: {named}{more}",
            "problems": listed,
            "problem_count": len(problems),
        },
        status=400,
    )


def _report(plan: ImportPlan, dry_run: bool) -> dict:
    actions = [(row, "add") for row in plan.added] + [(row, "replace") for row in plan.replaced]
    actions += [(row, "unchanged") for row in plan.unchanged]
    return {
        "dry_run": dry_run,
        "added": len(plan.added),
        "replaced": len(plan.replaced),
        "unchanged": len(plan.unchanged),
        "rows": [
            {"row": row.row, "language": row.language, "title": row.title, "action": action}
            for row, action in sorted(actions, key=lambda pair: pair[0].row)
        ],
    }
