"""Live updates for the console: GET /api/events, server-sent events fed by the queue's
subscription, so every desk replica's changes reach every agent's page. The stream
ends when its session does: logged out, the password changed, or the account disabled (checked
every SESSION_CHECK_SECONDS, as the stream outlives the request's own check)."""

from __future__ import annotations

import json
import logging
import time

from sanic import Blueprint
from sanic.request import Request

from bot.desk import auth, presence
from bot.desk.api.openapi import documented
from bot.desk.api.schemas import STR, answer
from bot.desk.api.sessions import hub_of, session_still_valid, signed_in
from bot.desk.queue import QueueUnavailable
from bot.desk.queue_tags import tagged_queues
from bot.desk.records import AgentView

logger = logging.getLogger(__name__)

SSE_KEEPALIVE_SECONDS = 15.0
SESSION_CHECK_SECONDS = 5.0

live = Blueprint("desk_live", url_prefix="/api")


@live.get("/events")
@documented(
    "Live updates (server-sent events): `queue` with data {tiers} as GET /api/queues, "
    "`message` with data {conversation_id, message}, and `transfer` with data "
    "{conversation_id, tier, agent_id, to_agent, by, note}",
    responses={200: answer(STR, "An event stream", "text/event-stream")},
)
@signed_in()
async def events(request: Request):
    hub = hub_of(request)
    agent = request.ctx.agent
    tiers = auth.visible_tiers(agent)
    stream = None
    try:
        # Subscribed before the first snapshot, so nothing that happens in between is missed.
        async with hub.queue.subscribe(idle=min(SSE_KEEPALIVE_SECONDS, SESSION_CHECK_SECONDS)) as published:
            first = await hub.queue.snapshot(tiers)
            stream = await request.respond(
                content_type="text/event-stream; charset=utf-8",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
            await stream.send(_sse("queue", {"tiers": await tagged_queues(hub, first)}))
            checked = sent = time.monotonic()
            marked = await _mark_seen(hub, agent, 0.0)
            async for event in published:
                marked = await _mark_seen(hub, agent, marked)
                if time.monotonic() - checked >= SESSION_CHECK_SECONDS:
                    if not await session_still_valid(request):
                        logger.info("event stream of %s ended: the session ended", agent.username)
                        break
                    checked = time.monotonic()
                if event is None:
                    if time.monotonic() - sent >= SSE_KEEPALIVE_SECONDS:
                        await stream.send(": keep-alive\n\n")
                        sent = time.monotonic()
                elif event.get("type") == "queue":
                    snapshot = await tagged_queues(hub, await hub.queue.snapshot(tiers))
                    await stream.send(_sse("queue", {"tiers": snapshot}))
                elif event.get("type") == "message" and _may_see_event(agent, event):
                    data = {"conversation_id": event["conversation_id"], "message": event["message"]}
                    await stream.send(_sse("message", data))
                elif event.get("type") == "transfer" and _may_see_event(agent, event):
                    await stream.send(_sse("transfer", {k: v for k, v in event.items() if k != "type"}))
    except (QueueUnavailable, OSError) as exc:
        if stream is None:
            raise  # nothing sent yet: the caller gets a 503
        logger.info("event stream of %s ended: %s", agent.username, exc)
    await stream.eof()


async def _mark_seen(hub, agent: AgentView, marked: float) -> float:
    """The agent has a console page open (presence.py), said every MARK_SECONDS at most; a
    Redis hiccup costs the mark, not the stream."""
    if time.monotonic() - marked < presence.MARK_SECONDS:
        return marked
    try:
        await presence.mark_seen(hub.queue, agent.id, hub.clock())
    except QueueUnavailable:
        return marked
    return time.monotonic()


def _may_see_event(agent: AgentView, event: dict) -> bool:
    if agent.role == "supervisor" or event.get("agent_id") == agent.id:
        return True
    tier = event.get("tier")
    return tier is None or tier <= auth.ROLE_TIERS.get(agent.role, 0)


def _sse(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
