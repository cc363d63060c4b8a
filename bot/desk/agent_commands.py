"""What an agent does to a conversation: claim, reply, hand back, resolve, tag, note, look up orders.

Each command checks the agent may do it (bot.desk.auth) and that the conversation
is in a state that allows it, and raises NotAllowed or Conflict otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import List

from bot.commerce.views import BuyerRef
from bot.desk.auth import can_close, holds
from bot.desk.context import DeskContext
from bot.desk.errors import BotUnavailable, Conflict, NotAllowed
from bot.desk.outbox import Outbox
from bot.desk.queue import QueueUnavailable
from bot.desk.rasa_client import RasaUnavailable
from bot.desk.records import AgentView, Author, ConversationView, MessageView, NoteView, Outgoing
from bot.text_input import clean_message

logger = logging.getLogger(__name__)


class AgentCommands:
    def __init__(self, desk: DeskContext, outbox: Outbox):
        self.desk = desk
        self.outbox = outbox

    async def claim(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        desk = self.desk
        if holds(agent, conversation):
            return conversation
        if conversation.status == "assigned":
            raise Conflict(f"already claimed by {conversation.agent_username}")
        if conversation.status != "queued":
            raise Conflict("this conversation is not waiting in a queue")
        won, holder = await desk.queue.claim(conversation.id, agent.username)
        if not won:
            raise Conflict(f"already claimed by {holder}")
        claimed = await desk.db(desk.journal.mark_assigned, conversation.id, agent.id, desk.clock())
        if claimed is None:
            await desk.queue.release(conversation.id, agent.username)
            now = await desk.db(desk.journal.conversation, conversation.id)
            if now is not None and now.status == "assigned":
                raise Conflict(f"already claimed by {now.agent_username}")
            raise Conflict("this conversation is no longer waiting in a queue")
        try:
            await desk.rasa.pause(claimed.sender_id)
            await desk.db(desk.journal.set_bot_paused, claimed.id, True)
            claimed = replace(claimed, bot_paused=True)
        except RasaUnavailable as exc:
            # The desk keeps the bot quiet itself, and pauses Rasa with the buyer's next message.
            logger.warning("conversation %s claimed but Rasa not paused yet: %s", claimed.id, exc)
        await desk.queue.publish_quietly({"type": "queue"})
        return claimed

    async def reply(self, agent: AgentView, conversation: ConversationView, text: object) -> MessageView:
        if not holds(agent, conversation):
            raise NotAllowed("claim the conversation before replying")
        text = clean_message(text)
        item = Outgoing.from_agent(agent, text, conversation.language)
        [message] = await self.outbox.tell(conversation, [item])
        await self.outbox.publish_message(conversation, message)
        return message

    async def handback(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        if not can_close(agent, conversation):
            raise NotAllowed("only the agent holding the conversation (or a supervisor) can hand it back")
        if conversation.status not in ("queued", "assigned"):
            raise Conflict("the bot already has this conversation")
        await self._resume_bot(conversation)
        desk = self.desk
        back = await desk.db(desk.journal.mark_handback, conversation.id, agent.id, desk.clock())
        if back is None:
            raise Conflict("the conversation changed meanwhile; reload it")
        await self._forget(conversation.id)
        return back

    async def resolve(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        """Close the chat, give it back to the bot and ask the buyer for a 1-5 rating."""
        desk = self.desk
        if not can_close(agent, conversation):
            raise NotAllowed("only the agent holding the conversation (or a supervisor) can resolve it")
        if conversation.status == "resolved":
            raise Conflict("the conversation is already resolved")
        await self._resume_bot(conversation)
        resolved = await desk.db(desk.journal.mark_resolved, conversation.id, agent.id, desk.clock())
        if resolved is None:
            raise Conflict("the conversation changed meanwhile; reload it")
        await self._forget(conversation.id)
        question = Outgoing(desk.render("utter_desk_csat", resolved.language), Author.SYSTEM)
        await self.outbox.tell(resolved, [question])
        return resolved

    async def set_tags(self, agent: AgentView, conversation: ConversationView, tags: List[str]):
        return await self.desk.db(self.desk.journal.set_tags, conversation.id, tags, agent.id)

    async def add_note(self, agent: AgentView, conversation: ConversationView, text: str) -> NoteView:
        desk = self.desk
        return await desk.db(desk.journal.add_note, conversation.id, agent.id, text, desk.clock())

    async def orders(self, conversation: ConversationView) -> list:
        """The buyer's latest orders, for the console's side panel (none without a commerce store)."""
        if self.desk.commerce is None:
            return []
        buyer = BuyerRef(conversation.marketplace, conversation.buyer_id)
        return await asyncio.to_thread(self.desk.commerce.latest_orders, buyer)

    async def _resume_bot(self, conversation: ConversationView) -> None:
        try:
            await self.desk.rasa.fresh_session(conversation.sender_id)
        except RasaUnavailable as exc:
            if not conversation.bot_paused:
                return  # the desk never got Rasa to pause, so there is nothing to undo
            raise BotUnavailable(
                "the bot (Rasa) is not reachable, so it cannot take the chat back; "
                "the conversation stays as it is, try again in a moment"
            ) from exc

    async def _forget(self, conversation_id: str) -> None:
        """Take a conversation the agents are done with out of the Redis queue."""
        try:
            await self.desk.queue.remove(conversation_id)
            await self.desk.queue.publish({"type": "queue"})
        except QueueUnavailable as exc:
            logger.warning("conversation %s left in Redis: %s", conversation_id, exc)
