"""Rasa's NLG endpoint: POST /nlg renders a response in the conversation's language.

Rasa sends {"response", "arguments", "tracker", "channel"}; the language is the
tracker's `language` slot, the values are the slots overlaid by the arguments an
action passed (e.g. `intents` for the clarification buttons). A request of the
wrong shape gets a 4xx that names what is wrong; only Rasa may call (the action
server's token check, bot/actions_server.py, covers this route too).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, Tuple

from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.nlg.catalogue import Catalogue, UnfitValue, UnknownResponse
from bot.text_input import InvalidMessage, json_object, typed_field

logger = logging.getLogger(__name__)

MAX_NAME_CHARS = 128
# Templates say {reference} for whichever of these the buyer gave.
REFERENCE_SLOTS = ("order_id", "tracking_number")


def checked_request(body: Dict[str, Any]) -> Tuple[str, str | None, Dict[str, Any]]:
    """(response name, language, values) of an NLG request, or InvalidMessage."""
    name = body.get("response")
    if not isinstance(name, str) or not name or len(name) > MAX_NAME_CHARS:
        raise InvalidMessage(f"'response' must be a response name of at most {MAX_NAME_CHARS} characters")
    arguments = typed_field(body, "arguments", dict) or {}
    tracker = typed_field(body, "tracker", dict) or {}
    slots = typed_field(tracker, "slots", dict, "tracker.") or {}
    language = slots.get("language")
    if language is not None and not isinstance(language, str):
        raise InvalidMessage("'tracker.slots.language' must be a language code")
    values = {**slots, **{k: v for k, v in arguments.items() if v is not None}}
    values.setdefault("reference", _reference(tracker, slots))
    return name, language, values


def _reference(tracker: Dict[str, Any], slots: Dict[str, Any]) -> Any:
    """The order or tracking number the buyer just gave, else the one the conversation holds."""
    latest = typed_field(tracker, "latest_message", dict, "tracker.") or {}
    for entity in typed_field(latest, "entities", list, "tracker.latest_message.") or []:
        if isinstance(entity, dict) and entity.get("entity") in REFERENCE_SLOTS and entity.get("value"):
            return entity["value"]
    return next((slots[name] for name in REFERENCE_SLOTS if slots.get(name)), None)


def nlg_blueprint(responses_dir: Path) -> Blueprint:
    blueprint = Blueprint("kefu_nlg")

    @blueprint.listener("before_server_start")
    async def load_catalogue(app: Sanic, _loop) -> None:
        app.ctx.catalogue = Catalogue.from_dir(responses_dir)
        logger.info("Loaded reply templates for %s", ", ".join(app.ctx.catalogue.languages))

    @blueprint.post("/nlg")
    async def render(request: Request) -> HTTPResponse:
        try:
            name, language, values = checked_request(json_object(request.body or b""))
            message = request.app.ctx.catalogue.render(name, language, values)
        except InvalidMessage as exc:
            return json({"error": str(exc)}, status=exc.status)
        except UnknownResponse as exc:
            return json({"error": f"unknown response {exc.args[0]!r}"}, status=404)
        except UnfitValue as exc:
            return json({"error": str(exc)}, status=422)
        return json(message)

    return blueprint
