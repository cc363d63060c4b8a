"""GET /api/orders/lookup: an agent finds an order by its number or a tracking number,
whoever bought it (bot/commerce/staff_lookup.py) — for a web-chat visitor who is not signed
in, or a buyer writing from another account. With the chat's id, the answer says whether it
is this chat's buyer's order, so the console can warn the agent to check who they are talking
to before saying more. Every lookup is logged with the agent and the chat, not the order, and
counted per agent (rate_limits.ORDER_LOOKUPS in ORDER_LOOKUP_WINDOW_SECONDS, on every desk
replica): more is a 429 with Retry-After, so nobody can walk through every buyer's orders."""

from __future__ import annotations

import asyncio
import logging

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.commerce.staff_lookup import find_order_for_staff
from bot.desk.api.agents import order_summary
from bot.desk.api.errors import ApiError
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import BOOL, STR, answer, failure, obj, query, ref
from bot.desk.api.sessions import hub_of, signed_in, visible_conversation

logger = logging.getLogger(__name__)

MAX_REFERENCE_CHARS = 64

order_lookup = Blueprint("desk_order_lookup", url_prefix="/api")


@order_lookup.get("/orders/lookup")
@documented(
    "An order by its number or a tracking number, whoever bought it; with conversation_id, "
    "whether it is that chat's buyer's (this_buyer)",
    params=[query("reference", required=True), query("conversation_id")],
    responses={
        200: answer(
            obj(
                ["order", "marketplace", "buyer_id"],
                order=ref("OrderSummary"),
                marketplace=STR,
                buyer_id=STR,
                this_buyer={**BOOL, "nullable": True, "description": "null without conversation_id"},
            )
        ),
        400: failure("No reference, or one too long"),
        404: failure("No order has that number or tracking number"),
        429: failure("Too many lookups by this agent: wait the Retry-After header's seconds"),
        503: failure("No order data on this desk, or Redis down (the lookup cannot be counted)"),
    },
)
@signed_in()
async def lookup(request: Request) -> HTTPResponse:
    reference = (request.args.get("reference") or "").strip()
    if not reference or len(reference) > MAX_REFERENCE_CHARS:
        raise ApiError(
            400, f"'reference' must be an order or tracking number (1-{MAX_REFERENCE_CHARS} characters)"
        )
    hub = hub_of(request)
    if hub.commerce is None:
        raise ApiError(503, "this desk has no order data")
    conversation_id = request.args.get("conversation_id")
    conversation = await visible_conversation(request, conversation_id) if conversation_id else None
    await request.app.ctx.limits.order_lookup(request.ctx.agent.id)
    found = await asyncio.to_thread(find_order_for_staff, hub.commerce, reference)
    logger.info(
        "agent %s looked up an order%s: %s",
        request.ctx.agent.username,
        f" in conversation {conversation.id}" if conversation else "",
        "found" if found else "none",
    )
    if found is None:
        raise ApiError(404, "no order has that number or tracking number")
    this_buyer = None
    if conversation is not None:
        this_buyer = (found.marketplace, found.buyer_id) == (conversation.marketplace, conversation.buyer_id)
    return response.json(
        {
            "order": order_summary(found.order),
            "marketplace": found.marketplace,
            "buyer_id": found.buyer_id,
            "this_buyer": this_buyer,
        }
    )
