"""A conversation's internal notes, never shown to the buyer: added by any agent who may see
the chat (POST), corrected or deleted by their author or a supervisor (PUT, DELETE)."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import TEXT, answer, failure, wrapped
from bot.desk.api.sessions import hub_of, json_body, signed_in, visible_conversation
from bot.text_input import whole_number

notes = Blueprint("desk_notes", url_prefix="/api")


@notes.post("/conversations/<conversation_id:str>/notes")
@documented(
    "Add an internal note (never shown to the buyer)",
    body=TEXT,
    responses={201: wrapped("note", "Note", "Created")},
)
@signed_in()
async def add_note(request: Request, conversation_id: str) -> HTTPResponse:
    conversation = await visible_conversation(request, conversation_id)
    note = await hub_of(request).add_note(request.ctx.agent, conversation, _text(request))
    return response.json({"note": note.to_json()}, status=201)


@notes.put("/conversations/<conversation_id:str>/notes/<note_id:str>")
@documented(
    "Correct a note (its author, or a supervisor)",
    body=TEXT,
    responses={
        200: wrapped("note", "Note"),
        403: failure("Not the note's author"),
        404: failure("No such note"),
    },
)
@signed_in()
async def change_note(request: Request, conversation_id: str, note_id: str) -> HTTPResponse:
    conversation = await visible_conversation(request, conversation_id)
    number = _note_number(note_id)
    changed = await hub_of(request).change_note(request.ctx.agent, conversation, number, _text(request))
    return response.json({"note": changed.to_json() if changed else None})


@notes.delete("/conversations/<conversation_id:str>/notes/<note_id:str>")
@documented(
    "Delete a note (its author, or a supervisor)",
    responses={
        204: answer(None, "Deleted"),
        403: failure("Not the note's author"),
        404: failure("No such note"),
    },
)
@signed_in()
async def delete_note(request: Request, conversation_id: str, note_id: str) -> HTTPResponse:
    conversation = await visible_conversation(request, conversation_id)
    await hub_of(request).change_note(request.ctx.agent, conversation, _note_number(note_id), None)
    return response.empty(status=204)


def _text(request: Request) -> str:
    text = json_body(request).get("text")
    if not isinstance(text, str):
        raise ApiError(400, "'text' must be a string")
    return text


def _note_number(note_id: str) -> int:
    number = whole_number(note_id)
    if number is None:
        raise ApiError(404, f"no note {note_id[:40]}")
    return number
