"""The shapes of the trainer API's answers and requests, for GET /api/openapi.json."""

from __future__ import annotations

from bot.desk.api.schemas import INT, STR, obj

NUMBER = {"type": "number"}
ANY = {"type": "object"}
GROUP = obj(
    ["key", "text", "count", "written", "reasons", "messages", "trained_as", "labelled"],
    key=STR,
    text=STR,
    count={**INT, "description": "the period's buyer messages with these words the bot was unsure of"},
    written={**INT, "description": "every buyer message with these words in the period, understood or not"},
    reasons={"type": "object", "additionalProperties": INT},
    suggested_intent={"type": "string", "nullable": True},
    suggested_by={
        "type": "string",
        "enum": ["agent", "model"],
        "nullable": True,
        "description": "agent: an agent marked what the buyer meant; model: only the bot's own guess",
    },
    last_at={"type": "string", "format": "date-time", "nullable": True},
    messages={"type": "array", "items": ANY},
    trained_as={"type": "array", "items": obj(["intent", "file"], intent=STR, file=STR)},
    # A label given before: the group is back because a model loaded since still misreads it.
    labelled={**obj(["intent", "by", "at"], intent=STR, by=STR, at=STR), "nullable": True},
)
LABEL = obj(["language", "text", "intent"], language=STR, text=STR, intent=STR, replace={"type": "boolean"})
GIVEN = obj(
    ["language", "key", "text", "intent", "by", "at"],
    language=STR,
    key=STR,
    text=STR,
    intent=STR,
    by=STR,
    at=STR,
)
UNDONE = obj(
    ["language", "key", "text", "intent", "labelled_by", "labelled_at", "undone_by", "undone_at"],
    language=STR,
    key=STR,
    text=STR,
    intent=STR,
    labelled_by=STR,
    labelled_at=STR,
    undone_by=STR,
    undone_at=STR,
)
