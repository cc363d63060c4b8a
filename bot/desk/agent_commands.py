"""What an agent does to a conversation: claim, reply, hand back, resolve, reopen, transfer, tag, note,
look up orders.

Each command checks the agent may do it (bot.desk.auth) and that the conversation
is in a state that allows it, and raises NotAllowed or Conflict otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta
from typing import Any, List

from bot.commerce.views import BuyerRef
from bot.desk.annotations import MAX_NOTE_CHARS
from bot.desk.auth import ROLE_TIERS, can_close, holds, works_the_desk
from bot.desk.context import DeskContext, queue_entry
from bot.desk.errors import BotUnavailable, Conflict, NotAllowed
from bot.desk.outbox import Outbox
from bot.desk.queue import QueueUnavailable
from bot.desk.rasa_client import RasaUnavailable
from bot.desk.records import AgentView, Author, ConversationView, MessageView, NoteView, Outgoing
from bot.desk.templates import unfilled_placeholder
from bot.seller.routing import TIERS
from bot.text_input import InvalidMessage, clean_message

logger = logging.getLogger(__name__)

# An agent waits for the template list: the bot's state is asked for this long at most.
TRACKER_SECONDS = 2.0
# What the buyer is told when an agent hands the chat back to the bot (a catalogue text).
HANDBACK_TEXT = "agent_handback"


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
        try:
            claimed = await desk.db(desk.journal.mark_assigned, conversation.id, agent.id, desk.clock())
        except Exception:
            # The journal did not take the claim (the database is down): the chat goes back in
            # its queue as it was, or it would sit claimed in Redis and in no queue, unseen.
            item = await desk.queue.item(conversation.id)
            await desk.queue.enqueue(queue_entry(conversation, item.get("last_message")))
            raise
        if claimed is None:
            await desk.queue.release(conversation.id, agent.username)
            now = await desk.db(desk.journal.conversation, conversation.id)
            if now is not None and now.status == "assigned":
                raise Conflict(f"already claimed by {now.agent_username}")
            raise Conflict("this conversation is no longer waiting in a queue")
        claimed = await self._pause_bot(claimed)
        await desk.queue.publish_quietly({"type": "queue"})
        return claimed

    async def reply(self, agent: AgentView, conversation: ConversationView, text: object) -> MessageView:
        if not holds(agent, conversation):
            raise NotAllowed("claim the conversation before replying")
        text = clean_message(text)
        # The console stops this too; a reply sent another way must not reach the buyer with
        # "refund {refund_amount} made on {processed_date}".
        blank = unfilled_placeholder(text)
        if blank is not None:
            raise InvalidMessage(f"fill in {blank} before sending: it is a template's blank")
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
        await self._say_the_assistant_is_back(back)
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

    async def reopen(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        """A resolved chat back in the hands of the agent who resolved it (or of a supervisor,
        or of any agent who may see a chat the bot closed): the bot pauses as on a claim, and
        the buyer hears nothing until the agent writes (reopening.py says when it may be)."""
        desk = self.desk
        if not (agent.role == "supervisor" or conversation.agent_id in (None, agent.id)):
            raise NotAllowed("only the agent who resolved it (or a supervisor) can reopen it")
        now = desk.clock()
        since = now - timedelta(hours=desk.config.csat_window_hours)
        reopened = await desk.db(desk.journal.mark_reopened, conversation.id, agent.id, since, now)
        reopened = await self._pause_bot(reopened)
        await desk.queue.publish_quietly({"type": "queue"})
        return reopened

    async def transfer(
        self,
        agent: AgentView,
        conversation: ConversationView,
        note: str,
        to_tier: int | None = None,
        to_username: str | None = None,
    ) -> ConversationView:
        """Pass a chat on with a note: to a colleague (who holds it from now on) or to a
        tier's queue (due by that tier's target); the note stays on the conversation."""
        desk = self.desk
        if not can_close(agent, conversation):
            raise NotAllowed("only the agent holding the conversation (or a supervisor) can transfer it")
        if conversation.status not in ("queued", "assigned"):
            raise Conflict("only a conversation waiting for or held by an agent can be transferred")
        note = (note or "").strip()
        if not note or len(note) > MAX_NOTE_CHARS:
            raise InvalidMessage(f"a transfer needs a note of 1 to {MAX_NOTE_CHARS} characters")
        if (to_tier is None) == (to_username is None):
            raise InvalidMessage("transfer to either a tier or an agent")
        target = None
        if to_username is not None:
            found = await desk.db(desk.journal.agent_credentials, to_username)
            target = found[0] if found else None
            if target is None or not target.active or not works_the_desk(target):
                raise InvalidMessage(f"no agent {to_username} working the desk")
            if target.id == conversation.agent_id:
                raise Conflict(f"{to_username} already holds this conversation")
            to_tier = max(conversation.tier or 1, 1)
            if ROLE_TIERS[target.role] < to_tier:
                raise InvalidMessage(f"{to_username} ({target.role}) does not work tier {to_tier}")
        elif to_tier not in TIERS:
            raise InvalidMessage(f"the tier must be one of {TIERS}")
        assert to_tier is not None
        now = desk.clock()
        deadline = None if target else desk.config.deadline(now, to_tier, conversation.opened_from)
        moved = await desk.db(
            desk.journal.mark_transferred,
            conversation.id,
            agent.id,
            conversation.agent_id,
            to_tier,
            target.id if target else None,
            deadline,
            note,
            now,
        )
        if moved is None:
            raise Conflict("the conversation changed meanwhile; reload it")
        try:
            if target is None:
                last = await desk.db(desk.journal.last_buyer_text, moved.id)
                await desk.queue.enqueue(replace(queue_entry(moved, last), note=note))
            else:
                await desk.queue.claim(moved.id, conversation.agent_username or agent.username)
                await desk.queue.hand_to(moved.id, target.username)
            await desk.queue.publish({"type": "queue"})
        except QueueUnavailable as exc:
            desk.redis_ok = False  # the journal has it; the Redis watcher rebuilds the queue
            logger.warning("conversation %s transferred in the journal only: %s", moved.id, exc)
        await desk.queue.publish_quietly(
            {
                "type": "transfer",
                "conversation_id": moved.id,
                "tier": moved.tier,
                "agent_id": moved.agent_id,
                "to_agent": target.username if target else None,
                "by": agent.username,
                "note": note,
            }
        )
        return moved

    async def set_tags(self, agent: AgentView, conversation: ConversationView, tags: List[str]):
        return await self.desk.db(self.desk.journal.set_tags, conversation.id, tags, agent.id)

    async def add_note(self, agent: AgentView, conversation: ConversationView, text: str) -> NoteView:
        desk = self.desk
        return await desk.db(desk.journal.add_note, conversation.id, agent.id, text, desk.clock())

    async def change_note(
        self, agent: AgentView, conversation: ConversationView, note_id: int, text: str | None
    ) -> NoteView | None:
        """A note corrected (text) or deleted (None) by its author, or by a supervisor."""
        desk = self.desk
        supervisor = agent.role == "supervisor"
        change = desk.journal.change_note
        return await desk.db(change, conversation.id, note_id, agent.id, supervisor, text, desk.clock())

    async def orders(self, conversation: ConversationView) -> list:
        """The buyer's latest orders, for the console's side panel (none without a commerce store)."""
        if self.desk.commerce is None:
            return []
        buyer = BuyerRef(conversation.marketplace, conversation.buyer_id)
        return await asyncio.to_thread(self.desk.commerce.latest_orders, buyer)

    async def order_discussed(self, conversation: ConversationView) -> Any:
        """The order the bot and the buyer are on (the conversation's order_id), else the
        buyer's newest: what an agent's reply template fills its placeholders from."""
        orders = await self.orders(conversation)
        try:
            state = await self.desk.rasa.tracker(conversation.sender_id, timeout=TRACKER_SECONDS)
            slots = state.get("slots")
        except RasaUnavailable:
            slots = None  # the newest order is a fair guess; the agent sees the values filled in
        named = str((slots or {}).get("order_id") or "")
        if named and self.desk.commerce is not None and not any(o.order_number == named for o in orders):
            buyer = BuyerRef(conversation.marketplace, conversation.buyer_id)
            found = await asyncio.to_thread(self.desk.commerce.order_for_buyer, buyer, named)
            orders = [found, *orders] if found is not None else orders
        return next((o for o in orders if o.order_number == named), orders[0] if orders else None)

    async def _pause_bot(self, held: ConversationView) -> ConversationView:
        """Rasa paused for a chat a person now holds, and the journal told so."""
        try:
            await self.desk.rasa.pause(held.sender_id)
            await self.desk.db(self.desk.journal.set_bot_paused, held.id, True)
            return replace(held, bot_paused=True)
        except RasaUnavailable as exc:
            # The desk keeps the bot quiet itself, and pauses Rasa with the buyer's next message.
            logger.warning("conversation %s held but Rasa not paused yet: %s", held.id, exc)
            return held

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

    async def _say_the_assistant_is_back(self, conversation: ConversationView) -> None:
        """The buyer hears, in their language, that the assistant has the chat again (the
        console's hand-back text): it was silent, and their next message got the bot's answer
        with no word that the person had gone. Not twice, if the agent's last words were that."""
        desk = self.desk
        text = desk.render(HANDBACK_TEXT, conversation.language)
        messages = await desk.db(desk.journal.messages, conversation.id)
        last_reply = next((m for m in reversed(messages) if m.direction == "out"), None)
        if last_reply is not None and last_reply.text.strip() == text.strip():
            return
        await self.outbox.tell(conversation, [Outgoing(text, Author.SYSTEM, language=conversation.language)])

    async def _forget(self, conversation_id: str) -> None:
        """Take a conversation the agents are done with out of the Redis queue."""
        try:
            await self.desk.queue.remove(conversation_id)
            await self.desk.queue.publish({"type": "queue"})
        except QueueUnavailable as exc:
            logger.warning("conversation %s left in Redis: %s", conversation_id, exc)
