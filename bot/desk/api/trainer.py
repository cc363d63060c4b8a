"""The trainer's API: the inbox of buyer messages the bot was unsure of, labelling a group
(the example goes to data/nlu/<lang>/reviewed.yml), and an agent's correction of what a
buyer in their chat really asked. Trainers and supervisors read and label; the agent
holding a chat (or a supervisor) corrects."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Dict, List, Sequence, Tuple

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk import auth
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import INT, STR, answer, failure, obj, query
from bot.desk.api.sessions import hub_of, json_body, signed_in, store_on_engine, visible_conversation
from bot.desk.api.trainer_schemas import ANY, GIVEN, GROUP, LABEL, NUMBER, UNDONE
from bot.desk.curated_examples import curated_examples, in_evaluation_sets
from bot.desk.errors import NotAllowed
from bot.desk.label_history import MAX_PAGE, RECENT, LabelFilter, LabelHistory, read_cursor
from bot.desk.label_text import cleaned, text_problem
from bot.desk.rasa_client import FALLBACK_INTENT
from bot.desk.reviewed_examples import add_labels, remove_example
from bot.desk.trainer_inbox import OUT_OF_SCOPE, NluReviews
from bot.text_input import whole_number

TRAINER_ROLES = ("trainer", "supervisor")
# The inbox's period: the last 30 days unless the trainer asks for another, up to a year.
INBOX_DAYS, MAX_INBOX_DAYS = 30, 366
trainer = Blueprint("desk_trainer", url_prefix="/api")


def reviews_of(request: Request) -> NluReviews:
    """One store per app, on the desk's engine."""
    return store_on_engine(request, "nlu_reviews", NluReviews)


def labels(request: Request) -> List[str]:
    """What a message may be labelled as: the domain's intents, out_of_scope among them."""
    names = set(hub_of(request).domain_names.intents) - {FALLBACK_INTENT}
    return sorted(names | {OUT_OF_SCOPE})


def trainer_only(request: Request) -> None:
    role = request.ctx.agent.role
    if role not in TRAINER_ROLES:
        raise ApiError(403, f"the {role} role has no access to the trainer's inbox")


def language_of(request: Request, value: object) -> str:
    known = hub_of(request).catalogue.languages
    if not isinstance(value, str) or value not in known:
        raise ApiError(400, f"'lang' must be one of {', '.join(known)}")
    return value


@trainer.get("/trainer/inbox")
@documented(
    "Buyer messages in one language the bot was unsure of (clarified, handed off, low "
    "confidence, corrected by an agent) in the last `days` (30), near-duplicates grouped, "
    "the most doubted first; each group also says how often buyers wrote it at all",
    params=[query("lang", required=True), query("days", INT)],
    responses={
        200: answer(
            obj(
                ["language", "threshold", "days", "since", "groups", "intents"],
                language=STR,
                threshold=NUMBER,
                days=INT,
                since={"type": "string", "format": "date-time"},
                groups={"type": "array", "items": GROUP},
                intents={"type": "array", "items": STR},
            )
        ),
        400: failure("No or unknown language, or days not a whole number from 1 to 366"),
    },
)
@signed_in(desk=False)
async def inbox(request: Request) -> HTTPResponse:
    trainer_only(request)
    language = language_of(request, request.args.get("lang"))
    days = whole_number(request.args.get("days", str(INBOX_DAYS)))
    if days is None or not 1 <= days <= MAX_INBOX_DAYS:
        raise ApiError(400, f"'days' must be a whole number from 1 to {MAX_INBOX_DAYS}")
    threshold = request.app.ctx.settings.trainer_confidence
    since = hub_of(request).clock() - timedelta(days=days)
    groups = await asyncio.to_thread(reviews_of(request).inbox, language, threshold, since)
    directory = request.app.ctx.settings.nlu_data_dir
    curated = await asyncio.to_thread(curated_examples, directory, language)
    for group in groups:
        # The model fails on words it was trained on: the label must agree with that file.
        group["trained_as"] = [found._asdict() for found in curated.get(group["key"], [])]
    return response.json(
        {
            "language": language,
            "threshold": threshold,
            "days": days,
            "since": since.isoformat(),
            "groups": groups,
            "intents": labels(request),
        }
    )


@trainer.post("/trainer/label")
@documented(
    "Label a group with the intent the buyers meant (or out_of_scope); the example is added "
    "to data/nlu/<language>/reviewed.yml with who and when, and the group leaves the inbox",
    body=LABEL,
    responses={
        201: answer(
            obj(
                ["label", "file"],
                label=ANY,
                file={"type": "string", "nullable": True},
                not_written={"type": "string"},
            ),
            "Labelled; `file` null and `not_written` saying why when an evaluation set has the "
            "words (the label is kept, the training data not given the line)",
        ),
        400: failure(
            "Unknown language or intent; a text empty, over 2000 characters, without a word, "
            "or in another language's script"
        ),
        409: failure(
            "Labelled already as another intent (who and what named; `replace: true` changes it), or "
            "reviewed.yml could not be written (the reason named); nothing was recorded"
        ),
    },
)
@signed_in(desk=False)
async def label(request: Request) -> HTTPResponse:
    trainer_only(request)
    payload = json_body(request)
    language = language_of(request, payload.get("language"))
    text, intent = payload.get("text"), payload.get("intent")
    if not isinstance(text, str):
        raise ApiError(400, "'text' must be the buyer's message")
    if intent not in labels(request):
        raise ApiError(400, "'intent' must be one of the domain's intents or out_of_scope")
    text = cleaned(text)
    problem = text_problem(text, language)
    if problem:
        raise ApiError(400, f"'text': {problem}")
    by, now = request.ctx.agent.username, hub_of(request).clock()
    if payload.get("replace") is not True:
        # A second trainer silently replaced a colleague's label, which then showed nowhere,
        # not even among the undone (a console review, 2026-12-07). One's own: theirs to change.
        given = await asyncio.to_thread(label_history_of(request).current, language, text)
        if given is not None and given["intent"] != intent and given["by"] != by:
            raise ApiError(
                409, f"already labelled {given['intent']} by {given['by']}: send replace: true to change it"
            )
    tests_dir = request.app.ctx.settings.train_root / "tests" / "nlu"
    evaluated = await asyncio.to_thread(in_evaluation_sets, tests_dir, language, text)
    if evaluated:
        # The trainer's reading is kept (the group leaves the inbox), the training data is not
        # given the line: otherwise such a group could never be answered.
        kept = await asyncio.to_thread(reviews_of(request).label_many, [(language, text, intent, by, now)])
        return response.json({"label": kept[0], "file": None, "not_written": evaluated}, status=201)
    saved, path = await record_label(request, language, text, intent, by, now)
    return response.json({"label": saved, "file": path}, status=201)


async def record_label(
    request: Request, language: str, text: str, intent: str, by: str, at: datetime
) -> Tuple[dict, str]:
    """A label as the inbox keeps it (the group leaves it) and as training data (reviewed.yml)."""
    saved, paths = await record_labels(request, [(language, text, intent, by, at)])
    return saved[0], paths[0]


async def record_labels(
    request: Request, labelled: Sequence[Tuple[str, str, str, str, datetime]]
) -> Tuple[List[dict], List[str]]:
    """record_label for many (language, text, intent, by, at): one file write per language,
    every language's or none. The files first: should the label table then fail, the groups
    stay in the inbox and labelling them again changes nothing in the files; the other way
    round, a failed write left a group out of the inbox with its example missing."""
    reviews, directory = reviews_of(request), request.app.ctx.settings.nlu_data_dir
    by_language: Dict[str, list] = {}
    for language, text, intent, by, at in labelled:
        by_language.setdefault(language, []).append((text, intent, by, at))
    paths = await asyncio.to_thread(add_labels, directory, by_language)
    saved = await asyncio.to_thread(reviews.label_many, labelled)
    return saved, [str(path.relative_to(directory)) for path in paths]


def label_history_of(request: Request) -> LabelHistory:
    return store_on_engine(request, "label_history", LabelHistory)


@trainer.get("/trainer/labels")
@documented(
    "The labels of one language, newest first, each undoable: `intent`, `by` (a trainer) and "
    "`words` (in the labelled text, case aside) narrow them; a page holds `limit` (50, at "
    "most 200) and `next` is the `after` of the following page (null on the last). Beside "
    "them the latest undone labels with who undid them and when",
    params=[
        query("lang", required=True),
        query("intent"),
        query("by"),
        query("words"),
        query("after"),
        query("limit", INT),
    ],
    responses={
        200: answer(
            obj(
                ["language", "labels", "matching", "next", "undone"],
                language=STR,
                labels={"type": "array", "items": GIVEN},
                matching={"type": "integer", "description": "labels the filters match, all pages"},
                next={"type": "string", "nullable": True},
                undone={"type": "array", "items": UNDONE},
            )
        ),
        400: failure(
            "No or unknown language or intent, a limit not from 1 to 200, or an `after` no page gave"
        ),
    },
)
@signed_in(desk=False)
async def recent_labels(request: Request) -> HTTPResponse:
    trainer_only(request)
    language = language_of(request, request.args.get("lang"))
    intent = request.args.get("intent") or None
    if intent is not None and intent not in labels(request):
        raise ApiError(400, "'intent' must be one of the domain's intents or out_of_scope")
    limit = whole_number(request.args.get("limit", str(RECENT)))
    if limit is None or not 1 <= limit <= MAX_PAGE:
        raise ApiError(400, f"'limit' must be a whole number from 1 to {MAX_PAGE}")
    after = request.args.get("after") or None
    if after is not None:
        try:
            read_cursor(after)
        except ValueError:
            raise ApiError(400, "'after' must be the `next` of an earlier page") from None
    only = LabelFilter(intent, request.args.get("by") or None, request.args.get("words") or None)
    history = label_history_of(request)
    found = await asyncio.to_thread(history.recent, language, limit, only, after)
    return response.json({"language": language, **found})


@trainer.post("/trainer/unlabel")
@documented(
    "Undo a label (any trainer's): its example leaves data/nlu/<language>/reviewed.yml, who "
    "undid it and when is kept, and its group is back in the inbox while buyers still write "
    "it and the bot is unsure of it. A retrain already training keeps the example; the next "
    "one does not",
    body=obj(["language", "text"], language=STR, text=STR),
    responses={
        200: answer(
            obj(["undone", "file"], undone=UNDONE, file={"type": "string", "nullable": True}),
            "Undone; `file` the reviewed.yml the example left, null when it was never written "
            "there (an evaluation line, or a hand-written file had it)",
        ),
        400: failure("Unknown language, or no text"),
        404: failure("No label for these words"),
        409: failure("reviewed.yml could not be written (the reason named); the label stays"),
    },
)
@signed_in(desk=False)
async def unlabel(request: Request) -> HTTPResponse:
    trainer_only(request)
    payload = json_body(request)
    language = language_of(request, payload.get("language"))
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "'text' must be the labelled words")
    history, directory = label_history_of(request), request.app.ctx.settings.nlu_data_dir
    given = await asyncio.to_thread(history.find, language, cleaned(text))
    # The file first, as labelling writes it first: should the table then fail, the label is
    # still listed and undoing it again finishes the job.
    path = await asyncio.to_thread(remove_example, directory, language, given["key"])
    undone = await asyncio.to_thread(
        history.undo, language, given["key"], request.ctx.agent.username, hub_of(request).clock()
    )
    named = str(path.relative_to(directory)) if path else None
    return response.json({"undone": undone, "file": named})


@trainer.post("/conversations/<conversation_id:str>/messages/<message_id:str>/intent")
@documented(
    "Say which intent a buyer message really had (the agent holding the chat, or a "
    "supervisor); the message goes to the trainer's inbox as corrected",
    body=obj(["intent"], intent=STR),
    responses={200: answer(obj(["message"], message=ANY)), 400: failure("Unknown intent")},
)
@signed_in()
async def correct_intent(request: Request, conversation_id: str, message_id: str) -> HTTPResponse:
    conversation = await visible_conversation(request, conversation_id)
    agent = request.ctx.agent
    if not (auth.holds(agent, conversation) or agent.role == "supervisor"):
        raise NotAllowed("only the agent holding the conversation, or a supervisor, may correct it")
    intent = json_body(request).get("intent")
    if intent not in labels(request):
        raise ApiError(400, "'intent' must be one of the domain's intents or out_of_scope")
    number = whole_number(message_id)
    if number is None:
        raise ApiError(404, f"no message {message_id}")
    reviews, now = reviews_of(request), hub_of(request).clock()
    corrected = await asyncio.to_thread(reviews.correct, conversation.id, number, intent, agent.username, now)
    return response.json({"message": corrected})
