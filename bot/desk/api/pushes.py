"""Marketplace push: POST /channels/<marketplace>/push, a signed wake-up for that
marketplace's poll (bot.channels.push). It answers at once: the poll runs in the
background through the adapter's cursor, so nothing is ingested from the push itself."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.push import PushRefused
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import answer, failure, obj

pushes = Blueprint("desk_pushes")


@pushes.post("/channels/<marketplace:str>/push")
@documented(
    "A marketplace's push (Shopee, Lazada): verified, it makes the desk poll that marketplace now",
    security=[{"marketplacePush": []}],
    body=obj([], description="the marketplace's notice, as it sends it"),
    responses={
        204: answer(None, "Taken (a chat notice wakes the poll; others are ignored)"),
        400: failure("Not a JSON object"),
        401: failure("Missing or wrong signature (Authorization)"),
        404: failure("Push is off for this marketplace (KEFU_<MARKETPLACE>_PUSH)"),
    },
)
async def marketplace_push(request: Request, marketplace: str) -> HTTPResponse:
    check = request.app.ctx.pushes.get(marketplace)
    if check is None:
        raise ApiError(404, f"no push is taken for {marketplace!r} (KEFU_SHOPEE_PUSH, KEFU_LAZADA_PUSH)")
    try:
        notice = check.read(request.headers.get("Authorization"), request.url, request.body or b"")
    except PushRefused as exc:
        raise ApiError(exc.status, str(exc)) from None
    if check.about_chats(notice):
        request.app.ctx.nudges[marketplace].wake()
    # Shopee wants a 2xx with an empty body; any other notice is taken and ignored (no retries).
    return response.empty(204)
