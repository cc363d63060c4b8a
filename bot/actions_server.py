"""The action server (rasa_sdk, package `actions`) with the NLG endpoint beside it.

One process serves both: actions and templates change together, and buyers'
replies then need no extra network hop. Only Rasa may call either: every route
but /health wants KEFU_ACTIONS_TOKEN in a header (endpoints.yml sends it), as
actions read and change buyers' orders for whoever posts a tracker.
"""

from __future__ import annotations

import logging

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.action_call import MAX_CALL_BYTES, parse_action_call
from bot.frozen_heap import freeze_loaded
from bot.nlg.server import nlg_blueprint
from bot.sanic_accept import tolerate_bad_accept_headers
from bot.settings import Settings
from bot.shared_secret import ACTIONS_TOKEN_HEADER, secret_matches
from bot.text_input import InvalidMessage

logger = logging.getLogger(__name__)

OPEN_PATHS = ("/health",)


def _refusal(request: Request, token: str) -> HTTPResponse | None:
    if request.path in OPEN_PATHS:
        return None
    given = request.headers.get(ACTIONS_TOKEN_HEADER)
    if given is None:
        return response.json({"error": f"{ACTIONS_TOKEN_HEADER} is missing"}, status=401)
    if not secret_matches(given, token):
        return response.json({"error": f"wrong {ACTIONS_TOKEN_HEADER}"}, status=403)
    if request.path == "/webhook" and request.method == "POST":
        try:
            # rasa_sdk reads request.json: it gets this checked parse instead of its own.
            # Sanic 21.12 leaves parsed_json unannotated, so mypy takes it for always None.
            request.parsed_json = parse_action_call(  # type: ignore[assignment]
                request.body or b"", request.headers.get("Content-Encoding")
            )
        except InvalidMessage as exc:
            return response.json({"error": str(exc)}, status=exc.status)
    return None


def create_action_app(settings: Settings) -> Sanic:
    tolerate_bad_accept_headers()
    app = create_app("actions", cors_origins=[])
    app.config.REQUEST_MAX_SIZE = MAX_CALL_BYTES
    app.blueprint(nlg_blueprint(settings.responses_dir))

    @app.on_request
    async def only_rasa(request: Request) -> HTTPResponse | None:
        return _refusal(request, settings.actions_token)

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        # rasa_sdk's own handler answers with the exception text and the whole
        # request body: a tracker full of a buyer's data.
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            logger.error("%s %s failed", request.method, request.path, exc_info=exception)
            return response.json({"error": "internal error; see the action server's log"}, status=500)
        return response.json({"error": str(exception)}, status=status)

    return app


def serve(settings: Settings) -> None:
    app = create_action_app(settings)
    freeze_loaded(app)
    app.run(settings.actions_host, settings.actions_port, workers=1, access_log=False)
