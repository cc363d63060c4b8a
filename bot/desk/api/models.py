"""The trainer's models: start a retrain (in a process of its own), follow it, read the
history of models with their figures, and move labelled examples in and out as CSV.
Trainers and supervisors only."""

from __future__ import annotations

import asyncio

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk import examples_csv, retrain_runner
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, INT, STR, answer, failure, obj, query
from bot.desk.api.sessions import hub_of, signed_in, store_on_engine
from bot.desk.api.trainer import labels, record_labels, trainer_only
from bot.desk.model_history import ModelHistory
from bot.model_rollout import Rollout, most_served
from bot.text_input import whole_number

ANY = {"type": "object"}
JOB = {"type": "object", "nullable": True, "description": "a retrain: stage, stages, figures, verdict"}
STATUS = obj(["running", "job", "max_drop"], running=BOOL, job=JOB, max_drop={"type": "number"})
MODEL_FILE = {"type": "string", "nullable": True}
REPLICA = obj(["replica", "url", "model_file"], replica=INT, url=STR, model_file=MODEL_FILE)
SERVED = obj(
    ["model_file", "replicas", "answering", "consistent"],
    model_file=MODEL_FILE,
    replicas={"type": "array", "items": REPLICA},
    answering=INT,
    consistent=BOOL,
)

REFUSED_ROW = obj(["line", "text", "intent", "reason"], line=INT, text=STR, intent=STR, reason=STR)
models = Blueprint("desk_models", url_prefix="/api/trainer")


def history_of(request: Request) -> ModelHistory:
    """One store per app, on the desk's engine."""
    return store_on_engine(request, "model_history", ModelHistory)


@models.post("/retrain")
@documented(
    "Retrain in the background: train (cached by fingerprint), evaluate on the held-out and "
    "real-buyer sets, and load the model into Rasa only if no language's macro-F1 drops by "
    "more than KEFU_RETRAIN_MAX_DROP points",
    responses={202: answer(obj(["job"], job=JOB), "Started"), 409: failure("A retrain is running")},
)
@signed_in(desk=False)
async def retrain(request: Request) -> HTTPResponse:
    trainer_only(request)
    hub = hub_of(request)
    job = await retrain_runner.start(
        request.app.ctx.settings, hub.queue, history_of(request), request.ctx.agent.username, hub.clock()
    )
    return response.json({"job": job}, status=202)


@models.get("/retrain")
@documented("The latest retrain (with its log's end while it runs), and whether one runs now",
            responses={200: answer(STATUS)})  # fmt: skip
@signed_in(desk=False)
async def retrain_status(request: Request) -> HTTPResponse:
    trainer_only(request)
    found = await retrain_runner.status(hub_of(request).queue, history_of(request))
    # The promotion rule's limit, in macro-F1 points, for the page to mark drops beyond it.
    return response.json({**found, "max_drop": request.app.ctx.settings.retrain_max_drop})


@models.get("/served")
@documented(
    "The model each Rasa server serves now (every replica of KEFU_RASA_REPLICAS, null where "
    "one did not answer), the one most serve, and whether all that answered serve the same",
    responses={200: answer(SERVED)},
)
@signed_in(desk=False)
async def served_models(request: Request) -> HTTPResponse:
    trainer_only(request)
    settings = request.app.ctx.settings
    served = await Rollout(settings.rasa_replica_urls, settings.rasa_token, settings.models_dir).served()
    answers = [name for name in served.values() if name]
    replicas = [
        {"replica": number, "url": url, "model_file": name}
        for number, (url, name) in enumerate(served.items(), 1)
    ]
    return response.json(
        {
            "model_file": most_served(served),
            "replicas": replicas,
            "answering": len(answers),
            # A replica that did not answer serves nothing to disagree with; the page says it is down.
            "consistent": len(set(answers)) <= 1,
        }
    )


@models.get("/models")
@documented(
    "The history of retrained models, newest first: who, when, per-set macro-F1, promoted or why not",
    params=[query("limit", INT)],
    responses={200: answer(obj(["models"], models={"type": "array", "items": ANY}))},
)
@signed_in(desk=False)
async def model_list(request: Request) -> HTTPResponse:
    trainer_only(request)
    limit = whole_number(request.args.get("limit", "50"), highest=500)
    if not limit:
        raise ApiError(400, "'limit' must be a number from 1 to 500")
    found = await asyncio.to_thread(history_of(request).history, limit)
    return response.json({"models": found})


@models.get("/models/<job_id:str>")
@documented(
    "One retrain in full: the candidate's and the served model's reports per set (with "
    "confusion matrices), the verdict and the end of its log",
    responses={200: answer(obj(["model"], model=ANY)), 404: failure("No such retrain")},
)
@signed_in(desk=False)
async def model_detail(request: Request, job_id: str) -> HTTPResponse:
    trainer_only(request)
    number = whole_number(job_id)
    found = await asyncio.to_thread(history_of(request).get, number) if number is not None else None
    if found is None:
        raise ApiError(404, f"no retrain {job_id}")
    return response.json({"model": found})


@models.get("/examples.csv")
@documented(
    "The labelled examples (data/nlu/<lang>/reviewed.yml) as CSV: language, text, intent, "
    "labelled_by, labelled_at",
    params=[query("lang")],
    responses={
        200: answer(STR, media="text/csv"),
        400: failure("Unknown language"),
        409: failure("A reviewed.yml this desk does not understand (the reason named)"),
    },
)
@signed_in(desk=False)
async def export_examples(request: Request) -> HTTPResponse:
    trainer_only(request)
    known = hub_of(request).catalogue.languages
    wanted = request.args.get("lang")
    if wanted is not None and wanted not in known:
        raise ApiError(400, f"'lang' must be one of {', '.join(known)}")
    directory = request.app.ctx.settings.nlu_data_dir
    rows = await asyncio.to_thread(examples_csv.existing, directory, [wanted] if wanted else known)
    return response.text(
        examples_csv.to_csv(rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="labelled-examples.csv"'},
    )


@models.post("/examples.csv")
@documented(
    "Import labelled examples from CSV (UTF-8; header language,text,intent[,labelled_by,"
    "labelled_at]): all rows checked first, nothing written unless all are well formed; a row "
    "the hand-written training data contradicts is left out and listed under `refused` with its "
    "line and why, the rest imported; repeats and examples already labelled so are skipped; "
    "each goes in as a label from the inbox does",
    body={"type": "string", "format": "binary"},
    body_media="text/csv",
    responses={
        200: answer(
            obj(
                ["imported", "skipped", "refused"],
                imported=INT,
                skipped=INT,
                refused={"type": "array", "items": REFUSED_ROW},
            ),
            "Imported (but the rows under `refused`)",
        ),
        400: failure("Bad rows (with their line numbers), wrong encoding, or no rows"),
        409: failure("A reviewed.yml could not be written (the reason named); nothing was imported"),
    },
)
@signed_in(desk=False)
async def import_examples(request: Request) -> HTTPResponse:
    trainer_only(request)
    hub, settings = hub_of(request), request.app.ctx.settings
    known = hub.catalogue.languages
    try:
        # In a thread, as the quick replies' import: the event loop serves everyone meanwhile.
        parsed = await asyncio.to_thread(examples_csv.parse, request.body or b"", known, labels(request))
    except examples_csv.BadCsv as exc:
        raise ApiError(400, str(exc)) from exc
    present = await asyncio.to_thread(examples_csv.existing, settings.nlu_data_dir, known)
    tests_dir = settings.train_root / "tests" / "nlu"
    allowed, refused = await asyncio.to_thread(
        examples_csv.without_contradictions, parsed, settings.nlu_data_dir, tests_dir
    )
    fresh = examples_csv.new_examples(allowed, present)
    me, now = request.ctx.agent.username, hub.clock()
    if fresh:
        rows = [(e.language, e.text, e.intent, e.labelled_by or me, e.labelled_at or now) for e in fresh]
        await record_labels(request, rows)
    skipped = len(allowed) - len(fresh)
    return response.json({"imported": len(fresh), "skipped": skipped, "refused": refused})
