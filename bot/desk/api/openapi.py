"""The OpenAPI 3 document of the desk's HTTP API, served at GET /api/openapi.json and
built from the routes the app really serves. Each handler carries its own operation
(`documented(...)`, next to the code it describes); what the routes already know is
added here rather than written twice: the paths and their parameters, and from
`signed_in` which routes need a session (with the 401/403/503 answers that brings).
A handler without `documented` (the console's pages) is not part of the API.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Mapping

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.desk.api.schemas import SCHEMAS, SECURITY_SCHEMES, answer, failure
from bot.desk.api.sessions import signed_in

AUTH_ERRORS = {
    "401": "Not signed in (no, bad, expired or logged-out token)",
    "403": "The agent's role or tier does not allow it",
    "503": "Redis (the queue) is unavailable; try again shortly",
}
CONVERSATION_ERRORS = {"404": "No such conversation", "409": "The conversation's state does not allow it"}


def documented(
    summary: str,
    *,
    responses: Mapping[int, dict],
    body: dict | None = None,
    params: Iterable[dict] = (),
    security: list | None = None,
    body_media: str = "application/json",
):
    """The route's OpenAPI operation; `security` only where it differs from the agent session."""

    def mark(handler):
        handler.kefu_openapi = {
            "summary": summary,
            "responses": {str(status): value for status, value in responses.items()},
            "parameters": list(params),
            "security": security,
            "requestBody": None
            if body is None
            else {"required": True, "content": {body_media: {"schema": body}}},
        }
        return handler

    return mark


def openapi_path(sanic_path: str) -> str:
    """api/conversations/<conversation_id:str> -> /api/conversations/{conversation_id}"""
    return "/" + re.sub(r"<([^:>]+)(:[^>]+)?>", r"{\1}", sanic_path.lstrip("/"))


def _operation(route, handler) -> Dict[str, Any]:
    declared = handler.kefu_openapi
    operation = {key: value for key, value in declared.items() if value is not None}
    parameters = [
        {"name": param.name, "in": "path", "required": True, "schema": {"type": "string"}}
        for param in route.params.values()
    ] + declared["parameters"]
    operation["parameters"] = parameters
    responses = dict(declared["responses"])
    if getattr(handler, "kefu_auth", None):
        errors = dict(AUTH_ERRORS)
        if any(p["name"] == "conversation_id" for p in parameters):
            errors.update(CONVERSATION_ERRORS)
        for status, description in errors.items():
            responses.setdefault(status, failure(description))
    elif declared["security"] is None:
        operation["security"] = []  # no agent session needed
    operation["responses"] = dict(sorted(responses.items()))
    if not parameters:
        del operation["parameters"]
    return operation


def openapi_document(app: Sanic, server_url: str = "http://127.0.0.1:8000") -> Dict[str, Any]:
    paths: Dict[str, Dict[str, Any]] = {}
    for route in app.router.routes:
        if not hasattr(route.handler, "kefu_openapi"):
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(openapi_path(route.path), {})[method.lower()] = _operation(route, route.handler)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kefu desk",
            "version": "1",
            "description": "Escalated buyer chats, tiers and SLAs, human takeover, and the buyer channels.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": SCHEMAS, "securitySchemes": SECURITY_SCHEMES},
    }


docs = Blueprint("desk_docs", url_prefix="/api")


@docs.get("/openapi.json")
@documented("This document", responses={200: answer({"type": "object"})})
@signed_in(desk=False)
async def openapi_json(request: Request) -> HTTPResponse:
    return response.json(openapi_document(request.app, request.app.ctx.settings.desk_url))
