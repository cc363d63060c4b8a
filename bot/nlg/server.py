"""Rasa's NLG endpoint: POST /nlg renders a response in the conversation's language.

Rasa sends {"response", "arguments", "tracker", "channel"}; the language is the
tracker's `language` slot, the values are the slots overlaid by the arguments an
action passed (e.g. `intents` for the clarification buttons).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.nlg.catalogue import Catalogue, UnknownResponse

logger = logging.getLogger(__name__)


def nlg_blueprint(responses_dir: Path) -> Blueprint:
    blueprint = Blueprint("kefu_nlg")

    @blueprint.listener("before_server_start")
    async def load_catalogue(app: Sanic, _loop) -> None:
        app.ctx.catalogue = Catalogue.from_dir(responses_dir)
        logger.info("Loaded reply templates for %s", ", ".join(app.ctx.catalogue.languages))

    @blueprint.post("/nlg")
    async def render(request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else None
        if body is None or not isinstance(body.get("response"), str):
            return json({"error": "expected a JSON object with a 'response' name"}, status=400)
        tracker = body.get("tracker") or {}
        slots = tracker.get("slots") or {}
        arguments = body.get("arguments") or {}
        values = {**slots, **{k: v for k, v in arguments.items() if v is not None}}
        try:
            message = request.app.ctx.catalogue.render(body["response"], slots.get("language"), values)
        except UnknownResponse:
            return json({"error": f"unknown response {body['response']!r}"}, status=404)
        return json(message)

    return blueprint
