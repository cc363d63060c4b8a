"""Cleaning and checking what a buyer typed before anything else reads it."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Dict

MAX_MESSAGE_CHARS = 5000
# C0/C1 control characters except tab and newline, plus zero-width and bidi marks
# that only confuse tokenizers.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class InvalidMessage(ValueError):
    """The message can't be processed; `status` is the HTTP status to answer with."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.status = status


def clean_message(text: object, allow_empty: bool = False) -> str:
    """NFC-normalised text without control characters, or InvalidMessage.

    allow_empty: the message carries attachments (a photo needs no words).
    """
    if text is None and allow_empty:
        return ""
    if not isinstance(text, str):
        raise InvalidMessage("'message' must be a string")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidMessage(
            f"message is {len(text)} characters long; the limit is {MAX_MESSAGE_CHARS}", status=413
        )
    cleaned = CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not cleaned and not allow_empty:
        raise InvalidMessage("message is empty")
    return cleaned


def json_object(body: bytes) -> Dict[str, Any]:
    """The request body as a JSON object, or InvalidMessage saying what is wrong with it."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidMessage("request body is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise InvalidMessage(f"request body is not valid JSON: {exc.msg}") from exc
    if not isinstance(payload, dict):
        raise InvalidMessage("request body must be a JSON object")
    return payload
