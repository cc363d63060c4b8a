"""The NLG endpoint: POST /nlg renders a response in the conversation's language.

Rasa itself renders in-process (bot/nlg/generator.py); this endpoint gives
other callers the same rendering (bot/nlg/request.py). A caller sends Rasa's
NLG body {"response", "arguments", "tracker", "channel"}; the language is the
tracker's `language` slot, the values are the slots overlaid by the arguments
(e.g. `intents` for the clarification buttons). A request of the wrong shape
gets a 4xx that names what is wrong; only holders of the actions token may call
(the action server's token check, bot/actions_server.py, covers this route too).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.nlg.catalogue import Catalogue, UnfitValue, UnknownResponse
from bot.nlg.request import render_request
from bot.text_input import InvalidMessage, json_object

logger = logging.getLogger(__name__)


def nlg_blueprint(responses_dir: Path) -> Blueprint:
    blueprint = Blueprint("kefu_nlg")

    @blueprint.listener("before_server_start")
    async def load_catalogue(app: Sanic, _loop) -> None:
        app.ctx.catalogue = Catalogue.from_dir(responses_dir)
        logger.info("Loaded reply templates for %s", ", ".join(app.ctx.catalogue.languages))

    @blueprint.post("/nlg")
    async def render(request: Request) -> HTTPResponse:
        try:
            message = render_request(request.app.ctx.catalogue, json_object(request.body or b""))
        except InvalidMessage as exc:
            return json({"error": str(exc)}, status=exc.status)
        except UnknownResponse as exc:
            return json({"error": f"unknown response {exc.args[0]!r}"}, status=404)
        except UnfitValue as exc:
            return json({"error": str(exc)}, status=422)
        return json(message)

    return blueprint
