"""Automatic assignment (seller/desk.yml `auto_assign: {max_chats: N}`; off by default): a
chat waiting in a queue goes to an agent who is online and not away (presence.py), may take
its tier, and holds fewer than N chats — the one holding fewest, so work spreads — as if
they had claimed it themselves (the bot pauses, the buyer's first-reply clock runs on).

Waiting chats are handed out soonest deadline first, as often as the SLA sweep runs.
Supervisors are left out: they watch the queues rather than work them (they still claim by
hand). A chat an agent passed to a queue is not handed back to them: they passed it on because
someone else should answer (when nobody else may take it, it waits for a claim).

One desk replica hands out at a time (a Redis key held for the round; the others skip that
round): two at once would both count an agent at N-1 and each give them one more. The queue's
atomic claim still gives each chat to one agent whoever claims it.
"""

from __future__ import annotations

import logging
from typing import List

from bot.desk import owned_keys, presence
from bot.desk.auth import ROLE_TIERS
from bot.desk.context import DeskContext
from bot.desk.errors import Conflict
from bot.desk.queue import PREFIX
from bot.desk.records import AgentView
from bot.desk.team_load import held_by_agent, passed_to_queue_by
from bot.seller.routing import TIERS

logger = logging.getLogger(__name__)

ASSIGNABLE_ROLES = ("tier1", "tier2", "tier3")
# Held by the replica handing out now; expires if it dies mid-round (a round takes well under a second).
ROUND_KEY = f"{PREFIX}auto-assign:round"
ROUND_SECONDS = 30
# What the agent's console says of a chat given to them ("<by> passed you a chat: <note>").
BY = "Auto-assign"
NOTE = "you were online with room for one more"


async def assign_waiting(desk: DeskContext, claim) -> int:
    """Hand out waiting chats; how many were given. `claim(agent, conversation)`: the agents'
    own claim (agent_commands.py)."""
    if desk.config.auto_assign_max_chats <= 0:
        return 0
    async with owned_keys.held_if_free(desk.queue, ROUND_KEY, ROUND_SECONDS) as mine:
        return await _hand_out(desk, claim) if mine else 0


async def _hand_out(desk: DeskContext, claim) -> int:
    limit = desk.config.auto_assign_max_chats
    waiting = [
        item for tier in await desk.queue.snapshot(TIERS, desk.clock()) for item in tier["conversations"]
    ]
    if not waiting:
        return 0
    ready = await _ready_agents(desk)
    if not ready:
        return 0
    held = await desk.db(held_by_agent, desk.journal.engine)
    passer = await desk.db(passed_to_queue_by, desk.journal.engine, [i["conversation_id"] for i in waiting])
    given = 0
    for item in sorted(waiting, key=lambda i: i["sla_deadline"]):
        able = [
            a
            for a in ready
            if ROLE_TIERS[a.role] >= item["tier"]
            and held.get(a.id, 0) < limit
            and a.id != passer.get(item["conversation_id"])
        ]
        if not able or item.get("claimed_by"):
            continue
        agent = min(able, key=lambda a: (held.get(a.id, 0), a.username))
        conversation = await desk.db(desk.journal.conversation, item["conversation_id"])
        if conversation is None or conversation.status != "queued":
            continue
        try:
            await claim(agent, conversation)
        except Conflict:
            continue  # an agent (or another desk) took it meanwhile
        held[agent.id] = held.get(agent.id, 0) + 1
        given += 1
        logger.info("conversation %s assigned to %s", conversation.id, agent.username)
        # Told as a colleague's transfer is: the agent's console flashes it and lists it as theirs.
        await desk.queue.publish_quietly(
            {
                "type": "transfer",
                "conversation_id": conversation.id,
                "tier": conversation.tier,
                "agent_id": agent.id,
                "to_agent": agent.username,
                "by": BY,
                "note": NOTE,
            }
        )
    return given


async def _ready_agents(desk: DeskContext) -> List[AgentView]:
    """Agents with a console open now who did not say they are away."""
    now = desk.clock()
    marks = await presence.read(desk.queue)
    return [
        agent
        for agent in await desk.db(desk.journal.agents)
        if agent.active and agent.role in ASSIGNABLE_ROLES and marks.state(agent.id, now) == "online"
    ]
